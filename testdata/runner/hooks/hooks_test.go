// Package testing holds tests of the runner protocol files of the overlay
// (overlay/testing/nxgobench_proto.go and nxgobench_runner*.go), which the
// test command maps into this folder with -overlay: they depend on nothing
// else of package testing.
package testing

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	stdtesting "testing"
	"time"

	"example.com/runner/proto"
)

func TestFramesByteExact(t *stdtesting.T) {
	var buf []byte // nil: every message gets its own storage
	for _, c := range []struct {
		name string
		got  []byte
		want []byte
	}{
		{"StartBenchmark", runnerCommand(buf, runnerStartBenchmark), []byte{4, 0, 0, 0, 1, 0, 0, 0}},
		{"StopBenchmark", runnerCommand(buf, runnerStopBenchmark), []byte{4, 0, 0, 0, 2, 0, 0, 0}},
		{"GetIntegrationMode", runnerCommand(buf, runnerGetIntegrationMode), []byte{4, 0, 0, 0, 9, 0, 0, 0}},
		{"SetVersion", runnerVersion(buf, 2), []byte{12, 0, 0, 0, 8, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}},
		{"SetIntegration", runnerIntegration(buf, "go", "1"), []byte{
			23, 0, 0, 0, 5, 0, 0, 0,
			2, 0, 0, 0, 0, 0, 0, 0, 'g', 'o',
			1, 0, 0, 0, 0, 0, 0, 0, '1'}},
		{"ExecutedBenchmark", runnerExecuted(buf, 0x01020304, "a::B"), []byte{
			20, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2, 1,
			4, 0, 0, 0, 0, 0, 0, 0, 'a', ':', ':', 'B'}},
		{"AddMarker", runnerMarker(buf, 7, markerBenchmarkEnd, 0x0102030405060708), []byte{
			20, 0, 0, 0, 7, 0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0,
			8, 7, 6, 5, 4, 3, 2, 1}},
	} {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%s: got % x, want % x", c.name, c.got, c.want)
		}
	}
}

// TestRoundTrip decodes what the hooks encode with the runner-side decoder,
// written separately from the protocol's description.
func TestRoundTrip(t *stdtesting.T) {
	var buf []byte
	for _, c := range []struct {
		frame []byte
		want  proto.Message
	}{
		{runnerCommand(buf, runnerStartBenchmark), proto.Message{Kind: "StartBenchmark"}},
		{runnerCommand(buf, runnerStopBenchmark), proto.Message{Kind: "StopBenchmark"}},
		{runnerCommand(buf, runnerGetIntegrationMode), proto.Message{Kind: "GetIntegrationMode"}},
		{runnerVersion(buf, runnerProtocol), proto.Message{Kind: "SetVersion", Number: 2}},
		{runnerIntegration(buf, "nx-go-bench", "1.2.3"), proto.Message{Kind: "SetIntegration", Name: "nx-go-bench", Version: "1.2.3"}},
		{runnerExecuted(buf, 4242, "svc/a_test.go::BenchmarkX::ü€"), proto.Message{Kind: "ExecutedBenchmark", Pid: 4242, URI: "svc/a_test.go::BenchmarkX::ü€"}},
		{runnerMarker(buf, 9, markerBenchmarkStart, 1<<40+5), proto.Message{Kind: "AddMarker", Pid: 9, Marker: "BenchmarkStart", Time: 1<<40 + 5}},
		{runnerMarker(buf, 9, markerBenchmarkEnd, 77), proto.Message{Kind: "AddMarker", Pid: 9, Marker: "BenchmarkEnd", Time: 77}},
	} {
		got, raw, err := proto.Read(bytes.NewReader(c.frame))
		if err != nil || got != c.want || !bytes.Equal(raw, c.frame) {
			t.Errorf("% x: decoded %+v, %v; want %+v", c.frame, got, err, c.want)
		}
	}
	for _, kind := range []string{"Ack", "Err"} {
		r, ok := parseRunnerReply(proto.Encode(kind, 0)[4:])
		if want := map[string]uint32{"Ack": runnerAck, "Err": runnerErr}[kind]; !ok || r.tag != want {
			t.Errorf("%s: parsed %+v, %v", kind, r, ok)
		}
	}
	r, ok := parseRunnerReply(proto.Encode("IntegrationModeResponse", runnerSimulation)[4:])
	if !ok || r != (runnerReply{tag: runnerIntegrationModeResp, mode: runnerSimulation}) {
		t.Errorf("IntegrationModeResponse: parsed %+v, %v", r, ok)
	}
	if _, ok := parseRunnerReply([]byte{3, 0, 0, 0, 0}); ok {
		t.Error("an Ack with a byte too many was accepted")
	}
}

// TestMessageCap checks that no message exceeds maxRunnerMessage: the
// longest URI that fits makes a message of exactly the cap, one byte more
// makes none.
func TestMessageCap(t *stdtesting.T) {
	buf := make([]byte, maxRunnerMessage)
	uri := string(bytes.Repeat([]byte{'u'}, maxRunnerURI))
	if m := runnerExecuted(buf, 1, uri); len(m) != maxRunnerMessage {
		t.Errorf("a URI of %d bytes makes a message of %d bytes, want %d", len(uri), len(m), maxRunnerMessage)
	}
	if m := runnerExecuted(buf, 1, uri+"u"); m != nil {
		t.Errorf("a URI of %d bytes makes a message of %d bytes", len(uri)+1, len(m))
	}
	if m := runnerIntegration(buf, uri, "1"); m != nil {
		t.Errorf("SetIntegration of %d bytes was encoded", len(m))
	}
}

