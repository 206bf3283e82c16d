// Package ext is benchmarked from an external test package.
package ext

// Square squares x.
func Square(x int) int { return x * x }
