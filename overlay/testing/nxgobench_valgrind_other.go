//go:build !amd64 && !arm64

package testing

// Valgrind runs Go programs on amd64 and arm64 only: elsewhere a request
// always gets its default.
func valgrindRequest(args *[6]uintptr, def uintptr) uintptr {
	return def
}
