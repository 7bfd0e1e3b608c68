package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Summary is the inclusive cost of one call of a function, expressed over the
// function's own parameters (variables "n", "len(s)", "len(r.Items)") and its
// own unknown loop bounds and recursion depths. It is computed from the
// function's body and its callees' summaries only (DESIGN.md contract 1), so
// it can travel between packages as a go/analysis Fact: every field is a
// sorted slice and gob encodes it deterministically (expressions encode as
// their canonical text).
type Summary struct {
	Name       string    // ssa name of the function: "strings.Index", "(*bytes.Buffer).Write"
	Params     []string  // parameter names in order, receiver first; "" for unnamed or unusable ones
	CPU        []OpCount // operation counts per call, sorted by Class, zero counts omitted
	AllocCount expr.Expr // heap objects allocated per call
	AllocBytes expr.Expr // heap bytes per call, rounded to size classes where the size is constant
	// RetainOut is the part of AllocBytes per call that stays reachable
	// after the call, stored into memory its parameters or globals reach
	// (a node linked into a list); RetainHeld adds what stays reachable
	// from the function's own objects across the iterations of a loop (a
	// benchmark's structure across b.N). See retain.go.
	RetainOut, RetainHeld expr.Expr
	// NewKey is the part of AllocCount, AllocBytes and RetainOut the call
	// makes only when it inserts a key its structure does not hold yet
	// (steady.go); nil when none.
	NewKey *KeyedCost `json:",omitempty"`
	// Searches is set when the function looks its key up in a structure
	// (a map lookup or a three-way comparison of a parameter-dependent
	// key, or a call of such a function given one): its found flag or
	// node says whether the key is there (steady.go).
	Searches bool `json:",omitempty"`
	// Found is the part of the costs the call incurs only when it finds
	// its key (a removal's unlinking and rebalancing; steady.go); nil
	// when none.
	Found      *KeyedCost          `json:",omitempty"`
	IO         []IOCost            // sorted by Kind
	Vars       []manifest.Var      // variables the expressions use, sorted by Name
	Callees    []string            // direct callees (static and resolved dynamic targets), sorted
	Confidence manifest.Confidence // exact, bounded or estimated
	Notes      []string            // why the confidence is what it is, sorted
	NoReturn   bool                `json:",omitempty"` // every path panics or exits: callers treat the call as cold
	// Pure is set when the body has no effect but its results and the
	// writes through the pointer parameters PureWrites lists (indices
	// into Params): gc removes an inlined call of it whose results are
	// dropped (deadcall.go).
	Pure       bool  `json:",omitempty"`
	PureWrites []int `json:",omitempty"`
	// UntimedBytes is the heap a benchmark allocates with its timer
	// stopped (setup between b.StopTimer and b.StartTimer), per call: not
	// in AllocBytes, as go test does not measure it, but live while the
	// timed code runs; nil when the function never stops the timer.
	UntimedBytes *expr.Expr `json:",omitempty"`

	// Sizes the function computes or leaves behind (shape.go), over its
	// parameters, so that callers know the sizes of what they build:
	// Result is the value of an integer first result ((i+63)/64 for a
	// words-needed helper, "l.size" for a Len method); Shape the sizes of the
	// object its first result points to, by field ("size", "len(set)",
	// "len" for a map); Effects the expected change per call of its
	// pointer parameters' size fields ("l.size" += len(values), "l.size"
	// set to 0, "b.length" raised to at least i+1); Clobbers the size
	// fields it changes otherwise (to an unknown value, in a loop).
	// Sized is set when Effects and Clobbers are complete (a summary
	// without it, from an older table, changes any size it is given).
	Result *expr.Expr `json:",omitempty"`
	// ResultLen is the length of a slice or string first result (a Values
	// method: "l.size").
	ResultLen *expr.Expr `json:",omitempty"`
	Shape     []SizeFact `json:",omitempty"`
	Effects   []SizeFact `json:",omitempty"`
	Clobbers  []string   `json:",omitempty"`
	Sized     bool       `json:",omitempty"`
	// Captured gives, for the closures the function creates, the sizes of
	// the objects they capture as the closure sees them when created
	// ("s.length", "len(s.set)" of closure "pkg.F$1"), over the function's
	// own variables: a benchmark's b.Run closure timing what the benchmark
	// built (perfcast predict binds them).
	Captured []CapturedSize `json:",omitempty"`

	// FuncCalls are the calls the function makes through its
	// function-typed parameters (an iterator's callback, a comparator),
	// per call: their cost is not in CPU but added by each caller for the
	// function it passes (walk.go).
	FuncCalls []FuncCall `json:",omitempty"`
	// Walk is set when the function is a recursion that visits a whole
	// structure (walk.go): a caller that knows how many elements the
	// structure holds binds the recursion variable to it.
	Walk *Walk `json:",omitempty"`
	// WalkStops are the walks the function starts over a container with
	// a callback it receives: Var names the function-typed parameter,
	// Value is the container's element count the walk is bound to. A
	// caller passing a callback that always returns false (stop) has the
	// walk stop after the path to its first element (walk.go).
	WalkStops []SizeFact `json:",omitempty"`
	// InlineSites lists, for a function gc can inline, the heap
	// allocations of the body gc copies into its callers (its own and
	// those of the callees gc inlines into it), by where gc reports each
	// node, over the function's variables. gc escape-analyses the copy
	// again in each caller, so a caller keeping a result local drops the
	// sites its copy keeps on the stack (inlinedSites). Callers with the
	// body at hand analyse it again instead (inlinedCopy); the std table
	// carries the sites for the standard library, whose bodies are not.
	InlineSites []AllocSite `json:",omitempty"`
	// FreshAllocs are the allocations of the arms amortized to never
	// that test a field of a pointer parameter (capacity growth, lazy
	// initialization): taken for sure on an object the caller has just
	// made (fresh.go).
	FreshAllocs []FreshAlloc `json:",omitempty"`
}

