package testing

// RunParallel in rounds.
//
// The generated overlay renames the standard RunParallel to runParallelStd;
// the method below notes each call, so that the round policy can tell a
// parallel benchmark from the first chunks it runs.

// ranParallel reports whether the benchmark function called RunParallel
// during the latest runN.
var ranParallel bool

// RunParallel notes the call for round measurement and runs body in
// parallel goroutines with the standard method, runParallelStd.
//
// It must not be inlined: the standard method is too large to be, and a
// benchmark function that inlined this one would change size and move all
// code after it.
//
//go:noinline
func (b *B) RunParallel(body func(*PB)) {
	ranParallel = true
	b.runParallelStd(body)
}
