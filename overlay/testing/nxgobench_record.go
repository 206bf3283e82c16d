package testing

import (
	"internal/sysinfo"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// benchRecordSeq numbers the records of this process.
var benchRecordSeq atomic.Int64

// writeBenchRecord writes the record of benchmark b as JSON into the record
// directory. The reader looks at records only once the test binary has
// exited, so a record is written in place; a failed write removes what it
// wrote. Only functions that the standard package links anyway are used
// here: anything more from runtime or os would move the code of the
// runtime, and with it the allocator's place in its cache lines.
func writeBenchRecord(b *B, s *roundRun) error {
	p, rs := s.p, s.rounds
	wd, _ := os.Getwd()
	root, _, _ := strings.Cut(b.name, "/")

	var e recordJSON
	e.raw(`{"version":2,"name":`)
	e.str(b.name)
	e.raw(`,"file":`)
	e.str(benchFiles[root])
	e.raw(`,"dir":`)
	e.str(wd)
	e.raw(`,"pkg":`)
	e.str(benchImportPath)
	e.raw(`,"goos":`)
	e.str(runtime.GOOS)
	e.raw(`,"goarch":`)
	e.str(runtime.GOARCH)
	e.raw(`,"cpu":`)
	e.str(sysinfo.CPUName())
	e.raw(`,"procs":`)
	e.int(int64(runtime.GOMAXPROCS(-1)))
	e.raw(`,"cpu_suffix":`)
	e.bool(benchURISuffixed())
	e.raw(`,"pid":`)
	e.int(int64(os.Getpid()))
	e.raw(`,"bytes":`)
	e.int(b.bytes)
	e.raw(`,"mem":`)
	e.bool(*benchmarkMemory || b.showAllocResult)
	e.raw(`,"warmup_iters":`)
	e.int(s.warm)
	e.raw(`,"max_time_ns":`)
	e.int(benchMaxTime.Nanoseconds())
	e.raw(`,"cut":`)
	e.bool(s.cut)
	if benchMemory {
		e.raw(`,"peak_heap":`)
		e.uint(benchPeakHeap)
	}
	e.raw(`,"policy":{"count":`)
	e.int(int64(p.count))
	e.raw(`,"total_ns":`)
	e.int(p.total.Nanoseconds())
	e.raw(`,"target_ns":`)
	e.int(p.target.Nanoseconds())
	e.raw(`,"rounds":`)
	e.int(int64(p.rounds))
	e.raw(`},"rounds":[`)
	for i, r := range rs {
		if i > 0 {
			e.raw(",")
		}
		e.raw("[")
		e.int(r.n)
		e.raw(",")
		e.int(r.ns)
		e.raw(",")
		e.uint(r.allocs)
		e.raw(",")
		e.uint(r.bytes)
		e.raw(",")
		e.metrics(r.extra)
		e.raw("]")
	}
	e.raw("]}\n")

	name := strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(benchRecordSeq.Add(1), 10) + ".json"
	path := filepath.Join(benchRecordDir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(e)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// benchRunning is the benchmark whose name markRunning wrote last.
var benchRunning string

// markRunning writes the name of the benchmark about to run into
// <pid>.running in the record directory, once per benchmark. A binary that
// a benchmark ends with os.Exit prints nothing about it, as go test prints
// a benchmark's name only after its first call; the file names it.
func markRunning(name string) {
	if name == benchRunning {
		return
	}
	benchRunning = name
	path := filepath.Join(benchRecordDir, strconv.Itoa(os.Getpid())+".running")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return
	}
	f.Write([]byte(name))
	f.Close()
}

// A recordJSON accumulates JSON text. Package testing may not import
// encoding/json, so the few value kinds a record holds are encoded here.
type recordJSON []byte

func (e *recordJSON) raw(s string) { *e = append(*e, s...) }

func (e *recordJSON) int(v int64) { *e = strconv.AppendInt(*e, v, 10) }

func (e *recordJSON) uint(v uint64) { *e = strconv.AppendUint(*e, v, 10) }

func (e *recordJSON) bool(v bool) { *e = strconv.AppendBool(*e, v) }

// metrics writes m as an object of unit to value.
func (e *recordJSON) metrics(m map[string]float64) {
	e.raw("{")
	first := true
	for unit, v := range m {
		if !first {
			e.raw(",")
		}
		first = false
		e.str(unit)
		e.raw(":")
		e.float(v)
	}
	e.raw("}")
}

// float writes v, or null where JSON has no number for it.
func (e *recordJSON) float(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		e.raw("null")
		return
	}
	*e = strconv.AppendFloat(*e, v, 'g', -1, 64)
}

// str writes s as a JSON string; invalid UTF-8 becomes U+FFFD.
func (e *recordJSON) str(s string) {
	const hex = "0123456789abcdef"
	b := append(*e, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	*e = append(b, '"')
}
