package testing

import (
	"os"
	"runtime"
	"strconv"
)

// Simulation mode.
//
// When the plugin asks for it (NX_GO_BENCH_MODE=simulation) and the binary
// runs under callgrind, started with instrumentation off, a benchmark is
// not timed in rounds: its function is called twice with simIters
// iterations, then twice with twice as many, each call alone instrumented
// and dumped to a file named by the benchmark's URI and the iteration
// count. Within a call, only what runs while the timer runs is counted: the
// timer methods turn callgrind's collection on and off, and ResetTimer
// zeroes the counts. The plugin reads the dumps: a longer call's
// instructions less a shorter one's, over simIters, are the instructions of
// one iteration, and what one call costs whatever its iterations (timer
// calls, setup before the loop, B.Loop's ramp) cancels out. The collection
// before the first call, and everything between calls, runs
// uninstrumented.

// benchSimulation reports whether this binary counts instructions.
var benchSimulation = os.Getenv("NX_GO_BENCH_MODE") == "simulation" && runningOnValgrind() > 0

// simRunner reports whether the callgrind this binary runs under is not
// the plugin's but CodSpeed's runner's, which started it with the whole
// command. The runner reads one dump per benchmark, named by its bare URI,
// as the cost of one iteration.
var simRunner = os.Getenv("NX_GO_BENCH_SIMULATION") == "runner"

// simIters is the iteration count of the first counted call. Instruction
// counts need no long runs: they do not vary from one call to the next.
const simIters = 100

// simCounting is the name of the dump the current call of the benchmark
// function is counted into, "" when it is not counted.
var simCounting string

// simulate measures b by instruction counts, and returns its two calls as
// rounds for its record.
func (b *B) simulate() *roundRun {
	// The heap profile samples allocations at random points, and each
	// sample walks the stack: counts would move with the draw.
	runtime.MemProfileRate = 0
	uri := b.runnerURI()
	// An uncounted call first: lazy initialisation, first-time map growth
	// and the like happen here and not in the counted calls.
	b.runN(simIters)
	if b.Failed() {
		return nil
	}
	// Each count is taken twice, and the plugin keeps the smaller: what
	// disturbs a call only adds to it. One call in a few runs counted
	// thousands of instructions more, likely the runtime preempting a
	// goroutine that has run for 10 ms, which a counted call can under
	// callgrind.
	if simRunner {
		simCounting = uri
		skipCollect = true
		b.runN(1)
		simCounting = ""
		if b.Failed() {
			return nil
		}
		s := &roundRun{p: roundPolicy{count: 1, rounds: 1}}
		s.add(b.lastRound())
		return s
	}
	s := &roundRun{p: roundPolicy{count: 6 * simIters, rounds: 4}}
	for _, n := range []int{simIters, simIters, 2 * simIters, 2 * simIters} {
		simCounting = uri + "#n=" + strconv.Itoa(n)
		// No collection before a counted call: it would shrink the
		// goroutine's stack, and the call would grow it again, copying
		// frames through the runtime's PC-value cache, whose entries are
		// replaced at random. GOGC=off keeps collections out of the call.
		skipCollect = true
		b.runN(n)
		simCounting = ""
		if b.Failed() {
			return nil
		}
		s.add(b.lastRound())
	}
	return s
}

// A simThread is a thread of the program and whether callgrind collects
// counts in it: collection belongs to a thread, and a goroutine changes
// threads when the scheduler hands its processor to another after a
// system call, which under valgrind is slow enough for that to happen.
type simThread struct {
	tid int32
	on  bool
}

// simThreads are the threads that have run a counted call. A thread not
// among them collects as callgrind's --collect-atstart says: not at all
// under the plugin's callgrind, always under the runner's, which leaves
// the default. Starting or stopping instrumentation sets every thread back
// to that (callgrind resets each thread's state), and so does simInstr.
var simThreads []simThread

// simInstr starts or stops callgrind's instrumentation, for the whole
// program.
func simInstr(on bool) {
	if on {
		valgrindCall(cgStartInstr)
	} else {
		valgrindCall(cgStopInstr)
	}
	for i := range simThreads {
		simThreads[i].on = simRunner
	}
}

// simCollect turns callgrind's collection on or off in the calling
// thread, which runs the benchmark's goroutine: between StartTimer and
// StopTimer of a counted call, it collects. Other threads, the runtime's
// monitor among them, never do under the plugin's callgrind.
//
// StopTimer counts what this takes up to its toggle, so the toggle comes
// first when the thread is likely the one last turned on, and is undone
// if it was not; and that thread is found without a search, so that the
// count stays the same.
func simCollect(on bool) {
	if !on && simLast < len(simThreads) && simThreads[simLast].on {
		valgrindRequest(&simToggle, 0)
		if gettid() == simThreads[simLast].tid {
			simThreads[simLast].on = false
			return
		}
		valgrindRequest(&simToggle, 0)
	}
	tid := gettid()
	if simLast >= len(simThreads) || simThreads[simLast].tid != tid {
		simLast = 0
		for simLast < len(simThreads) && simThreads[simLast].tid != tid {
			simLast++
		}
		if simLast == len(simThreads) {
			simThreads = append(simThreads, simThread{tid, simRunner})
		}
	}
	if t := &simThreads[simLast]; t.on != on {
		valgrindRequest(&simToggle, 0)
		t.on = on
	}
}

// simToggle is the request that toggles collection, ready to be made.
var simToggle = [6]uintptr{cgToggleCollect}

// simLast is the index in simThreads of the thread simCollect saw last.
var simLast int

// StartTimer starts timing a test. This function is called automatically
// before a benchmark starts, but it can also be used to resume timing after
// a call to [B.StopTimer]. In a counted call of simulation mode, it also
// resumes counting instructions; in memory mode, it marks where the peak
// heap is measured from.
//
// It must not be inlined, so that benchmark functions calling it keep
// their size.
//
//go:noinline
func (b *B) StartTimer() {
	if simCounting != "" {
		b.startTimerStd()
		simCollect(b.timerOn)
		return
	}
	if memPeakCall {
		b.startTimerStd()
		memStarted(b)
		return
	}
	b.startTimerStd()
}

// StopTimer stops timing a test. This can be used to pause the timer
// while performing steps that you don't want to measure. In a counted call
// of simulation mode, it also pauses counting instructions.
//
//go:noinline
func (b *B) StopTimer() {
	// Counting stops first: the standard method reads memory statistics,
	// which stops the world.
	if simCounting != "" {
		simCollect(false)
	}
	b.stopTimerStd()
}

// ResetTimer zeroes the elapsed benchmark time and memory allocation counters
// and deletes user-reported metrics.
// It does not affect whether the timer is running. In a counted call of
// simulation mode, it also zeroes the instructions counted so far.
//
//go:noinline
func (b *B) ResetTimer() {
	b.resetTimerStd()
	if simCounting != "" {
		valgrindCall(cgZeroStats)
	}
}

// simStart starts counting, at the end of the collection before a counted
// call of the benchmark function. Collection waits for StartTimer.
func simStart() {
	if simCounting != "" {
		simInstr(true)
		simCollect(false)
		valgrindCall(cgZeroStats)
	}
}

// simStop stops counting after a counted call of the benchmark function,
// and dumps the counts.
func simStop() {
	if simCounting != "" {
		simCollect(false)
		simInstr(false)
		callgrindDumpAt(simCounting)
	}
}
