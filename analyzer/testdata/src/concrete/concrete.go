// Package concrete passes interface arguments of types the caller knows
// (concrete.go).
package concrete

// Stepper has two implementations of different cost.
type Stepper interface{ Step(x int) int }

type slow struct{}

// Step multiplies three times.
func (slow) Step(x int) int { return x * x * x * x }

type fast struct{}

// Step adds.
func (fast) Step(x int) int { return x + 1 }

type box[T any] struct{ v T }

// Step multiplies once.
func (b *box[T]) Step(x int) int { return x * 131 }

// NewSlow returns a slow Stepper.
func NewSlow() Stepper { return slow{} }

// newBox returns the concrete box.
func newBox[T any]() *box[T] { return &box[T]{} }

// NewBox returns a box as a Stepper (a generic constructor).
func NewBox[T any]() Stepper {
	b := newBox[T]()
	return b
}

func run(s Stepper, x int) int { return s.Step(x) }

// twice passes its Stepper on.
func twice(s Stepper, x int) int { return run(s, x) + run(s, x+1) }

// UseSlow passes a value it converts itself.
func UseSlow(x int) int { return run(slow{}, x) }

// UseFast passes the other type.
func UseFast(x int) int { return run(fast{}, x) }

// UseNewSlow passes a constructor's result.
func UseNewSlow(x int) int { return twice(NewSlow(), x) }

// UseBox passes a generic constructor's result.
func UseBox(x int) int { return run(NewBox[string](), x) }

// UseAny passes what it was given: the average of the targets.
func UseAny(s Stepper, x int) int { return run(s, x) }
