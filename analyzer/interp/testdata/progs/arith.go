package progs

var sink8 int8 = 100

func Int8Wrap() int  { x := sink8; x += 100; return int(x) }
func Uint8Wrap() int { var x uint8 = 250; x += 10; return int(x) }
func Int32Mul() int  { var x int32 = 1 << 30; x *= 5; return int(x) }
func Int64Overflow() int {
	x := int64(1 << 62)
	x *= 4
	y := int64(-1 << 63)
	y--
	return int(x) + int(y%7)
}
func DivNeg() int     { a, b := -7, 2; return a/b*100 + a%b }
func UintDiv() uint64 { var a uint64 = 1<<64 - 1; return a / 3 }
func Shifts() string {
	var s []int
	x := 1
	for _, k := range []uint{0, 1, 63, 64, 100} {
		s = append(s, x<<k)
	}
	y := -16
	for _, k := range []int{1, 3, 70} {
		s = append(s, y>>k)
	}
	var u uint32 = 0xF0000000
	s = append(s, int(u>>28), int(u<<4), int(int8(-128)>>7))
	return join(s)
}
func BitOps() int { a, b := 0b1100, 0b1010; return (a & b) | (a^b)<<8 | (a&^b)<<16 | (^a&0xff)<<24 }
func FloatConv() string {
	f := 3.99
	g := -3.99
	var h float32 = 16777217 // rounds
	i := int64(1<<53 + 1)
	return itoa(int(f)) + " " + itoa(int(g)) + " " + itoa(int(h)) + " " + itoa(int(float64(i))-(1<<53))
}
func FloatOps() float64 { x := 0.1; y := 0.2; return x*3 + y/7 - 1e-3 }
func Float32Ops() float64 {
	var a float32 = 1.0 / 3.0
	return float64(a * 3)
}
func UintConv() string {
	x := -1
	return itoa(int(uint8(x))) + " " + itoa(int(uint16(x))) + " " + itoa(int(int8(200+x))) + " " + itoa(int(uint32(big40+5)))
}
func Complex() float64 {
	c := complex(1, 2)
	d := c * c
	e := complex64(d) / 2
	return real(d)*10 + imag(d) + float64(real(e))
}
func MinMax() string {
	return itoa(min(3, 1, 2)) + itoa(max(3, 7, 2)) + min("b", "a", "c") + max("b", "a")
}
func Consts() int {
	const big = 1 << 40
	var u8 uint8 = 255
	return big>>30 + int(u8) + int('a')
}

type Celsius float64

func NamedFloat() float64 { c := Celsius(36.6); c *= 2; return float64(c) }

var big40 = 1 << 40
