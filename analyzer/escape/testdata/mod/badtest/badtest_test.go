package badtest

import "testing"

func TestTwice(t *testing.T) {
	var s string = Twice(2) // a type error in the test only
	_ = s
}
