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
// function is called once uncounted, then memCalls times with memIters
// iterations and as often with twice as many, the two lengths taking
// turns; the plugin takes a longer call's allocations less a shorter
// one's, over memIters, as those of one iteration, so that what a call
// allocates whatever its iterations cancels out. Last calls of one
// iteration measure the peak heap: the plugin runs the binary with
// GOGC=off, so that nothing is freed during a call, and the heap at its
// end less the heap at its first StartTimer is the most it held at once,
// setup and what StopTimer excludes included.
//
// The runtime's counts are the whole process's, and the runtime allocates
// for itself now and then: about 5 KB when it starts a thread; 16 bytes,
// seen in two calls in a row on a loaded machine. What else allocates
// only adds, so of the calls of one kind the least counts, and the two
// lengths take turns so that a spell of such allocations does not fall on
// every call of one length.

// benchMemory reports whether this binary counts allocations.
var benchMemory = os.Getenv("NX_GO_BENCH_MODE") == "memory"

// memIters is the iteration count of the shorter counted calls.
const memIters = 100

// memCalls is how many counted calls of each length are made, and how
// many calls of one iteration measure the peak heap.
const memCalls = 3

// memPeakCall is set during the call that measures the peak heap;
// memPeakFrom holds the bytes allocated at its first StartTimer, once
// memPeakSet.
var (
	memPeakCall bool
	memPeakFrom uint64
	memPeakSet  bool
)

// countMemory counts b's allocations, returns its counted calls as rounds
// for its record, and sets b's peak heap.
func (b *B) countMemory() *roundRun {
	// Heap profile samples are recorded off the heap, but their buckets
	// are looked up by walking stacks: nothing to gain in counting them.
	runtime.MemProfileRate = 0
	b.runN(memIters)
	if b.Failed() {
		return nil
	}
	s := &roundRun{p: roundPolicy{count: 3 * memCalls * memIters, rounds: 2 * memCalls}}
	for i := 0; i < 2*memCalls; i++ {
		b.runN((1 + i%2) * memIters)
		if b.Failed() {
			return nil
		}
		s.add(b.lastRound())
	}
	benchPeakHeap = 0
	measured := false
	for i := 0; i < memCalls; i++ {
		memPeakCall, memPeakSet = true, false
		b.runN(1)
		memPeakCall = false
		runtime.ReadMemStats(&memStats)
		if b.Failed() {
			return nil
		}
		if !memPeakSet || memStats.TotalAlloc < memPeakFrom {
			continue
		}
		if h := memStats.TotalAlloc - memPeakFrom; !measured || h < benchPeakHeap {
			benchPeakHeap, measured = h, true
		}
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
