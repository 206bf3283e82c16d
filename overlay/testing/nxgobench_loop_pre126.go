//go:build !go1.26

package testing

// Before Go 1.26 the overlay leaves B.Loop's ramp-up alone, and every round
// of a B.Loop benchmark is a call of the benchmark function.

// loopBenchTime returns the benchTime a B.Loop benchmark runs with during
// round measurement: a fixed count of n, so that each call of the function
// runs exactly the n iterations of its round.
func loopBenchTime(n int) durationOrCountFlag {
	return durationOrCountFlag{n: n}
}

// takeLoopRun reports no B.Loop rounds: each round was a call of its own.
func takeLoopRun(*B) *roundRun {
	return nil
}
