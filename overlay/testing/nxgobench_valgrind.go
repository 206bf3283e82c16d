package testing

import (
	"runtime"
	"unsafe"
)

// Valgrind client requests, for simulation mode.
//
// A program running under valgrind asks it for things by executing a
// special instruction sequence that does nothing on a real processor (see
// nxgobench_valgrind_amd64.s and _arm64.s). Elsewhere every request returns
// its default, so these cost a call and change nothing.

// Request codes: valgrind's core numbers its requests from 0x1000, a tool
// from its two letters, 'C','T' for callgrind.
const (
	vgRunningOnValgrind = 0x1001
	vgMonitorCommand    = 0x1202
	cgBase              = 'C'<<24 | 'T'<<16
	cgDumpStats         = cgBase + 0
	cgZeroStats         = cgBase + 1
	cgToggleCollect     = cgBase + 2
	cgDumpStatsAt       = cgBase + 3
	cgStartInstr        = cgBase + 4
	cgStopInstr         = cgBase + 5
)

// valgrindCall makes the request with the given arguments.
func valgrindCall(request uintptr, a ...uintptr) uintptr {
	var args [6]uintptr
	args[0] = request
	copy(args[1:], a)
	return valgrindRequest(&args, 0)
}

// runningOnValgrind reports how many valgrinds the program runs under: 0
// on a real processor.
func runningOnValgrind() uintptr {
	return valgrindCall(vgRunningOnValgrind)
}

// valgrindMonitor runs one of the tool's monitor commands, as gdb would
// through vgdb: callgrind's "zero" and "dump", unlike the client requests
// of those names, act on every thread.
func valgrindMonitor(command string) {
	b := append([]byte(command), 0)
	valgrindCall(vgMonitorCommand, uintptr(unsafe.Pointer(&b[0])))
	runtime.KeepAlive(b)
}

// callgrindDumpAt dumps callgrind's counts to a new file whose description
// is name, and zeroes them.
func callgrindDumpAt(name string) {
	b := append([]byte(name), 0)
	valgrindCall(cgDumpStatsAt, uintptr(unsafe.Pointer(&b[0])))
	runtime.KeepAlive(b)
}
