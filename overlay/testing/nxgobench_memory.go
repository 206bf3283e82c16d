package testing

import (
	"os"
	"runtime"
)

// Memory mode.
//
// When the plugin asks for it (NX_GO_BENCH_MODE=memory), a benchmark is
// not timed in rounds but its allocations are counted: the runtime's
// counts of allocated objects and bytes are exact, not sampled. Its
// function is called once uncounted, then twice with memIters iterations
// and twice with twice as many; the plugin takes a longer call's
// allocations less a shorter one's, over memIters, as those of one
// iteration, so that what a call allocates whatever its iterations
// cancels out. A last call of one iteration measures the peak heap: the
// plugin runs the binary with GOGC=off, so that nothing is freed during a
// call, and the heap at its end less the heap at its first StartTimer is
// the most it held at once, setup and what StopTimer excludes included.

// benchMemory reports whether this binary counts allocations.
var benchMemory = os.Getenv("NX_GO_BENCH_MODE") == "memory"

// memIters is the iteration count of the first counted call.
const memIters = 100

// memPeakCall is set during the call that measures the peak heap;
// memPeakFrom holds the bytes allocated at its first StartTimer, once
// memPeakSet.
var (
	memPeakCall bool
	memPeakFrom uint64
	memPeakSet  bool
)

// countMemory counts b's allocations, returns its four counted calls as
// rounds for its record, and sets b's peak heap.
func (b *B) countMemory() *roundRun {
	// Heap profile samples are recorded off the heap, but their buckets
	// are looked up by walking stacks: nothing to gain in counting them.
	runtime.MemProfileRate = 0
	b.runN(memIters)
	if b.Failed() {
		return nil
	}
	s := &roundRun{p: roundPolicy{count: 6 * memIters, rounds: 4}}
	for _, n := range []int{memIters, memIters, 2 * memIters, 2 * memIters} {
		b.runN(n)
		if b.Failed() {
			return nil
		}
		s.add(b.lastRound())
	}
	memPeakCall, memPeakSet = true, false
	b.runN(1)
	memPeakCall = false
	runtime.ReadMemStats(&memStats)
	if memPeakSet && memStats.TotalAlloc >= memPeakFrom {
		benchPeakHeap = memStats.TotalAlloc - memPeakFrom
	}
	if b.Failed() {
		return nil
	}
	return s
}

// benchPeakHeap is the peak heap of the latest benchmark measured in
// memory mode, in bytes, for its record.
var benchPeakHeap uint64

// memStarted notes, in the call that measures the peak heap, the bytes
// allocated at the first start of the timer: StartTimer has just read them.
func memStarted(b *B) {
	if memPeakCall && !memPeakSet && b.timerOn {
		memPeakFrom, memPeakSet = memStats.TotalAlloc, true
	}
}
