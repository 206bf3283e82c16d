package testing

import (
	"os"
	"reflect"
	"runtime"
	"strconv"
	"time"
)

// Round measurement for nx-go-bench.
//
// The generated overlay renames the standard runN and launch to runNStd and
// launchStd; the methods below take their places (and, from Go 1.26 on,
// nxgobench_loop.go takes over B.Loop's ramp-up; nxgobench_parallel.go
// wraps RunParallel). It also has runNStd call
// collectBeforeRun where it collected garbage. When the environment
// variable NX_GO_BENCH_RECORDS names a directory, every benchmark that
// completes is measured in many rounds of a fixed iteration count, and one
// record per benchmark is written there. Without that variable the package
// behaves exactly like the standard one, and so does [Benchmark], whose B has
// no name.

// Rounds last at least minBenchRoundTime where the benchtime allows. go test
// reports the mean of one long run, and the median of rounds agrees with it
// only where each round averages the machine's disturbances over enough
// time: on a shared 2-core VM, the median of 100 rounds of 10 ms of a
// summing loop came out at 0.968 to 1.066 of their own mean, depending on
// the hour; of 10 rounds of 100 ms, at 0.997 and 0.999.
const (
	minBenchRounds    = 10
	maxBenchRounds    = 100
	minBenchRoundTime = 100 * time.Millisecond
	maxRoundIters     = 1_000_000_000
)

// warmChunkTime is how long a warm-up chunk must last at most to size the
// rounds: long enough to time an iteration well, while warming up to half
// of a 100 ms round would cost a tenth of a 1s benchtime. The first round
// checks the size it gives.
const warmChunkTime = 10 * time.Millisecond

// minCountRoundTime is how long the rounds of -benchtime=Nx last at least
// where the N iterations take long enough (see countRounds and take).
const minCountRoundTime = 10 * time.Millisecond

// A benchRound is one round, or any chunk of iterations: n iterations measured as
// ns nanoseconds, with allocs allocations of bytes bytes, and the metrics the
// benchmark reported with ReportMetric. goal is not part of the measurement
// but the heap size at which the runtime was to collect garbage next, read
// when the chunk ended, and parallel whether the chunk called RunParallel.
// from and to are when the chunk started and ended, in runnerTime, for the
// runner's round markers.
type benchRound struct {
	n        int64
	ns       int64
	allocs   uint64
	bytes    uint64
	extra    map[string]float64
	goal     uint64
	parallel bool
	from, to int64
}

// A roundPolicy says how a benchmark is split into rounds.
type roundPolicy struct {
	count  int           // total iterations for -benchtime=Nx, else 0
	total  time.Duration // measured time to reach for -benchtime=d
	target time.Duration // time one round should take
	rounds int           // rounds to run
}

// roundPolicyFor derives the round policy from the -test.benchtime flag.
// A duration d is split into minBenchRounds to maxBenchRounds rounds of at
// least minBenchRoundTime where d allows; Nx keeps Go's total of N
// iterations, and its rounds are planned as they run (see countRounds).
func roundPolicyFor(bt durationOrCountFlag) roundPolicy {
	if bt.n > 0 {
		return roundPolicy{count: bt.n}
	}
	k := min(max(int(bt.d/minBenchRoundTime), minBenchRounds), maxBenchRounds)
	return roundPolicy{total: bt.d, target: bt.d / time.Duration(k), rounds: k}
}

// collects reports whether a benchmark that allocated as chunk r did would,
// over the policy's total time, allocate enough to collect garbage at least
// once in each of minBenchRounds rounds, taking the heap goal as the room
// one collection makes.
func (p roundPolicy) collects(r benchRound) bool {
	if r.ns <= 0 || r.goal == 0 {
		return false
	}
	return float64(r.bytes)/float64(r.ns)*float64(p.total) >= float64(minBenchRounds)*float64(r.goal)
}

