// Package broken does not type-check: the analyzer must report and skip it.
package broken

func Bad() int { return "not an int" }
