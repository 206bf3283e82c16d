// Package layouts exercises the module layouts the benchmark executor must
// handle: a replaced local module (also vendored by the tests), package
// main, an external test package, a directory whose name ends in .go, and
// build-tag-gated benchmarks.
package layouts

import "example.com/localdep"

// Twice doubles through the local dependency.
func Twice(x int) int { return localdep.Add(x, x) }
