// Package fresh grows a buffer on demand: the growth is amortized on a
// long-lived buffer and certain on one the caller has just made.
package fresh

// Buf is a growable byte buffer.
type Buf struct{ b []byte }

// Grow makes room for n more bytes: a capacity check on a field.
func (x *Buf) Grow(n int) {
	if cap(x.b)-len(x.b) < n {
		x.grow(n)
	}
}

func (x *Buf) grow(n int) {
	nb := make([]byte, len(x.b), 2*cap(x.b)+n)
	copy(nb, x.b)
	x.b = nb
}

// Set is a lazily allocated table.
type Set struct{ words []uint64 }

// Add allocates the table on first use.
func (s *Set) Add(i int) {
	if s.words == nil {
		s.words = make([]uint64, 16)
	}
	s.words[i%16] |= 1 << (i % 64)
}

// Reused grows the caller's buffer: amortized, nothing per call, but
// the growth is recorded for callers that pass a new buffer.
func Reused(x *Buf, n int) { x.Grow(n) }

// Fresh grows a buffer it has just made: one allocation of n bytes.
func Fresh(n int) int {
	var x Buf
	x.Grow(n)
	return len(x.b)
}

// Twice grows its new buffer twice: the first call allocates for sure,
// the second is amortized.
func Twice(n int) int {
	var x Buf
	x.Grow(n)
	x.Grow(n)
	return cap(x.b)
}

// Through passes its new buffer to Reused, which passes the growth on.
func Through(n int) int {
	x := new(Buf)
	Reused(x, n)
	return len(x.b)
}

// Table adds to a new set: the lazy table is allocated.
func Table(i int) int {
	var s Set
	s.Add(i)
	return len(s.words)
}

// Text appends to a field: amortized on a long-lived Text.
type Text struct{ buf []byte }

// WriteString appends s to the buffer.
func (t *Text) WriteString(s string) { t.buf = append(t.buf, s...) }

// Hello writes to a new Text: its first append allocates len(s) bytes.
func Hello(s string) int {
	var t Text
	t.WriteString(s)
	return len(t.buf)
}

// Signed writes a sign on one path and the digits on every path: either
// call can be the new Text's first use, but only one of them is, so its
// first append allocates once.
func Signed(s string, neg bool) int {
	var t Text
	if neg {
		t.WriteString("-")
	}
	t.WriteString(s)
	return len(t.buf)
}

// Pad is a buffer whose capacity check sits in a helper that reports
// whether the bytes fit, as bytes.Buffer's tryGrowByReslice does.
type Pad struct{ buf []byte }

// tryGrow extends the buffer by n bytes when its capacity allows.
func (p *Pad) tryGrow(n int) (int, bool) {
	if l := len(p.buf); n <= cap(p.buf)-l {
		p.buf = p.buf[:l+n]
		return l, true
	}
	return 0, false
}

// grow reallocates for n more bytes.
func (p *Pad) grow(n int) int {
	l := len(p.buf)
	nb := make([]byte, l+n, 2*cap(p.buf)+n)
	copy(nb, p.buf)
	p.buf = nb
	return l
}

// Write grows only when tryGrow reports no room: amortized on a
// long-lived Pad, certain on a new one.
func (p *Pad) Write(s string) {
	m, ok := p.tryGrow(len(s))
	if !ok {
		m = p.grow(len(s))
	}
	copy(p.buf[m:], s)
}

// PadTwice writes twice to a new Pad: the first write allocates.
func PadTwice(s string) int {
	var p Pad
	p.Write(s)
	p.Write(s)
	return len(p.buf)
}

// Bits makes its words on first use and grows them to twice what is
// needed later.
type Bits struct {
	length int
	set    []uint64
}

func (b *Bits) extend(n int) {
	if b.set == nil {
		b.set = make([]uint64, n)
	} else if cap(b.set) >= n {
		b.set = b.set[:n]
	} else if len(b.set) < n {
		ns := make([]uint64, n, 2*n)
		copy(ns, b.set)
		b.set = ns
	}
	b.length = n
}

// Expand extends a new set: its words are made, not grown.
func Expand(n int) int {
	var b Bits
	b.extend(n)
	return len(b.set)
}
