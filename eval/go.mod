module github.com/perfcast/perfcast/eval

go 1.26

require (
	github.com/Masterminds/semver/v3 v3.5.0
	github.com/bits-and-blooms/bitset v1.29.0
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/dustin/go-humanize v1.1.0
	github.com/emirpasic/gods v1.18.1
	github.com/google/btree v1.1.3
	github.com/google/uuid v1.6.0
	github.com/hashicorp/golang-lru/v2 v2.0.7
	github.com/shopspring/decimal v1.6.0
)
