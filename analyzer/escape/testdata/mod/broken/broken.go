// Package broken does not compile: Compile must report it and go on.
package broken

func F() int { return "not an int" }
