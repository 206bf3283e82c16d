//go:build go1.26

package testing

import (
	"runtime"
	"sync"
)

// B.Loop in rounds.
//
// go test runs a B.Loop benchmark function once per -count and lets B.Loop
// ramp up inside that call, so setup before the loop runs once. The rounds
// of such a benchmark are chunks of that same loop: the generated overlay
// renames stopOrScaleBLoop, which B.Loop calls whenever it has run the
// iterations it was asked for, and the method below decides on the next
// chunk instead. The timer is stopped between chunks, so the bookkeeping is
// not measured.

// loopBenchTime returns the benchTime a B.Loop benchmark runs with during
// round measurement: no fixed count, so that B.Loop calls stopOrScaleBLoop
// after every chunk, even for -benchtime=Nx.
func loopBenchTime(int) durationOrCountFlag {
	return durationOrCountFlag{}
}

// A loopRun is the round measurement of one B.Loop benchmark in progress.
type loopRun struct {
	*roundRun
	seen benchRound // totals of b.N, duration and allocations at the last chunk
	from int64      // when the latest chunk started, in runnerTime
}

// loopStarted is when the first chunk of the latest B.Loop started, in
// runnerTime.
var loopStarted int64

// loopSlowPath opens the benchmark's profiling window before the loop's
// first iteration, which can be part of the first round (see take), then
// runs the standard method, loopSlowPathStd.
//
// It must not be inlined: B.Loop, which is inlined into benchmark
// functions, calls it, and would grow too large to be.
//
//go:noinline
func (b *B) loopSlowPath() bool {
	if b.loop.n == 0 && benchRecordDir != "" && b.name != "" {
		b.openWindow()
		loopStarted = markTime()
	}
	return b.loopSlowPathStd()
}

var (
	loopRunsMu sync.Mutex
	loopRuns   = map[*B]*loopRun{}
)

// stopOrScaleBLoop ends a chunk of B.Loop iterations and starts the next,
// or reports that the benchmark is measured.
func (b *B) stopOrScaleBLoop() bool {
	if benchRecordDir == "" || b.name == "" {
		return b.stopOrScaleBLoopStd()
	}
	b.StopTimer()
	end := markTime()
	loopRunsMu.Lock()
	l := loopRuns[b]
	if l == nil {
		l = &loopRun{from: loopStarted}
		loopRuns[b] = l
	}
	loopRunsMu.Unlock()
	now := benchRound{n: int64(b.loop.n), ns: b.duration.Nanoseconds(), allocs: b.netAllocs, bytes: b.netBytes}
	chunk := benchRound{n: now.n - l.seen.n, ns: now.ns - l.seen.ns, allocs: now.allocs - l.seen.allocs, bytes: now.bytes - l.seen.bytes, goal: memStats.NextGC, from: l.from, to: end}
	l.seen = now
	var n int64
	if l.roundRun == nil {
		l.roundRun, n = newRoundRun(roundPolicyFor(benchTime), chunk, true)
	} else {
		n = l.next(chunk)
	}
	markRounds(l.roundRun)
	if n == 0 {
		return false
	}
	b.loop.n += uint64(n)
	// As between b.N rounds, collect only when the loop has filled the heap.
	if !heapSettled() {
		runtime.GC()
	}
	l.from = markTime()
	b.StartTimer()
	return true
}

// takeLoopRun returns the finished round measurement of b if b's benchmark
// function used B.Loop, and forgets it.
func takeLoopRun(b *B) *roundRun {
	loopRunsMu.Lock()
	defer loopRunsMu.Unlock()
	l := loopRuns[b]
	delete(loopRuns, b)
	if l == nil {
		return nil
	}
	return l.roundRun
}
