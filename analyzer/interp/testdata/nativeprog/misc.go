package nativeprog

import (
	"bufio"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc64"
	"html"
	"math"
	"math/big"
	"math/bits"
	"net/netip"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Paths matches globs and joins paths.
func Paths() string {
	m1, err := path.Match("a/*/c?.go", "a/bb/c1.go")
	m2, _ := filepath.Match("*.txt", "x.go")
	return fmt.Sprint(m1, err, m2, path.Join("a", "../b", "c/"), filepath.Base("/x/y.tar.gz"), filepath.Ext("y.tar.gz"), path.Clean("a//b/./c/.."))
}

// Netip parses addresses (native structs with methods).
func Netip() string {
	a, err := netip.ParseAddr("192.168.1.10")
	p := netip.MustParsePrefix("192.168.0.0/16")
	b := a.Next()
	return fmt.Sprint(a, err, p.Contains(a), b, a.Is4(), a.Less(b), p.Bits())
}

// Escapes escapes and encodes.
func Escapes() string {
	return fmt.Sprint(html.EscapeString("<a href='x'>&</a>"), url.PathEscape("a b/c"), base32.StdEncoding.EncodeToString([]byte("hi!")),
		utf16.Encode([]rune("a😀")), strings.EqualFold("Go", "GO"))
}

// Numbers uses math, bits and strconv.
func Numbers() string {
	f, err := strconv.ParseFloat("1e-3", 64)
	buf := binary.AppendUvarint(nil, 300)
	v, n := binary.Uvarint(buf)
	return fmt.Sprint(f, err, bits.LeadingZeros32(1), bits.Reverse8(1), math.Float64frombits(0x3ff0000000000000), math.MaxInt64, v, n, strconv.FormatFloat(math.Pi, 'g', 5, 64), math.Round(-2.5), math.Trunc(2.7))
}

// Sums uses hash functions with tables and fixed-size results.
func Sums() string {
	data := []byte("The quick brown fox")
	t := crc64.MakeTable(crc64.ECMA)
	s1 := sha1.Sum(data)
	return fmt.Sprintf("%x %x %d %d", md5.Sum(data), s1[:3], crc64.Checksum(data, t), adler32.Checksum(data))
}

// Durations parses durations and dates.
func Durations() string {
	d, err := time.ParseDuration("1h15m30.5s")
	t, err2 := time.Parse("2006-01-02 15:04", "2024-02-29 13:45")
	return fmt.Sprint(d, err, d.Round(time.Minute), t.YearDay(), t.Format(time.Kitchen), err2, t.Truncate(24*time.Hour).Unix())
}

// BigMath uses big.Rat and big.Float.
func BigMath() string {
	r := big.NewRat(1, 3)
	r.Add(r, big.NewRat(1, 6))
	f := new(big.Float).SetPrec(100).SetFloat64(2)
	f.Sqrt(f)
	return r.String() + " " + f.Text('g', 20)
}

// RuneReader reads runes through bufio.
func RuneReader() string {
	br := bufio.NewReader(strings.NewReader("añb"))
	var out []string
	for {
		r, size, err := br.ReadRune()
		if err != nil {
			out = append(out, err.Error())
			break
		}
		out = append(out, fmt.Sprintf("%c%d", r, size))
	}
	return strings.Join(out, ",")
}
