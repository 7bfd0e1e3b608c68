//go:build perfcasteval

// Package eval pins perfcast's accuracy evaluation suite: real benchmarks
// from modules we did not write, at fixed versions. The imports below keep
// them in go.mod; suite.txt lists the packages whose benchmarks are run,
// holdout.txt, holdout2.txt and holdout3.txt further sets, measured to check that the model
// carries over to code its rules were not worked out on.
package eval

import (
	_ "github.com/bits-and-blooms/bitset"
	_ "github.com/cespare/xxhash/v2"
	_ "github.com/dustin/go-humanize"
	_ "github.com/emirpasic/gods/lists/arraylist"
	_ "github.com/google/btree"

	_ "github.com/Masterminds/semver/v3"
	_ "github.com/google/uuid"
	_ "github.com/hashicorp/golang-lru/v2"
	_ "github.com/shopspring/decimal"

	_ "github.com/agnivade/levenshtein"
	_ "github.com/bits-and-blooms/bloom/v3"
	_ "github.com/gammazero/deque"
	_ "github.com/huandu/skiplist"
	_ "github.com/mattn/go-runewidth"
	_ "github.com/rivo/uniseg"
	_ "github.com/spaolacci/murmur3"

	_ "github.com/OneOfOne/xxhash"
	_ "github.com/blang/semver/v4"
	_ "github.com/deckarep/golang-set/v2"
	_ "github.com/eapache/queue"
	_ "github.com/elliotchance/orderedmap/v2"
	_ "github.com/gobwas/glob"
	_ "github.com/hashicorp/go-version"
	_ "github.com/iancoleman/strcase"
	_ "github.com/oklog/ulid/v2"
	_ "github.com/rs/xid"
	_ "github.com/segmentio/ksuid"
	_ "github.com/tidwall/match"
)
