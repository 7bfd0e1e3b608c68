// Command selfprint prints the sha256 of the manifest embedded in itself, as
// read by embedding.Self: the end-to-end test checks it against the input.
package main

import (
	"crypto/sha256"
	"fmt"
	"os"

	"github.com/perfcast/perfcast/manifest/embedding"
)

func main() {
	m, err := embedding.Self()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%x\n", sha256.Sum256(m))
}
