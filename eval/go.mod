module github.com/perfcast/perfcast/eval

go 1.26

require (
	github.com/bits-and-blooms/bitset v1.29.0
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/dustin/go-humanize v1.1.0
	github.com/emirpasic/gods v1.18.1
	github.com/google/btree v1.1.3
)
