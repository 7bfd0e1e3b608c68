package work

import "testing"

// BenchmarkPush is the dependency's own benchmark: not asked for when
// moddeps is predicted.
func BenchmarkPush(b *testing.B) {
	var l *Node
	for i := 0; i < b.N; i++ {
		l = Push(l, i)
	}
}
