package testing

import (
	"os"
	"strconv"
	"strings"
)

// Instrument hooks for CodSpeed's runner.
//
// Under `codspeed run`, each benchmark is announced to the runner: its
// profiling window opens with StartBenchmark before its first round and
// closes with StopBenchmark after its last, followed by ExecutedBenchmark
// with its URI, and each round is marked with its start and end times. The
// runner samples with perf only inside windows and ties the samples to the
// URI. A benchmark run several times by -count, or at several -cpu values
// where the URI does not tell them apart, gets one window, as it gets one
// entry in the results. Messages are sent between rounds only, never
// inside one. Without a runner nothing is sent; with one that fails, the
// hooks stop for the rest of the process and the task says so once.

// runnerFifoDir is where the runner makes its pipes. NX_GO_BENCH_RUNNER_FIFO_DIR
// moves them, for tests only.
var runnerFifoDir = os.Getenv("NX_GO_BENCH_RUNNER_FIFO_DIR")

// The hooks' state.
var hooks struct {
	state    int // hooksUnknown, hooksOn or hooksOff
	conn     *runnerConn
	pid      int32
	window   string // URI of the open window, "" if none
	owner    string // name of the benchmark the window is for
	leaf     string // name of the latest benchmark launched or about to be
	launches int    // launches of leaf so far
	refused  string // the latest benchmark whose URI is too long for the runner
	buf      [maxRunnerMessage]byte
}

const (
	hooksUnknown = iota
	hooksOn
	hooksOff
)

// hooksActive reports whether the hooks talk to a runner, connecting on
// first use.
func hooksActive() bool {
	if hooks.state == hooksUnknown {
		hooks.state = hooksOff
		hooksConnect()
	}
	return hooks.state == hooksOn
}

// runnerOffFile is the file in the record directory (one per task) that the
// first test binary to lose the runner writes: later ones do not try again,
// and the task warns once.
const runnerOffFile = "runner-off"

// hooksConnect connects to the runner, only under `codspeed run`: the
// runner sets CODSPEED_ENV=runner for the command it runs, and its pipes
// are fixed paths that a runner started by someone else may hold.
func hooksConnect() {
	if benchRecordDir == "" || os.Getenv("CODSPEED_ENV") != "runner" {
		return
	}
	if f, err := os.OpenFile(benchRecordDir+"/"+runnerOffFile, os.O_RDONLY, 0); err == nil {
		f.Close()
		return
	}
	dir := runnerFifoDir
	if dir == "" {
		dir = "/tmp"
	}
	c, err := dialRunner(dir)
	if err == errNoRunner {
		return
	}
	if err != nil {
		hooksFail(err.Error())
		return
	}
	hooks.conn = c
	mode, err := c.handshake("nx-go-bench", os.Getenv("NX_GO_BENCH_VERSION"))
	if err != nil {
		hooksFail(err.Error())
		return
	}
	if mode != runnerWalltime {
		hooksFail("the runner measures in " + runnerModeName(mode) + " mode, and nx-go-bench reports to it in walltime mode only")
		return
	}
	hooks.pid = int32(os.Getpid())
	hooks.state = hooksOn
}

func runnerModeName(mode uint32) string {
	switch mode {
	case runnerSimulation:
		return "simulation"
	case runnerAnalysis:
		return "analysis"
	}
	return "an unknown (" + strconv.FormatUint(uint64(mode), 10) + ")"
}

// hooksFail stops the hooks for the rest of the process. The first test
// binary of the task to fail says why in runnerOffFile, which the plugin
// prints once go test is over; the benchmarks are measured and written as
// without a runner.
func hooksFail(why string) {
	if hooks.conn != nil {
		hooks.conn.close()
		hooks.conn = nil
	}
	hooks.state = hooksOff
	hooks.window, hooks.owner = "", ""
	hooksNote(runnerOffFile, os.O_EXCL, why)
}

// runnerNotesFile is the file in the record directory that lists the
// benchmarks the runner was not told of. go test prints a benchmark's name
// before it runs, so a line printed then would break the result line.
const runnerNotesFile = "runner-notes"

// hooksNote adds a line to a file of the record directory, created with
// the extra flag given.
func hooksNote(file string, flag int, line string) {
	f, err := os.OpenFile(benchRecordDir+"/"+file, os.O_WRONLY|os.O_CREATE|os.O_APPEND|flag, 0o644)
	if err != nil {
		return
	}
	f.Write(append([]byte(line), '\n'))
	f.Close()
}

// hooksSend sends m, unless the hooks are off, and stops them if it fails.
func hooksSend(m []byte, what string) {
	if hooks.state != hooksOn {
		return
	}
	if err := hooks.conn.send(m, what); err != nil {
		hooksFail(err.Error())
	}
}

