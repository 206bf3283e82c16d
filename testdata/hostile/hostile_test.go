// Package hostile holds benchmarks that misbehave on purpose, for the
// fault catalogue of the e2e suite. Each misbehaves only when HOSTILE names
// it, so that the module also benchmarks quietly.
package hostile

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func hostile(what string) bool { return os.Getenv("HOSTILE") == what }

var sink int

// BenchmarkLoud prints 100 MB in lines of 100 bytes, numbered, once.
func BenchmarkLoud(b *testing.B) {
	if hostile("loud") {
		pad := strings.Repeat("x", 90)
		for i := 0; i < 1_000_000; i++ {
			fmt.Printf("%08d %s\n", i, pad)
		}
		os.Setenv("HOSTILE", "")
	}
	for i := 0; i < b.N; i++ {
		sink += i
	}
}

// BenchmarkLongLine prints 100 MB in one line, once.
func BenchmarkLongLine(b *testing.B) {
	if hostile("long") {
		chunk := strings.Repeat("z", 1000)
		for i := 0; i < 100_000; i++ {
			fmt.Print(chunk)
		}
		fmt.Println()
		os.Setenv("HOSTILE", "")
	}
	for i := 0; i < b.N; i++ {
		sink += i
	}
}

// BenchmarkSleep prints nothing for an hour.
func BenchmarkSleep(b *testing.B) {
	if hostile("sleep") {
		time.Sleep(time.Hour)
	}
	for i := 0; i < b.N; i++ {
		sink += i
	}
}

// BenchmarkExit ends its test binary.
func BenchmarkExit(b *testing.B) {
	if hostile("exit") {
		os.Exit(3)
	}
	for i := 0; i < b.N; i++ {
		sink += i
	}
}

// BenchmarkCorrupt leaves a record nobody can read beside the real ones.
func BenchmarkCorrupt(b *testing.B) {
	if dir := os.Getenv("NX_GO_BENCH_RECORDS"); hostile("corrupt") && dir != "" {
		name := fmt.Sprintf("%d-999999.json", os.Getpid())
		os.WriteFile(filepath.Join(dir, name), []byte(`{"version":2,"name":`), 0o644)
	}
	for i := 0; i < b.N; i++ {
		sink += i
	}
}

// BenchmarkNames has two sub-benchmarks that a plain join of names with
// "::" would give one URI: a::b, and b inside a. The first is fast, the
// second slow.
func BenchmarkNames(b *testing.B) {
	b.Run("a::b", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink += i
		}
	})
	b.Run("a", func(b *testing.B) {
		b.Run("b", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				time.Sleep(time.Microsecond)
			}
		})
	})
}

// BenchmarkCostlySetup sorts 16 ints after 5 µs of untimed setup per
// iteration.
func BenchmarkCostlySetup(b *testing.B) {
	xs := make([]int, 16)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for j := range xs {
			xs[j] = (j * 7919) % 16
		}
		for start := time.Now(); time.Since(start) < 5*time.Microsecond; {
		}
		b.StartTimer()
		sort.Ints(xs)
	}
}

// BenchmarkLongName has a sub-benchmark whose URI is too long for one
// message to CodSpeed's runner, and one after it that is not.
func BenchmarkLongName(b *testing.B) {
	for _, name := range []string{strings.Repeat("x", 1100), "short"} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink += i
			}
		})
	}
}