// amortized returns the policy for a benchmark that collects garbage or runs
// in parallel: minBenchRounds rounds, so each is as long as the total time
// allows (it differs from the usual policy only for a benchtime over
// minBenchRounds*minBenchRoundTime). go test reports the mean of one long
// run, which spreads such costs over every iteration. Short rounds get a
// collection or none, and their median leaves the cost out: for a body that
// allocates 896 bytes per iteration, about 3 collections per 10 ms, the
// median of 100 rounds of 10 ms was 0.91 to 0.94 of their mean; of 10
// rounds of 100 ms, 1.00. And every round of a parallel benchmark starts
// its goroutines anew and waits for idle processors to pick them up: on a
// 2-core machine, the median of 100 rounds of 10 ms of the fixture's
// BenchmarkParallel was 1.07 to 1.15 of plain go test's figure in nine sets
// of paired runs; of 10 rounds of 100 ms, 1.01 to 1.05 in four.
func (p roundPolicy) amortized() roundPolicy {
	return roundPolicy{total: p.total, target: p.total / minBenchRounds, rounds: minBenchRounds}
}

// minFitChunk is the wall time a warm-up chunk must take at least for its
// time per iteration to size the next chunk against the budget (see fit).
const minFitChunk = 10 * time.Millisecond

// minCutRounds is how many rounds a benchmark gets at least when its
// wall-time budget (see benchMaxTime) ends first.
const minCutRounds = 3

// benchMaxTime is the wall time one benchmark may take, its untimed setup
// included, from NX_GO_BENCH_MAX_TIME in nanoseconds; 0 for no limit. A
// benchmark that excludes a costly setup with StopTimer runs for the setup
// too: 150 ns of sorting after 5 µs of setup per iteration took about 30
// times its benchtime, in go test as in rounds.
var benchMaxTime = parseMaxTime(os.Getenv("NX_GO_BENCH_MAX_TIME"))

func parseMaxTime(s string) time.Duration {
	ns, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ns < 0 {
		return 0
	}
	return time.Duration(ns)
}

// benchFiles maps each top-level benchmark name to the file that declares it.
var benchFiles = map[string]string{}

// benchImportPath is the import path of the package under test. The B that
// processBench makes for repeated runs (-count, -cpu) does not carry it.
var benchImportPath string

// beforeRunN prepares a call of the benchmark function for n iterations:
// the generated overlay has the standard runN call it first, and defer
// ranN, on runN's own line, so that the benchmark function is called at
// the depth go test calls it at, for code that captures its stack.
func (b *B) beforeRunN(n int) {
	if benchRecordDir == "" || b.name == "" {
		return
	}
	markRunning(b.name)
	ranParallel = false
	b.benchTime = loopBenchTime(n)
	if benchSimulation || benchMemory {
		// A B.Loop runs exactly n iterations in one call, as under -benchtime=Nx.
		b.benchTime = durationOrCountFlag{n: n}
	}
	if b.level == 1 {
		benchFiles[b.name] = benchFuncFile(b.benchFunc)
	}
	if b.importPath != "" {
		benchImportPath = b.importPath
	}
}

// ranN notes when a call of the benchmark function ended. It is deferred,
// so that a benchmark that ends with FailNow or SkipNow, which has run its
// last round, still closes its profiling window.
func (b *B) ranN() {
	if benchRecordDir == "" || b.name == "" {
		return
	}
	simStop()
	memEnded()
	callWall = time.Since(callStarted)
	chunkTo = markTime()
	if b.Failed() || b.Skipped() {
		b.endWindow()
	}
}

// chunkFrom and chunkTo are when the latest call of a benchmark function
// by runN started, after its collection, and ended.
var chunkFrom, chunkTo int64