// fakeRunner makes the two pipes in dir and holds them open as the runner
// does, answering each command with answer (nil: never).
func fakeRunner(t *stdtesting.T, dir string, answer func(proto.Message) []byte) {
	open := func(name string) *os.File {
		path := filepath.Join(dir, name)
		if err := syscall.Mkfifo(path, 0o700); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	ctl, ack := open("runner.ctl.fifo"), open("runner.ack.fifo")
	go func() {
		for {
			m, _, err := proto.Read(ctl)
			if err != nil {
				return
			}
			if a := answer(m); a != nil {
				ack.Write(a)
			}
		}
	}()
}

func TestDialWithoutRunner(t *stdtesting.T) {
	dir := t.TempDir()
	if _, err := dialRunner(dir); err != errNoRunner {
		t.Errorf("no pipes: got %v, want errNoRunner", err)
	}
	// Pipes left behind by a runner that has ended: nobody holds them.
	for _, name := range []string{"runner.ctl.fifo", "runner.ack.fifo"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := dialRunner(dir); err != errNoRunner {
		t.Errorf("stale pipes: got %v, want errNoRunner", err)
	}
	t.Logf("stale pipes found in %v", time.Since(start))
}

// TestDialRefusesWhatIsNotAPipe puts a symbolic link to a regular file,
// and a regular file, where the control pipe belongs: neither is written to.
func TestDialRefusesWhatIsNotAPipe(t *stdtesting.T) {
	victim := filepath.Join(t.TempDir(), "victim")
	content := []byte("precious content, longer than sixteen bytes\n")
	for _, c := range []struct {
		name string
		put  func(ctl string) error
		want string
	}{
		{"symlink", func(ctl string) error { return os.Symlink(victim, ctl) }, "is a symbolic link"},
		{"regular file", func(ctl string) error { return os.WriteFile(ctl, content, 0o600) }, "is not a named pipe"},
	} {
		t.Run(c.name, func(t *stdtesting.T) {
			dir := t.TempDir()
			if err := os.WriteFile(victim, content, 0o600); err != nil {
				t.Fatal(err)
			}
			ctl := filepath.Join(dir, "runner.ctl.fifo")
			if err := c.put(ctl); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(dir, "runner.ack.fifo"), 0o700); err != nil {
				t.Fatal(err)
			}
			_, err := dialRunner(dir)
			if err == nil || err == errNoRunner || !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
				t.Errorf("got %v, want an error saying the path %s", err, c.want)
			}
			for _, file := range []string{victim, ctl} {
				if got, err := os.ReadFile(file); err != nil || !bytes.Equal(got, content) {
					t.Errorf("%s: got %q, %v; want it unchanged", file, got, err)
				}
			}
		})
	}
}

func TestHandshake(t *stdtesting.T) {
	for _, c := range []struct {
		name   string
		answer func(proto.Message) []byte
		mode   uint32
		fails  bool
	}{
		{"walltime", answerMode(runnerWalltime), runnerWalltime, false},
		{"simulation", answerMode(runnerSimulation), runnerSimulation, false},
		{"err", func(proto.Message) []byte { return proto.Encode("Err", 0) }, 0, true},
		{"silent", func(proto.Message) []byte { return nil }, 0, true},
	} {
		t.Run(c.name, func(t *stdtesting.T) {
			dir := t.TempDir()
			fakeRunner(t, dir, c.answer)
			conn, err := dialRunner(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.close()
			start := time.Now()
			mode, err := conn.handshake("nx-go-bench", "1")
			if took := time.Since(start); took > runnerTimeout+time.Second {
				t.Errorf("the handshake took %v, more than the timeout of %v", took, runnerTimeout)
			}
			if (err != nil) != c.fails || err == nil && mode != c.mode {
				t.Errorf("handshake: mode %d, error %v", mode, err)
			}
		})
	}
}

func answerMode(mode uint32) func(proto.Message) []byte {
	return func(m proto.Message) []byte {
		if m.Kind == "GetIntegrationMode" {
			return proto.Encode("IntegrationModeResponse", mode)
		}
		return proto.Encode("Ack", 0)
	}
}

func TestSendAfterHandshake(t *stdtesting.T) {
	dir := t.TempDir()
	var got []proto.Message
	seen := make(chan struct{}, 100)
	fakeRunner(t, dir, func(m proto.Message) []byte {
		got = append(got, m)
		seen <- struct{}{}
		return answerMode(runnerWalltime)(m)
	})
	conn, err := dialRunner(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.close()
	if _, err := conn.handshake("nx-go-bench", "1"); err != nil {
		t.Fatal(err)
	}
	for _, m := range [][]byte{runnerCommand(nil, runnerStartBenchmark), runnerCommand(nil, runnerStopBenchmark)} {
		if err := conn.send(m, "command"); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		<-seen
	}
	kinds := make([]string, len(got))
	for i, m := range got {
		kinds[i] = m.Kind
	}
	want := []string{"SetVersion", "GetIntegrationMode", "SetIntegration", "StartBenchmark", "StopBenchmark"}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("runner got %v, want %v", kinds, want)
	}
}

// BenchmarkNoRunner measures what a test binary pays to find no runner:
// with no pipes, and with pipes a runner left behind.
func BenchmarkNoRunner(b *stdtesting.B) {
	for _, stale := range []bool{false, true} {
		dir := b.TempDir()
		name := "none"
		if stale {
			name = "stale"
			for _, f := range []string{"runner.ctl.fifo", "runner.ack.fifo"} {
				if err := syscall.Mkfifo(filepath.Join(dir, f), 0o700); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run(name, func(b *stdtesting.B) {
			for b.Loop() {
				if _, err := dialRunner(dir); err != errNoRunner {
					b.Fatal(err)
				}
			}
		})
	}
}
