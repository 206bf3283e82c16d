package testing

import (
	"errors"
	"os"
	"syscall"
	"unsafe"
)

// dialRunner opens the runner's pipes in dir. It returns errNoRunner when
// no runner is there to answer, and an error, having written nothing, when
// something other than a named pipe stands at a pipe's path: a symbolic
// link is never followed, and a file opened is checked to be a pipe before
// anything goes through it.
func dialRunner(dir string) (*runnerConn, error) {
	ctl, err := openPipe(dir+"/runner.ctl.fifo", os.O_WRONLY)
	if err != nil {
		return nil, err
	}
	ack, err := openPipe(dir+"/runner.ack.fifo", os.O_RDONLY)
	if err != nil {
		ctl.Close()
		return nil, err
	}
	return &runnerConn{ctl: ctl, ack: ack}, nil
}

// openPipe opens the named pipe at path without blocking. A pipe nobody
// reads (ENXIO, a runner that has ended) or no pipe at all (ENOENT) is no
// runner.
func openPipe(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		// A type assertion, not errors.As: a function of package errors that the standard
		// testing package does not link would move the runtime's code (see writeBenchRecord).
		if pe, ok := err.(*os.PathError); ok {
			switch pe.Err {
			case syscall.ENOENT, syscall.ENXIO:
				return nil, errNoRunner
			case syscall.ELOOP:
				return nil, errors.New(path + " is a symbolic link, not the runner's named pipe")
			}
		}
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		f.Close()
		return nil, errors.New(path + " is not a named pipe")
	}
	return f, nil
}

// runnerTime returns CLOCK_MONOTONIC in nanoseconds, the clock that
// `perf record -k CLOCK_MONOTONIC` stamps samples with. It asks the kernel
// directly: the runtime's own reading of that clock is not reachable from
// here without linking more of the runtime, which would move its code (see
// writeBenchRecord). It is read between rounds only.
func runnerTime() int64 {
	const clockMonotonic = 1 // CLOCK_MONOTONIC of <linux/time.h>
	var ts syscall.Timespec
	syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&ts)), 0)
	return int64(ts.Sec)*1e9 + int64(ts.Nsec)
}