// launch measures a benchmark in rounds and writes its record. It replaces
// the standard ramp-up, which would measure one long run only.
func (b *B) launch() {
	if benchRecordDir == "" || b.name == "" {
		b.launchStd()
		return
	}
	defer func() {
		b.signal <- true
	}()
	defer b.launched()
	b.openWindow()
	// Never true, as no environment variable holds a NUL: it links the pads
	// of nxgobench_pad.go, in code whose size does not depend on their number.
	if benchRecordDir == "\x00" {
		for _, pad := range benchPads {
			pad()
		}
	}
	s := takeLoopRun(b)
	if s != nil && !benchSimulation && !benchMemory {
		for i := range s.rounds {
			s.rounds[i].extra = b.metrics()
		}
	} else {
		// The calls are made here, not in a method of the plan, so that the
		// benchmark function runs at go test's depth: launch, runN, the function.
		plan := b.plan()
		for n := plan.start(b); n > 0; n = plan.next(b, b.lastRound()) {
			b.runN(int(n))
			if b.Failed() {
				return
			}
		}
		s = plan.measured()
	}
	if s == nil || b.Failed() || b.Skipped() || len(s.rounds) == 0 {
		return
	}
	var sum benchRound
	for _, r := range s.rounds {
		sum = sum.plus(r)
	}
	b.result = BenchmarkResult{
		N:         int(sum.n),
		T:         time.Duration(sum.ns),
		Bytes:     b.bytes,
		MemAllocs: sum.allocs,
		MemBytes:  sum.bytes,
		Extra:     b.extra,
	}
	if err := writeBenchRecord(b, s); err != nil {
		b.Errorf("nx-go-bench: writing the record of %s: %v", b.name, err)
	}
}

// A benchPlan decides the calls of a benchmark function that measure
// it, which launch makes one after the other: start returns the
// iterations of the first, next, told what the latest call measured, those
// of the following one, 0 once the benchmark is measured; measured returns
// its rounds, nil if there are none to record.
type benchPlan interface {
	start(b *B) int64
	next(b *B, r benchRound) int64
	measured() *roundRun
}

// plan returns the plan that measures b in the mode of this binary.
func (b *B) plan() benchPlan {
	switch {
	case benchSimulation:
		return &simPlan{}
	case benchMemory:
		return &memPlan{}
	}
	return &roundsPlan{}
}

// A roundsPlan measures a b.N benchmark in walltime: one call of the
// benchmark function per chunk of iterations that the round policy asks
// for, starting from the probe that run1 already ran.
type roundsPlan struct {
	s *roundRun
}

func (p *roundsPlan) start(b *B) int64 {
	var n int64
	p.s, n = newRoundRun(roundPolicyFor(benchTime), b.lastRound(), false)
	return p.prepare(n)
}

func (p *roundsPlan) next(_ *B, r benchRound) int64 {
	n := p.s.next(r)
	markRounds(p.s)
	return p.prepare(n)
}

// prepare leaves out the collection before a round that follows rounds
// which left the heap settled.
func (p *roundsPlan) prepare(n int64) int64 {
	skipCollect = n > 0 && len(p.s.rounds) > 0 && heapSettled()
	return n
}

func (p *roundsPlan) measured() *roundRun { return p.s }

// A roundRun applies a round policy to the chunks of iterations a benchmark
// runs: told what each chunk measured, it says how many iterations the next
// one gets. With -benchtime=d it grows chunks until one takes about half the
// round target or warmChunkTime, whichever is less (the warm-up), then runs
// rounds until the policy's rounds are done or its total time is spent; the
// first round must take half the target, or the warm-up goes on. Each later
// round is sized from the time of the rounds before it: on a shared machine
// a warm-up chunk can run at half or twice the speed of the rounds, and
// rounds sized from it alone made 10 rounds of a 1s benchtime last 0.46 s
// to 1.98 s.
// If the warm-up or the first round shows that the benchmark collects
// garbage or runs in parallel, the amortized policy takes over and the
// warm-up goes on at its target.
// With -benchtime=Nx it spreads the N iterations over rounds, as many as
// the time the chunks so far took calls for (see countRounds).
type roundRun struct {
	p      roundPolicy
	began  time.Time     // when the run started, for the wall-time budget
	mark   time.Time     // when the latest chunk was asked for
	wall   float64       // wall nanoseconds per iteration of the latest chunk, untimed work included; 0 before
	chunk  time.Duration // wall time of the latest chunk
	cut    bool          // whether the budget ended the run before its policy did
	size   int64         // iterations of a round once warmed up; 0 before
	rounds []benchRound
	warm   int64         // iterations run before the first round
	carry  benchRound    // -benchtime=Nx: chunks too short for a round of their own
	pace   benchRound    // -benchtime=Nx: the chunks after the probe, or the probe
	paced  bool          // whether pace holds chunks after the probe
	total  time.Duration // time measured in rounds
	iters  int64         // iterations measured in rounds
	marked int           // rounds whose markers the runner has
}

