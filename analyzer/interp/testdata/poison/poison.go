// Package poison imports a package whose initializer is refused.
package poison

import (
	"github.com/perfcast/perfcast/analyzer/interp/testdata/poison/bad"
	"github.com/perfcast/perfcast/analyzer/interp/testdata/poison/good"
)

func UsesGood() int { return good.Sum() }

func UsesBad() int { return bad.F() }
