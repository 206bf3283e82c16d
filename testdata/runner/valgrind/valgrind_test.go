// Package testing holds tests of the valgrind client requests of the
// overlay (overlay/testing/nxgobench_valgrind*.go and .s), which the test
// command maps into this folder with -overlay. The test runs its own binary
// under callgrind.
package testing

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	stdtesting "testing"
)

var sink uint64

//go:noinline
func work(n int) {
	for i := 0; i < n; i++ {
		sink += uint64(i) * 2654435761
	}
}

// TestMain runs the counted workload when the test runs itself under
// callgrind, and the tests otherwise.
func TestMain(m *stdtesting.M) {
	if os.Getenv("VG_CHILD") == "1" {
		if runningOnValgrind() == 0 {
			os.Exit(3)
		}
		for _, n := range []int{1000, 2000, 1000} {
			valgrindCall(cgZeroStats)
			valgrindCall(cgStartInstr)
			work(n)
			valgrindCall(cgStopInstr)
			callgrindDumpAt("work/" + strconv.Itoa(n))
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestNotUnderValgrind(t *stdtesting.T) {
	if n := runningOnValgrind(); n != 0 {
		t.Errorf("RUNNING_ON_VALGRIND = %d outside valgrind", n)
	}
	valgrindCall(cgZeroStats) // does nothing, and must not crash
	callgrindDumpAt("nothing")
}

func TestGettid(t *stdtesting.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if got, want := gettid(), int32(syscall.Gettid()); got != want {
		t.Errorf("gettid() = %d, the thread is %d", got, want)
	}
	done := make(chan int32)
	go func() {
		runtime.LockOSThread()
		done <- gettid()
	}()
	if other := <-done; other == gettid() {
		t.Errorf("two locked goroutines both on thread %d", other)
	}
}

// counts runs the workload under callgrind and returns the instructions of
// each dump by its name.
func counts(t *stdtesting.T) map[string][]uint64 {
	dir := t.TempDir()
	cmd := exec.Command("valgrind", "--tool=callgrind", "--instr-atstart=no",
		"--callgrind-out-file="+filepath.Join(dir, "cg.out"), os.Args[0])
	cmd.Env = append(os.Environ(), "VG_CHILD=1", "GODEBUG=asyncpreemptoff=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("callgrind: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cg.out.*"))
	desc := regexp.MustCompile(`(?m)^desc: Trigger: Client Request: (\S+)$`)
	total := regexp.MustCompile(`(?m)^totals: (\d+)`)
	got := map[string][]uint64{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, n := desc.FindSubmatch(b), total.FindSubmatch(b)
		if d == nil || n == nil {
			continue
		}
		v, _ := strconv.ParseUint(string(n[1]), 10, 64)
		got[string(d[1])] = append(got[string(d[1])], v)
	}
	return got
}

func TestUnderCallgrind(t *stdtesting.T) {
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("valgrind is not installed")
	}
	a, b := counts(t), counts(t)
	t.Logf("run 1: %v; run 2: %v", a, b)
	for _, name := range []string{"work/1000", "work/2000"} {
		if len(a[name]) == 0 || a[name][0] == 0 {
			t.Fatalf("no count for %s: %v", name, a)
		}
	}
	// The same work counts the same, in one run and across runs.
	if a["work/1000"][0] != a["work/1000"][1] || a["work/1000"][0] != b["work/1000"][0] || a["work/2000"][0] != b["work/2000"][0] {
		t.Errorf("counts differ: %v and %v", a, b)
	}
	// Twice the work, twice the instructions, but for the requests' own cost.
	one, two := float64(a["work/1000"][0]), float64(a["work/2000"][0])
	if r := (two - one) / one; r < 0.99 || r > 1.01 {
		t.Errorf("1000 iterations count %v, 2000 count %v: the second thousand is %.3f of the first", one, two, r)
	}
}
