//go:build amd64 || arm64

package testing

// gettid returns the thread the calling goroutine runs on. It makes the
// system call itself: package syscall's Gettid is not linked into test
// binaries, and linking it would move the code of the packages before
// testing.
func gettid() int32