// FuncCall is the number of calls, per call of the function, through its
// function-typed parameter Param.
type FuncCall struct {
	Param string
	Count expr.Expr
}

// Walk describes a recursion that descends into its parameter Param from
// inside a loop (the children of a tree node, visited in turn): Var, its
// recursion variable, counts the calls in the recursion tree, and PerCall,
// the iterations of such loops per call, the elements each call visits.
type Walk struct {
	Var     string
	Param   string
	PerCall expr.Expr
}

// FreshAlloc is what a call allocates beyond AllocCount and AllocBytes
// when the object its parameter Param points to is new (Summary.FreshAllocs).
type FreshAlloc struct {
	Param        string
	Count, Bytes expr.Expr
}

// AllocSite is one heap allocation of an inlinable body (Summary.InlineSites).
type AllocSite struct {
	// Pos is the node's own position as gc reports it at the end of an
	// inlining stack, file:line:col, the file relative to GOROOT/src for
	// the standard library.
	Pos string
	// Kind is gc's kind of node (analyzer/escape.Kind's spelling).
	Kind string
	// Variable is set when the size is only known at run time: a node
	// that does not escape stays on the stack only while small.
	Variable bool `json:",omitempty"`
	// Count and Bytes are the site's share of AllocCount and AllocBytes.
	Count, Bytes expr.Expr
}

// CapturedSize is one size of an object a closure captures.
type CapturedSize struct {
	Closure string // ssa name of the closure
	Var     string // the size as the closure names it
	Value   expr.Expr
}

// SizeFact is one size of Summary.Shape (a value) or Summary.Effects (a
// change per call: Value is added, or with Op "set" assigned, or with Op
// "max" a lower bound the size is raised to).
type SizeFact struct {
	Var   string
	Value expr.Expr
	Op    string `json:",omitempty"`
}

// OpCount is the number of operations of one class per call.
type OpCount struct {
	Class manifest.OpClass
	Count expr.Expr
}

// IOCost is the I/O of one kind per call.
type IOCost struct {
	Kind  manifest.IOKind
	Count expr.Expr
	Bytes expr.Expr
}

// AFact marks Summary as a go/analysis object fact.
func (*Summary) AFact() {}

// String is a one-line digest (what analysistest prints for facts).
func (s *Summary) String() string {
	return fmt.Sprintf("cost(%s, allocs=%s)", s.Confidence, s.AllocCount)
}

// Op returns the count of class c (0 when absent).
func (s *Summary) Op(c manifest.OpClass) expr.Expr {
	for _, oc := range s.CPU {
		if oc.Class == c {
			return oc.Count
		}
	}
	return expr.Expr{}
}

// Function converts the summary into its manifest entry; pos and entry are
// supplied by the caller, which knows the module root and the package.
func (s *Summary) Function(pos string, entry []manifest.EntryKind) manifest.Function {
	f := manifest.Function{
		Name:       s.Name,
		Pos:        pos,
		Entry:      entry,
		Vars:       slices.Clone(s.Vars),
		Alloc:      manifest.Alloc{Count: s.AllocCount, Bytes: s.AllocBytes},
		Callees:    slices.Clone(s.Callees),
		Confidence: s.Confidence,
		Notes:      slices.Clone(s.Notes),
	}
	if len(s.CPU) > 0 {
		f.CPU = make(map[manifest.OpClass]expr.Expr, len(s.CPU))
		for _, oc := range s.CPU {
			f.CPU[oc.Class] = oc.Count
		}
	}
	for _, io := range s.IO {
		f.IO = append(f.IO, manifest.IO{Kind: io.Kind, Count: io.Count, Bytes: io.Bytes})
	}
	return f
}

// confRank orders confidences from most to least certain.
func confRank(c manifest.Confidence) int {
	switch c {
	case manifest.Exact:
		return 0
	case manifest.Bounded:
		return 1
	}
	return 2
}

// weaker returns the less certain of a and b.
func weaker(a, b manifest.Confidence) manifest.Confidence {
	if confRank(b) > confRank(a) {
		return b
	}
	return a
}

// varDefault returns the default of the variable name in vs, and whether it
// is listed.
func varDefault(vs []manifest.Var, name string) (manifest.Var, bool) {
	i, ok := slices.BinarySearchFunc(vs, name, func(v manifest.Var, n string) int { return strings.Compare(v.Name, n) })
	if !ok {
		return manifest.Var{}, false
	}
	return vs[i], true
}
