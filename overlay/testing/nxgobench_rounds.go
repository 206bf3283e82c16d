package testing

import (
	"os"
	"reflect"
	"runtime"
	"sync"
	"time"
)

// Round measurement for nx-go-bench.
//
// The generated overlay renames the standard runN and launch to runNStd and
// launchStd; the methods below take their places. When the environment
// variable NX_GO_BENCH_RECORDS names a directory, every benchmark that
// completes is measured in many rounds of a fixed iteration count, and one
// record per benchmark is written there. Without that variable the package
// behaves exactly like the standard one, and so does [Benchmark], whose B has
// no name.

const (
	minBenchRounds    = 10
	maxBenchRounds    = 100
	minBenchRoundTime = time.Millisecond
	maxRoundIters     = 1_000_000_000
)

// A benchRound is one call of the benchmark function: n iterations measured as
// ns nanoseconds, with allocs allocations of bytes bytes, and the metrics the
// benchmark reported with ReportMetric.
type benchRound struct {
	n      int64
	ns     int64
	allocs uint64
	bytes  uint64
	extra  map[string]float64
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
// iterations and spreads them over at most maxBenchRounds rounds.
func roundPolicyFor(bt durationOrCountFlag) roundPolicy {
	if bt.n > 0 {
		return roundPolicy{count: bt.n, rounds: min(bt.n, maxBenchRounds)}
	}
	k := min(max(int(bt.d/minBenchRoundTime), minBenchRounds), maxBenchRounds)
	return roundPolicy{total: bt.d, target: bt.d / time.Duration(k), rounds: k}
}

// benchFiles maps each top-level benchmark name to the file that declares it.
var benchFiles = map[string]string{}

// benchImportPath is the import path of the package under test. The B that
// processBench makes for repeated runs (-count, -cpu) does not carry it.
var benchImportPath string

// runN fixes the iteration count that B.Loop will run to n, so that a round
// of a B.Loop benchmark is exactly as long as a round of a b.N benchmark,
// and then runs the benchmark function once.
func (b *B) runN(n int) {
	if benchRecordDir() != "" && b.name != "" {
		b.benchTime = durationOrCountFlag{n: n}
		if b.level == 1 {
			benchFiles[b.name] = benchFuncFile(b.benchFunc)
		}
		if b.importPath != "" {
			benchImportPath = b.importPath
		}
	}
	b.runNStd(n)
}

// launch measures a benchmark in rounds and writes its record. It replaces
// the standard ramp-up, which would measure one long run only.
func (b *B) launch() {
	if benchRecordDir() == "" || b.name == "" {
		b.launchStd()
		return
	}
	defer func() {
		b.signal <- true
	}()
	p := roundPolicyFor(benchTime)
	var rs []benchRound
	var warm int64
	if p.count > 0 {
		rs = b.countRounds(p)
	} else {
		rs, warm = b.timedRounds(p)
	}
	if b.Failed() || b.Skipped() || len(rs) == 0 {
		return
	}
	var sum benchRound
	for _, r := range rs {
		sum.n += r.n
		sum.ns += r.ns
		sum.allocs += r.allocs
		sum.bytes += r.bytes
	}
	b.result = BenchmarkResult{
		N:         int(sum.n),
		T:         time.Duration(sum.ns),
		Bytes:     b.bytes,
		MemAllocs: sum.allocs,
		MemBytes:  sum.bytes,
		Extra:     b.extra,
	}
	if err := writeBenchRecord(b, p, rs, warm); err != nil {
		b.Errorf("nx-go-bench: writing the record of %s: %v", b.name, err)
	}
}

// countRounds runs the N iterations of -benchtime=Nx in rounds. As in go
// test, 1x reuses the single probing iteration that run1 already ran.
func (b *B) countRounds(p roundPolicy) []benchRound {
	if p.count == 1 {
		return []benchRound{b.lastRound()}
	}
	rs := make([]benchRound, 0, p.rounds)
	for i := range p.rounds {
		n := p.count*(i+1)/p.rounds - p.count*i/p.rounds
		b.runN(n)
		if b.Failed() {
			return nil
		}
		rs = append(rs, b.lastRound())
	}
	return rs
}

// timedRounds grows the iteration count from the probe of run1 until a round
// takes about half its target time (the warm-up), then runs rounds of that
// size until the policy's rounds are done or its total time is spent. It
// returns the rounds and the iterations spent warming up.
func (b *B) timedRounds(p roundPolicy) ([]benchRound, int64) {
	n, d := int64(b.N), b.duration
	var warm int64
	for d < p.target/2 && n < maxRoundIters {
		n = growRound(p.target, n, d)
		b.runN(int(n))
		if b.Failed() {
			return nil, warm
		}
		warm += n
		d = b.duration
	}
	n = roundSize(p.target, n, d)
	rs := make([]benchRound, 0, p.rounds)
	var total time.Duration
	for len(rs) < p.rounds {
		if total >= p.total && (len(rs) >= minBenchRounds || n == 1) {
			break
		}
		b.runN(int(n))
		if b.Failed() {
			return nil, warm
		}
		r := b.lastRound()
		total += time.Duration(r.ns)
		rs = append(rs, r)
	}
	return rs, warm
}

// lastRound reports what the latest runN measured.
func (b *B) lastRound() benchRound {
	extra := make(map[string]float64, len(b.extra))
	for unit, v := range b.extra {
		extra[unit] = v
	}
	return benchRound{int64(b.N), b.duration.Nanoseconds(), b.netAllocs, b.netBytes, extra}
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

// benchRecordDir returns the directory that receives benchmark records, or "".
var benchRecordDir = sync.OnceValue(func() string {
	return os.Getenv("NX_GO_BENCH_RECORDS")
})

// benchFuncFile returns the source file that declares f.
func benchFuncFile(f func(b *B)) string {
	pc := reflect.ValueOf(f).Pointer()
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return ""
	}
	file, _ := fn.FileLine(pc)
	return file
}
