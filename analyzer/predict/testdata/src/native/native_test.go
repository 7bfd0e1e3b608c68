package native

import (
	"hash/crc64"
	"hash/fnv"
	"strconv"
	"testing"
)

// BenchmarkFnv hashes n bytes through the hash.Hash64 interface.
func BenchmarkFnv(b *testing.B) {
	for _, n := range []int{64, 4096} {
		data := make([]byte, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			h := fnv.New64()
			for i := 0; i < b.N; i++ {
				h.Write(data)
				h.Reset()
			}
		})
	}
}

var table = crc64.MakeTable(crc64.ISO)

// BenchmarkCRC64 checksums n bytes with a direct call.
func BenchmarkCRC64(b *testing.B) {
	for _, n := range []int{64, 4096} {
		data := make([]byte, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				crc64.Checksum(data, table)
			}
		})
	}
}
