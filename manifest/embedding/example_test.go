package embedding_test

import (
	"log"
	"net/http"

	"github.com/perfcast/perfcast/manifest/embedding"
)

// A program whose package main holds the files perfcast embed generated can
// serve its own manifest, so that a platform can ask a running service what
// it costs. Self reads the executable once and caches the bytes.
func ExampleSelf() {
	http.HandleFunc("GET /debug/perfcast", func(w http.ResponseWriter, r *http.Request) {
		m, err := embedding.Self()
		if err != nil {
			// The binary was built without perfcast embed.
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(m)
	})
	log.Fatal(http.ListenAndServe("localhost:6060", nil))
}

// Read returns the verified manifest of any Go binary, whatever system it
// was built for; the error says what is wrong in one line.
func ExampleRead() {
	m, err := embedding.Read("/bin/ls")
	if err != nil {
		log.Print(err) // /bin/ls: no perfcast manifest (was `perfcast embed` run before the build?)
		return
	}
	log.Printf("%d-byte manifest", len(m))
}
