// Package mapkeys exercises the key kinds that decide gc's map operation
// (walk.mapfast) and the runtime's path through the key's hash and equal
// functions (mapKeyWork).
package mapkeys

// ID is a named integer: plain memory of 8 bytes.
type ID int64

// Wrapped is a struct of one field, which takes its field's kind.
type Wrapped struct{ s string }

// Pair is 16 bytes of plain memory: the generic path.
type Pair struct{ a, b int }

// Padded has padding, so its equality is not its memory's.
type Padded struct {
	a int32
	b int8
}

func GetInt(m map[int]int, k int) int             { return m[k] }
func GetID(m map[ID]bool, k ID) bool              { return m[k] }
func GetInt32(m map[int32]int, k int32) int       { return m[k] }
func GetPtr(m map[*int]int, k *int) int           { return m[k] }
func GetString(m map[string]int, k string) int    { return m[k] }
func GetWrapped(m map[Wrapped]int, k Wrapped) int { return m[k] }
func GetPair(m map[Pair]int, k Pair) int          { return m[k] }
func GetPadded(m map[Padded]int, k Padded) int    { return m[k] }
func GetFloat(m map[float64]int, k float64) int   { return m[k] }
func GetAny(m map[any]any, k any) any             { return m[k] }
func GetError(m map[error]int, k error) int       { return m[k] }
func GetBigElem(m map[int][200]byte, k int) byte {
	return m[k][0]
}

func PutInt(m map[int]int, k int)    { m[k] = 1 }
func PutAny(m map[any]any, k any)    { m[k] = 1 }
func PutPair(m map[Pair]int, k Pair) { m[k] = 1 }
func DelAny(m map[any]any, k any)    { delete(m, k) }

// RangeAny iterates: no key is hashed.
func RangeAny(m map[any]any) int {
	n := 0
	for range m {
		n++
	}
	return n
}
