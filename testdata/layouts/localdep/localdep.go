// Package localdep is a nested module that layouts replaces with this folder.
package localdep

// Add adds.
func Add(a, b int) int { return a + b }