// newRoundRun starts a run from the probe, the first chunk of one iteration,
// and returns the size of the next chunk, 0 if the probe is all there is to
// measure. With -benchtime=Nx the probe is the first of the N iterations for
// B.Loop, which runs exactly N in go test; for b.N it is a warm-up, as in go
// test, unless N is 1 and go test reports the probe itself.
func newRoundRun(p roundPolicy, probe benchRound, loop bool) (*roundRun, int64) {
	s := &roundRun{p: p, began: time.Now()}
	if p.count > 1 {
		s.pace = probe
		if loop {
			s.take(probe)
		} else {
			s.warm = probe.n
		}
		return s, s.spread()
	}
	return s, s.next(probe)
}

// countRounds returns how many rounds -benchtime=Nx is to make of its N
// iterations, given that pace.n of them took pace.ns: as many as
// -benchtime=d makes of the time they should take, or minBenchRounds if pace
// shows that the benchmark collects garbage or runs in parallel (see
// amortized), but no more than rounds of minCountRoundTime fill. go test
// times the N iterations in one run, and a round pays for its own function
// call (with any setup before the loop), timer reads and cold caches: in
// 100 rounds of one iteration, the fixture's 1 ns Sizes/nested/deep read
// 44.6 times go test's figure at -benchtime=100x.
func (p roundPolicy) countRounds(pace benchRound) int {
	est := time.Duration(float64(pace.ns) / float64(max(pace.n, 1)) * float64(p.count))
	d := roundPolicyFor(durationOrCountFlag{d: est})
	k := d.rounds
	if pace.parallel || d.collects(pace) {
		k = minBenchRounds
	}
	return max(min(k, int(est/minCountRoundTime), p.count), 1)
}

// next records what the latest chunk measured and returns the size of the
// next chunk, or 0 when the benchmark is measured.
func (s *roundRun) next(r benchRound) int64 {
	now := time.Now()
	if !s.mark.IsZero() && r.n > 0 {
		s.chunk = now.Sub(s.mark)
		s.wall = float64(s.chunk) / float64(r.n)
	}
	n := s.step(r)
	s.mark = time.Now()
	return n
}

func (s *roundRun) step(r benchRound) int64 {
	if s.p.count > 0 {
		if s.paced {
			s.pace = s.pace.plus(r)
		} else {
			s.pace, s.paced = r, true
		}
		s.take(r)
		if s.overBudget() {
			s.add(s.carry)
			s.carry = benchRound{}
			s.cut = true
			s.p.rounds = len(s.rounds)
			return 0
		}
		return s.spread()
	}
	// Judge garbage from chunks of round size only: a small one is mostly
	// the per-call allocations of a b.N function (a slice made before its loop, say).
	collects := time.Duration(r.ns) >= s.p.target/2 && s.p.collects(r)
	resize := len(s.rounds) == 0 && s.p.rounds > minBenchRounds && (collects || r.parallel)
	if resize {
		s.p = s.p.amortized()
	}
	goal := s.p.target / 2
	if s.size == 0 {
		goal = min(goal, warmChunkTime)
	}
	// Out of budget, the warm-up stops growing: the chunk it has sizes the rounds.
	tooShort := time.Duration(r.ns) < goal && r.n < maxRoundIters && !s.warmSpent()
	// A first round far shorter than its size predicted means the chunk
	// that set the size was slowed down (the process was descheduled, say),
	// and rounds that small would mostly time the timer: warm up again.
	if s.size == 0 || len(s.rounds) == 0 && (tooShort || resize) {
		s.warm += r.n
		if tooShort {
			s.size = 0
			return s.fit(growRound(2*goal, r.n, time.Duration(r.ns)), true)
		}
		s.size = s.fit(roundSize(s.p.target, r.n, time.Duration(r.ns)), false)
		return s.size
	}
	s.add(r)
	if len(s.rounds) >= s.p.rounds || s.total >= s.p.total && (len(s.rounds) >= minBenchRounds || s.size == 1) {
		return 0
	}
	if s.overBudget() {
		s.cut = true
		return 0
	}
	s.size = s.fit(roundSize(s.p.target, s.iters, s.total), false)
	return s.size
}

