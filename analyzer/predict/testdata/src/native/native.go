// Package native has benchmarks whose time is in std code the interpreter
// runs natively.
package native
