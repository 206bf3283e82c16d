//go:build !linux || !(amd64 || arm64)

package testing

// gettid stands for the thread where valgrind cannot run: one thread.
func gettid() int32 {
	return 0
}
