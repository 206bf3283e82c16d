package testing

import (
	"os"
	"syscall"
	"unsafe"
)

// dialRunner opens the runner's pipes in dir. It returns errNoRunner when
// no runner is there to answer.
func dialRunner(dir string) (*runnerConn, error) {
	ctl, err := os.OpenFile(dir+"/runner.ctl.fifo", os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if pe, ok := err.(*os.PathError); ok && (pe.Err == syscall.ENOENT || pe.Err == syscall.ENXIO) {
			return nil, errNoRunner
		}
		return nil, err
	}
	ack, err := os.OpenFile(dir+"/runner.ack.fifo", os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		ctl.Close()
		return nil, err
	}
	return &runnerConn{ctl: ctl, ack: ack}, nil
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
