package testing

import (
	"os"
	"runtime"
	"strconv"
	"time"
)

// Simulation mode.
//
// When the plugin asks for it (NX_GO_BENCH_MODE=simulation) and the binary
// runs under callgrind, started with instrumentation off, a benchmark is
// not timed in rounds: its function is called once uncounted, then with n
// iterations and with 2n, twice each, the lengths taking turns, each call
// alone instrumented and dumped to a file named by the benchmark's URI and
// the iteration count. Within a call, only what runs while the timer runs
// is counted: the timer methods turn callgrind's collection on and off,
// and ResetTimer zeroes the counts. The plugin reads the dumps: a longer
// call's instructions less a shorter one's, over n, are the instructions
// of one iteration, and what one call costs whatever its iterations (timer
// calls, setup before the loop, B.Loop's ramp) cancels out. The collection
// before the first call, and everything between calls, runs
// uninstrumented.
//
// n is simIters where the benchmark's wall-time budget (benchMaxTime) has
// room for it, at the pace of the uncounted call under callgrind, and as
// many as fit, one at least, where it has not; out of budget after the
// first two calls, the second pair is left out. Either way the benchmark is
// marked cut.

// benchSimulation reports whether this binary counts instructions.
var benchSimulation = os.Getenv("NX_GO_BENCH_MODE") == "simulation" && runningOnValgrind() > 0

// simRunner reports whether the callgrind this binary runs under is not
// the plugin's but CodSpeed's runner's, which started it with the whole
// command. The runner reads one dump per benchmark, named by its bare URI,
// as the cost of one iteration.
var simRunner = os.Getenv("NX_GO_BENCH_SIMULATION") == "runner"

// simIters is the iteration count of the shorter counted calls where the
// budget allows. Instruction counts need no long runs: they do not vary
// from one call to the next.
const simIters = 100

// simCounting is the name of the dump the current call of the benchmark
// function is counted into, "" when it is not counted.
var simCounting string

// A simPlan measures a benchmark by instruction counts, its counted calls
// becoming the rounds of its record.
type simPlan struct {
	s     *roundRun
	uri   string
	calls []int64 // iterations of the counted calls still to make
	began time.Time
	warm  bool // whether the uncounted call has run
}

func (p *simPlan) start(b *B) int64 {
	// The heap profile samples allocations at random points, and each
	// sample walks the stack: counts would move with the draw.
	runtime.MemProfileRate = 0
	p.uri = b.runnerURI()
	p.began = time.Now()
	p.s = &roundRun{}
	// An uncounted call first: lazy initialisation, first-time map growth
	// and the like happen here and not in the counted calls. It also times
	// an iteration under callgrind, which sizes the counted calls.
	return 1
}

func (p *simPlan) next(_ *B, r benchRound) int64 {
	simCounting = ""
	if !p.warm {
		p.warm = true
		p.calls = p.callsFor(callWall)
	} else {
		p.s.add(r)
		if len(p.s.rounds) >= 2 && len(p.calls) > 0 && benchMaxTime > 0 && time.Since(p.began) >= benchMaxTime {
			p.s.cut = true
			p.calls = nil
		}
	}
	if len(p.calls) == 0 {
		return 0
	}
	n := p.calls[0]
	p.calls = p.calls[1:]
	simCounting = p.uri
	if !simRunner {
		simCounting += "#n=" + strconv.FormatInt(n, 10)
	}
	// No collection before a counted call: it would shrink the goroutine's
	// stack, and the call would grow it again, copying frames through the
	// runtime's PC-value cache, whose entries are replaced at random.
	// GOGC=off keeps collections out of the call.
	skipCollect = true
	return n
}

// callsFor plans the counted calls, given that the uncounted call of one
// iteration took warm, its collection left out. Each count is taken twice, and the plugin keeps the
// smaller: what disturbs a call only adds to it. One call in a few runs
// counted thousands of instructions more, likely the runtime preempting a
// goroutine that has run for 10 ms, which a counted call can under
// callgrind.
func (p *simPlan) callsFor(warm time.Duration) []int64 {
	if simRunner {
		p.s.p = roundPolicy{count: 1, rounds: 1}
		return []int64{1}
	}
	n := int64(simIters)
	if left := benchMaxTime - time.Since(p.began); benchMaxTime > 0 && warm > 0 {
		// Six iterations of n, at the uncounted call's pace, setup and all.
		if fit := int64(left / (6 * warm)); fit < n {
			n = max(fit, 1)
			p.s.cut = true
		}
	}
	p.s.p = roundPolicy{count: int(6 * n), rounds: 4}
	return []int64{n, 2 * n, n, 2 * n}
}

func (p *simPlan) measured() *roundRun { return p.s }

// A simThread is a thread of the program and whether callgrind collects
// counts in it: collection belongs to a thread.
type simThread struct {
	tid int32
	on  bool
}

// simThreads are the threads that have run a counted call. A goroutine
// changes threads when the scheduler hands its processor to another after
// a system call, which under valgrind is slow enough for that to happen
// often: a loop of work and a one-byte write ran on three threads in one
// call, and with collection on in the benchmark's thread only, the work
// of the other two was lost (0 instructions in 2 runs of 6). So every
// thread collects (--collect-atstart=yes, as under the runner's callgrind),
// starting instrumentation sets every thread back to that, and the thread
// that runs the benchmark turns collection off while its timer is stopped.
// Counts are zeroed and dumped for every thread (see simZero and simDump),
// and the runtime's monitor thread, which collects too, is left out when
// the dump is read: the plugin's callgrind writes one file per thread.
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
		simThreads[i].on = true
	}
}

// simCollect turns callgrind's collection on or off in the calling
// thread, which runs the benchmark's goroutine: between StartTimer and
// StopTimer of a counted call, it collects.
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
			simThreads = append(simThreads, simThread{tid, true})
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

// simZero zeroes the counts of every thread: the client request zeroes the
// calling thread's only, and callgrind's monitor command all of them.
// Under the runner, whose callgrind keeps one set of counts for all
// threads, the request is what CodSpeed's own hooks make.
func simZero() {
	if simRunner {
		valgrindCall(cgZeroStats)
	} else {
		valgrindMonitor("zero")
	}
}

// simDump dumps the counts of every thread, named, and zeroes them, as
// simZero does.
func simDump(name string) {
	if simRunner {
		callgrindDumpAt(name)
	} else {
		valgrindMonitor("dump " + name)
	}
}

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
		simZero()
	}
}

// simStart starts counting, at the end of the collection before a counted
// call of the benchmark function: counts zeroed while instrumentation is
// off, as CodSpeed's own hooks do it, so that no function is open in the
// counts, then instrumentation on. In the calling thread collection waits
// for StartTimer.
func simStart() {
	if simCounting != "" {
		simZero()
		simInstr(true)
		simCollect(false)
	}
}

// simStop stops counting after a counted call of the benchmark function,
// and dumps the counts.
func simStop() {
	if simCounting != "" {
		simCollect(false)
		simInstr(false)
		simDump(simCounting)
	}
}
