module github.com/perfcast/perfcast/eval

go 1.26

require (
	github.com/Masterminds/semver/v3 v3.5.0
	github.com/OneOfOne/xxhash v1.2.8
	github.com/agnivade/levenshtein v1.2.2
	github.com/bits-and-blooms/bitset v1.29.0
	github.com/bits-and-blooms/bloom/v3 v3.7.1
	github.com/blang/semver/v4 v4.0.0
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/deckarep/golang-set/v2 v2.9.0
	github.com/dustin/go-humanize v1.1.0
	github.com/eapache/queue v1.1.0
	github.com/elliotchance/orderedmap/v2 v2.2.0
	github.com/emirpasic/gods v1.18.1
	github.com/gammazero/deque v1.2.3
	github.com/gobwas/glob v1.1.0
	github.com/google/btree v1.1.3
	github.com/google/uuid v1.6.0
	github.com/hashicorp/go-version v1.9.0
	github.com/hashicorp/golang-lru/v2 v2.0.7
	github.com/huandu/skiplist v1.2.1
	github.com/iancoleman/strcase v0.3.0
	github.com/mattn/go-runewidth v0.0.31
	github.com/oklog/ulid/v2 v2.1.2
	github.com/rivo/uniseg v0.4.7
	github.com/rs/xid v1.6.0
	github.com/segmentio/ksuid v1.0.4
	github.com/shopspring/decimal v1.6.0
	github.com/spaolacci/murmur3 v1.1.0
	github.com/tidwall/match v1.2.0
)

require (
	github.com/clipperhouse/uax29/v2 v2.2.0 // indirect
	go.mongodb.org/mongo-driver v1.17.4 // indirect
)
