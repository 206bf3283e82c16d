// Package weird lives in a directory whose name ends in .go.
package weird

// Echo returns s.
func Echo(s string) string { return s }
