package testing

import (
	"os"
	"runtime"
	"time"
)

// Memory mode.
//
// When the plugin asks for it (NX_GO_BENCH_MODE=memory), a benchmark is
// not timed in rounds but its allocations are counted: the runtime's
// counts of allocated objects and bytes are exact, not sampled, and
// collections do not change them. Its function is called once uncounted,
// then memCalls times with n iterations and as often with twice as many,
// the two lengths taking turns; the plugin takes a longer call's
// allocations less a shorter one's, over n, as those of one iteration, so
// that what a call allocates whatever its iterations cancels out. Last
// calls of one iteration measure the peak heap: the bytes allocated from
// the call's first StartTimer to its end, setup and what StopTimer
// excludes included, which is the most the call would hold at once if
// nothing were freed.
//
// n is memIters where the benchmark's wall-time budget (benchMaxTime) has
// room for it, at the pace of the uncounted call, and as many as fit, one
// at least, where it has not; out of budget, the calls stop after a pair
// of lengths, and the peak calls after one. Either way the benchmark is
// marked cut.
//
// The runtime's counts are the whole process's, and the runtime allocates
// for itself now and then: about 5 KB when it starts a thread; 16 bytes,
// seen in two calls in a row on a loaded machine. What else allocates
// only adds, so of the calls of one kind the least counts, and the two
// lengths take turns so that a spell of such allocations does not fall on
// every call of one length.

// benchMemory reports whether this binary counts allocations.
var benchMemory = os.Getenv("NX_GO_BENCH_MODE") == "memory"

// memIters is the iteration count of the shorter counted calls where the
// budget allows.
const memIters = 100

// memCalls is how many counted calls of each length are made, and how
// many calls of one iteration measure the peak heap.
const memCalls = 3

// memPeakCall is set during a call that measures the peak heap;
// memPeakFrom holds the bytes allocated at its first StartTimer, once
// memPeakSet, and memPeakTo those at its end.
var (
	memPeakCall bool
	memPeakFrom uint64
	memPeakSet  bool
	memPeakTo   uint64
)

// A memPlan counts a benchmark's allocations, its counted calls becoming
// the rounds of its record, and sets its peak heap.
type memPlan struct {
	s        *roundRun
	began    time.Time
	warm     bool    // whether the uncounted call has run
	calls    []int64 // iterations of the counted calls still to make
	peaks    int     // peak calls made
	peaked   bool    // whether a peak call measured the peak heap
}

func (p *memPlan) start(*B) int64 {
	// Heap profile samples are recorded off the heap, but their buckets
	// are looked up by walking stacks: nothing to gain in counting them.
	runtime.MemProfileRate = 0
	benchPeakHeap = 0
	p.began = time.Now()
	p.s = &roundRun{}
	return 1
}

func (p *memPlan) next(_ *B, r benchRound) int64 {
	spent := benchMaxTime > 0 && time.Since(p.began) >= benchMaxTime
	switch {
	case !p.warm:
		p.warm = true
		p.calls = p.callsFor(callWall)
	case memPeakCall:
		memPeakCall = false
		p.peaks++
		if memPeakSet && memPeakTo >= memPeakFrom {
			if h := memPeakTo - memPeakFrom; !p.peaked || h < benchPeakHeap {
				benchPeakHeap, p.peaked = h, true
			}
		}
		if p.peaks == memCalls || spent && p.peaked {
			p.s.cut = p.s.cut || p.peaks < memCalls
			return 0
		}
	default:
		p.s.add(r)
		if spent && len(p.s.rounds)%2 == 0 && len(p.calls) > 0 {
			p.s.cut = true
			p.calls = nil
		}
	}
	if len(p.calls) > 0 {
		n := p.calls[0]
		p.calls = p.calls[1:]
		return n
	}
	memPeakCall, memPeakSet = true, false
	return 1
}

// callsFor plans the counted calls, given that the uncounted call of one
// iteration took warm.
func (p *memPlan) callsFor(warm time.Duration) []int64 {
	n := int64(memIters)
	if left := benchMaxTime - time.Since(p.began); benchMaxTime > 0 && warm > 0 {
		// Three calls of n and three of 2n, then three peak calls of one.
		if fit := (int64(left/warm) - memCalls) / (3 * memCalls); fit < n {
			n = max(fit, 1)
			p.s.cut = true
		}
	}
	p.s.p = roundPolicy{count: int(3 * memCalls * n), rounds: 2 * memCalls}
	calls := make([]int64, 0, 2*memCalls)
	for i := 0; i < 2*memCalls; i++ {
		calls = append(calls, int64(1+i%2)*n)
	}
	return calls
}

func (p *memPlan) measured() *roundRun { return p.s }

// benchPeakHeap is the peak heap of the latest benchmark measured in
// memory mode, in bytes, for its record.
var benchPeakHeap uint64

// memEnded notes, at the end of a call that measures the peak heap, the
// bytes allocated so far: before anything of the plugin's allocates.
func memEnded() {
	if memPeakCall {
		runtime.ReadMemStats(&memStats)
		memPeakTo = memStats.TotalAlloc
	}
}

// memStarted notes, in the call that measures the peak heap, the bytes
// allocated at the first start of the timer: StartTimer has just read them.
func memStarted(b *B) {
	if memPeakCall && !memPeakSet && b.timerOn {
		memPeakFrom, memPeakSet = memStats.TotalAlloc, true
	}
}
