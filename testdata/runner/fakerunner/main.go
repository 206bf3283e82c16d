// Command fakerunner plays CodSpeed's runner for tests: it makes the two
// named pipes, holds both open for reading and writing as the runner does,
// answers every command, and logs each message it receives as a JSON line
// with the CLOCK_MONOTONIC time it read it at.
//
//	fakerunner -dir /tmp/x -log runner.log [-mode walltime] [-answer ack|err|silent] [-ready file]
//
// -answer err answers every command but GetIntegrationMode with Err;
// silent never answers. It runs until it is killed, and leaves the pipes
// behind, as the runner does.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"unsafe"

	"example.com/runner/proto"
)

func main() {
	dir := flag.String("dir", "/tmp", "folder of the pipes")
	logFile := flag.String("log", "", "file to log messages to")
	mode := flag.String("mode", "walltime", "mode to announce: walltime, simulation or analysis")
	answer := flag.String("answer", "ack", "ack, err or silent")
	ready := flag.String("ready", "", "file to create once the pipes are open")
	flag.Parse()
	modes := map[string]uint32{"walltime": 0, "simulation": 1, "analysis": 2}
	if _, ok := modes[*mode]; !ok || *logFile == "" {
		fmt.Fprintln(os.Stderr, "usage: fakerunner -log file [-dir d] [-mode walltime|simulation|analysis] [-answer ack|err|silent]")
		os.Exit(2)
	}
	ctl := makePipe(filepath.Join(*dir, "runner.ctl.fifo"))
	ack := makePipe(filepath.Join(*dir, "runner.ack.fifo"))
	log, err := os.Create(*logFile)
	check(err)
	if *ready != "" {
		check(os.WriteFile(*ready, []byte(fmt.Sprint(os.Getpid())), 0o644))
	}
	enc := json.NewEncoder(log)
	for {
		m, raw, err := proto.Read(ctl)
		at := monotonic()
		entry := map[string]any{"at": at, "msg": m, "bytes": len(raw)}
		if err != nil {
			entry["error"] = err.Error()
		}
		check(enc.Encode(entry))
		if err != nil {
			continue
		}
		switch {
		case *answer == "silent":
		case m.Kind == "GetIntegrationMode":
			_, err = ack.Write(proto.Encode("IntegrationModeResponse", modes[*mode]))
		case *answer == "err":
			_, err = ack.Write(proto.Encode("Err", 0))
		default:
			_, err = ack.Write(proto.Encode("Ack", 0))
		}
		check(err)
	}
}

// makePipe replaces any file at path with a new named pipe, and opens it
// for reading and writing, so that neither open nor read ever sees it
// without a writer.
func makePipe(path string) *os.File {
	os.Remove(path)
	check(syscall.Mkfifo(path, 0o700))
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	check(err)
	return f
}

// monotonic reads CLOCK_MONOTONIC, the clock perf stamps samples with under -k CLOCK_MONOTONIC.
func monotonic() int64 {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 1, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		panic(e)
	}
	return ts.Nano()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakerunner:", err)
		os.Exit(1)
	}
}