// warmSpent reports whether the warm-up has used up its share of the
// wall-time budget, a quarter, and must go on to rounds with the chunk size
// it has.
func (s *roundRun) warmSpent() bool {
	return benchMaxTime > 0 && time.Since(s.began) >= benchMaxTime/4
}

// spent reports whether the run has used up its wall-time budget.
func (s *roundRun) spent() bool {
	return benchMaxTime > 0 && time.Since(s.began) >= benchMaxTime
}

// overBudget reports whether the run has spent its wall-time budget and
// has the rounds it needs at least to stop.
func (s *roundRun) overBudget() bool {
	return len(s.rounds) >= minCutRounds && s.spent()
}

// fit caps a chunk of n iterations to what the wall-time budget left has
// room for, at the wall time per iteration the latest chunk took, untimed
// setup included: for a warm-up chunk, what is left of the warm-up's
// quarter of the budget (a fortieth at least); for a round, an even share
// of what is left over the rounds left (of a tenth of the budget at least,
// for the rounds still needed once it is spent). Where it caps, the run is
// marked cut.
//
// A chunk's wall time also holds what does not grow with its iterations:
// the collection before each call of a b.N function, setup before its
// loop. From a short chunk that cost, spread over a few iterations, would
// predict far too much (40 µs per iteration of a 190 ns body that
// allocates, from a chunk of 100), so warm-up chunks are judged only from
// chunks of minFitChunk or more. Rounds are judged from the round before,
// of the same size, fixed costs and all. A benchmark whose wall time is
// about its measured time never meets the cap: the rounds of three
// benchtimes' budget leave each round three times its target.
func (s *roundRun) fit(n int64, warmup bool) int64 {
	if benchMaxTime == 0 || s.wall == 0 || warmup && s.chunk < minFitChunk {
		return n
	}
	var room time.Duration
	if warmup {
		room = max(benchMaxTime/4-time.Since(s.began), benchMaxTime/40)
	} else {
		room = max(benchMaxTime-time.Since(s.began), benchMaxTime/minBenchRounds) / time.Duration(max(s.p.rounds-len(s.rounds), 1))
	}
	if limit := max(int64(float64(room)/s.wall), 1); limit < n {
		s.cut = true
		return limit
	}
	return n
}

func (s *roundRun) add(r benchRound) {
	s.rounds = append(s.rounds, r)
	s.total += time.Duration(r.ns)
	s.iters += r.n
}

// take adds a chunk of -benchtime=Nx as a round. A chunk that, with those
// carried before it, lasted under half of minCountRoundTime is carried into
// the next round instead while iterations remain: the probe's one iteration
// can take many times as long as the others (page faults, cold caches), and
// rounds sized from it come out that short.
func (s *roundRun) take(r benchRound) {
	r = s.carry.plus(r)
	s.carry = benchRound{}
	if time.Duration(r.ns) < minCountRoundTime/2 && s.iters+r.n < int64(s.p.count) {
		s.carry = r
		return
	}
	s.add(r)
}

