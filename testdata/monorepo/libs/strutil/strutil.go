// Package strutil has string helpers. It has tests but no benchmarks, so it
// gets no bench target; its dependents are benchmarked when it changes.
package strutil

import "strings"

// Shout upper-cases s and adds an exclamation mark.
func Shout(s string) string { return strings.ToUpper(s) + "!" }
