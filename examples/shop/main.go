// Command shop is a small HTTP shop service used as perfcast's running
// example: its handlers decode and encode JSON, validate input, look up and
// sort products, hash order contents, and append orders to a log on disk.
//
// Run it with:
//
//	go run ./examples/shop -addr localhost:8080 -data /tmp/shop
package main

import (
	"flag"
	"log"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "listen `address`")
	data := flag.String("data", "shop-data", "`directory` for the order log")
	flag.Parse()

	store, err := OpenStore(*data)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	srv := &http.Server{
		Addr:              *addr,
		Handler:           NewServer(DefaultCatalog(), store).Routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("shop listening on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}
