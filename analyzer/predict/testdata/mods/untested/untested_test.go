package untested

import (
	"testing"

	"example.com/missing"
)

func TestTwice(t *testing.T) { missing.Check(t, Twice(1) == 2) }