// spread sizes the next chunk of -benchtime=Nx: it divides the iterations
// left evenly over the rounds left of those countRounds plans from the pace
// measured so far, less those carried. It returns 0 once all N have run.
func (s *roundRun) spread() int64 {
	rest := int64(s.p.count) - s.iters
	if rest <= s.carry.n {
		s.p.rounds = len(s.rounds)
		return 0
	}
	s.p.rounds = max(s.p.countRounds(s.pace), len(s.rounds)+1)
	return max(rest/int64(s.p.rounds-len(s.rounds))-s.carry.n, 1)
}

// plus returns chunks r and q, q the later, as one.
func (r benchRound) plus(q benchRound) benchRound {
	from := r.from
	if r.n == 0 {
		from = q.from
	}
	return benchRound{
		n:        r.n + q.n,
		ns:       r.ns + q.ns,
		allocs:   r.allocs + q.allocs,
		bytes:    r.bytes + q.bytes,
		extra:    q.extra,
		goal:     q.goal,
		parallel: r.parallel || q.parallel,
		from:     from,
		to:       q.to,
	}
}

// lastRound reports what the latest runN measured.
func (b *B) lastRound() benchRound {
	return benchRound{int64(b.N), b.duration.Nanoseconds(), b.netAllocs, b.netBytes, b.metrics(), memStats.NextGC, ranParallel, chunkFrom, chunkTo}
}

// metrics copies the metrics the benchmark reported with ReportMetric.
func (b *B) metrics() map[string]float64 {
	extra := make(map[string]float64, len(b.extra))
	for unit, v := range b.extra {
		extra[unit] = v
	}
	return extra
}

// growRound predicts the next warm-up size from n iterations taking d: aim 20%
// past the target, at least one more than n, at most a hundredfold.
func growRound(target time.Duration, n int64, d time.Duration) int64 {
	next := n * 100
	if d > 0 {
		next = min(next, int64(float64(target)*1.2*float64(n)/float64(d)))
	}
	return min(max(next, n+1), maxRoundIters)
}

// roundSize sizes a round so that it takes about target, given n iterations
// took d.
func roundSize(target time.Duration, n int64, d time.Duration) int64 {
	if d <= 0 {
		return n
	}
	return min(max(int64(float64(target)*float64(n)/float64(d)), 1), maxRoundIters)
}

// skipCollect has the next collectBeforeRun leave out its collection.
var skipCollect bool

// collectBeforeRun collects garbage before a call of the benchmark function,
// as runN does, unless skipCollect says otherwise. go test's figure comes
// from one long call; rounds are that call cut into pieces, and a collection
// between two of them is a pause go test does not make. On a 2-core machine,
// a 10 ms round right after one ran a summing loop 3% to 5% slower than a
// round right after another (medians of 30 blocks of 25 rounds each, two
// runs); with GOMAXPROCS=1 there was no difference.
func collectBeforeRun() {
	if skipCollect {
		skipCollect = false
	} else {
		runtime.GC()
	}
	chunkFrom = markTime()
	callStarted = time.Now()
	simStart()
}

// callStarted is when the latest call of the benchmark function started,
// after its collection, and callWall how long it took, untimed work
// included: what simulation and memory mode size their calls by.
var (
	callStarted time.Time
	callWall    time.Duration
)

// heapSettled reports whether the heap, at the latest memStats reading, is
// under half its goal: the rounds so far left little garbage, and the next
// one can start without a collection.
func heapSettled() bool {
	return memStats.HeapAlloc < memStats.NextGC/2
}

// benchRecordDir is the directory that receives benchmark records, or "".
// A plain variable, not a sync.OnceValue: a new instance of that generic
// function is linked among the packages before testing and moves their code
// (see writeBenchRecord).
var benchRecordDir = os.Getenv("NX_GO_BENCH_RECORDS")

// benchFuncFile returns the source file that declares f. It asks
// CallersFrames, which the standard package links anyway, and not
// (*runtime.Func).FileLine, which it does not (see writeBenchRecord). Frames
// are read as return addresses, one byte past their call, hence entry+1.
func benchFuncFile(f func(b *B)) string {
	frame, _ := runtime.CallersFrames([]uintptr{reflect.ValueOf(f).Pointer() + 1}).Next()
	return frame.File
}
