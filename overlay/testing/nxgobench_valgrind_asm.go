//go:build amd64 || arm64

package testing

// valgrindRequest makes a client request with args: the request code, then
// up to five arguments. It returns valgrind's answer, or def when the
// program does not run under valgrind.
//
//go:noescape
func valgrindRequest(args *[6]uintptr, def uintptr) uintptr