// openWindow opens the profiling window of benchmark b before its first
// round, unless it is open already for b's URI (a further -count or -cpu run
// of b). A window left open by another benchmark is closed first.
func (b *B) openWindow() {
	if benchSimulation || benchMemory || !hooksActive() {
		return
	}
	b.countLaunches()
	uri := b.runnerURI()
	if hooks.window == uri && hooks.owner == b.name {
		return
	}
	closeWindow()
	if hooks.state != hooksOn {
		return
	}
	if len(uri) > maxRunnerURI {
		if hooks.refused == b.name {
			return
		}
		hooks.refused = b.name
		// No message can carry the URI. The benchmark is measured and written
		// but not profiled: a window the runner cannot name would be tied to
		// the next benchmark's URI.
		hooksNote(runnerNotesFile, 0, b.name+" is not profiled: its URI is "+strconv.Itoa(len(uri))+" bytes long, and a message to the runner carries at most "+strconv.Itoa(maxRunnerURI))
		return
	}
	hooks.window, hooks.owner = uri, b.name
	hooksSend(runnerCommand(hooks.buf[:], runnerStartBenchmark), "StartBenchmark")
}

// countLaunches starts counting the launches of b if it is a benchmark
// not seen before.
func (b *B) countLaunches() {
	if hooks.leaf != b.name {
		hooks.leaf, hooks.launches = b.name, 0
	}
}

// launched counts a launch of b. go test launches a benchmark len(cpuList)
// times *count times in a row, -count within -cpu: b's window closes after
// the last launch of its URI.
func (b *B) launched() {
	b.countLaunches()
	hooks.launches++
	if hooks.owner != b.name {
		return
	}
	if hooks.launches == len(cpuList)*int(*count) || benchURISuffixed() && hooks.launches%int(*count) == 0 {
		closeWindow()
	}
}

// launchProcs returns the GOMAXPROCS of b's next launch. The B.Loop
// benchmark of the first opens its window before go test sets it.
func launchProcs() int {
	return cpuList[min(hooks.launches/int(*count), len(cpuList)-1)]
}

// endWindow closes b's window, if it is open, before its planned launches
// are done.
func (b *B) endWindow() {
	if hooks.owner == b.name {
		closeWindow()
	}
}

// closeWindow closes the open window, if any, and names its benchmark.
func closeWindow() {
	if hooks.window == "" || hooks.state != hooksOn {
		return
	}
	uri := hooks.window
	hooks.window, hooks.owner = "", ""
	hooksSend(runnerCommand(hooks.buf[:], runnerStopBenchmark), "StopBenchmark")
	hooksSend(runnerExecuted(hooks.buf[:], hooks.pid, uri), "ExecutedBenchmark")
}

// markTime returns the time for a round's marker, runnerTime inside a
// profiling window and 0 elsewhere: without a runner, no clock is read.
func markTime() int64 {
	if hooks.window == "" {
		return 0
	}
	return runnerTime()
}

// markRounds sends the start and end of each round of s not sent yet.
func markRounds(s *roundRun) {
	if hooks.window == "" {
		s.marked = len(s.rounds)
		return
	}
	for ; s.marked < len(s.rounds); s.marked++ {
		r := s.rounds[s.marked]
		hooksSend(runnerMarker(hooks.buf[:], hooks.pid, markerBenchmarkStart, r.from), "AddMarker")
		hooksSend(runnerMarker(hooks.buf[:], hooks.pid, markerBenchmarkEnd, r.to), "AddMarker")
	}
}

// runnerURI returns the URI of b as the results file has it (see
// src/results/uri.ts): the benchmark's file relative to the repository,
// NX_GO_BENCH_URI_DIR from the exec wrapper being the package directory's,
// then the name parts, and a -N suffix when -cpu has several values.
func (b *B) runnerURI() string {
	root, _, _ := strings.Cut(b.name, "/")
	file := benchFiles[root]
	for i := len(file) - 1; i >= 0; i-- {
		if file[i] == '/' {
			file = file[i+1:]
			break
		}
	}
	uri := os.Getenv("NX_GO_BENCH_URI_DIR")
	if uri != "" && file != "" {
		uri += "/"
	}
	uri += file
	name := b.name
	for {
		part, rest, more := strings.Cut(name, "/")
		uri += "::" + uriPart(part)
		if !more {
			break
		}
		name = rest
	}
	if benchURISuffixed() {
		uri += "-" + strconv.Itoa(launchProcs())
	}
	return uri
}

// uriPart percent-encodes a name part that holds "::", starts or ends with
// ":", or holds "%3A" or "%25" in any case, so that no two names share a
// URI; other parts are kept as they are.
func uriPart(p string) string {
	if !uriEncodes(p) {
		return p
	}
	var e []byte
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '%':
			e = append(e, "%25"...)
		case ':':
			e = append(e, "%3A"...)
		default:
			e = append(e, p[i])
		}
	}
	return string(e)
}

func uriEncodes(p string) bool {
	if p != "" && (p[0] == ':' || p[len(p)-1] == ':') {
		return true
	}
	for i := 0; i+1 < len(p); i++ {
		switch {
		case p[i] == ':' && p[i+1] == ':':
			return true
		case p[i] == '%' && i+2 < len(p):
			if p[i+1] == '3' && (p[i+2] == 'a' || p[i+2] == 'A') || p[i+1] == '2' && p[i+2] == '5' {
				return true
			}
		}
	}
	return false
}

// benchURISuffixed reports whether -cpu has more than one value, which
// gives each URI its GOMAXPROCS as a suffix.
func benchURISuffixed() bool {
	for _, n := range cpuList {
		if n != cpuList[0] {
			return true
		}
	}
	return false
}
