package progs

func StrConcat() string {
	s := ""
	for i := 0; i < 5; i++ {
		s += itoa(i) + "-"
	}
	return s + "end"
}
func StrIndex() int    { s := "hello, 世界"; return int(s[1]) + len(s)*1000 + int(s[7]) }
func StrSlice() string { s := "abcdefgh"; return s[2:5] + s[:2] + s[6:] + s[3:3] }
func StrRange() string {
	var out []int
	for i, r := range "aé世\xffz" {
		out = append(out, i, int(r))
	}
	return join(out)
}
func BytesConv() string {
	b := []byte("hello")
	b[0] = 'j'
	b = append(b, " world"...)
	return string(b) + itoa(len(b))
}
func RunesConv() string {
	r := []rune("héllo世")
	r[1] = 'e'
	return string(r) + itoa(len(r)) + string(rune(0x4e16)) + string(rune(-1))
}
func StrCompare() string {
	var out []int
	for _, p := range [][2]string{{"a", "b"}, {"b", "a"}, {"ab", "a"}, {"", ""}} {
		x := 0
		if p[0] < p[1] {
			x = -1
		} else if p[0] > p[1] {
			x = 1
		}
		out = append(out, x)
	}
	return join(out)
}
func BytesCap() string {
	var out []int
	for _, s := range []string{"", "a", "hello world, this is 33 bytes!!!", "0123456789012345678901234567890123456789012345678"} {
		b := []byte(s)
		sinkBytes = b // escapes: the runtime's rawbyteslice rounds the cap up
		out = append(out, len(b), cap(b))
	}
	rs := []rune("héllo")
	sinkRunes = rs
	out = append(out, len(rs), cap(rs))
	str := "héllo"
	for i := range 3 {
		rs = []rune(str[i:])
		sinkRunes = rs
		out = append(out, len(rs), cap(rs))
	}
	bs := []byte("const")
	sinkBytes = bs
	out = append(out, len(bs), cap(bs))
	return join(out)
}

var sinkBytes []byte
var sinkRunes []rune
