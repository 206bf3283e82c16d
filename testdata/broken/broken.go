// Package broken does not compile, on purpose: the executor must report the
// compiler's error and fail.
package broken

// Answer returns a string where an int is declared.
func Answer() int { return "forty-two" }
