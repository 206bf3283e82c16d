package testing

// CodSpeed's runner protocol.
//
// A message is its length as a little-endian uint32, then its bincode
// encoding: the command's tag as a little-endian uint32, then its fields,
// integers in fixed width, little-endian, and strings as a uint64 length and
// their bytes. This file knows nothing else of package testing, so that the
// encoding can be tested on its own.

// Command tags.
const (
	runnerExecutedBenchmark   = 0
	runnerStartBenchmark      = 1
	runnerStopBenchmark       = 2
	runnerAck                 = 3
	runnerSetIntegration      = 5
	runnerErr                 = 6
	runnerAddMarker           = 7
	runnerSetVersion          = 8
	runnerGetIntegrationMode  = 9
	runnerIntegrationModeResp = 10
)

// Marker kinds of AddMarker.
const (
	markerBenchmarkStart = 2
	markerBenchmarkEnd   = 3
)

// Integration modes the runner announces.
const (
	runnerWalltime   = 0
	runnerSimulation = 1
	runnerAnalysis   = 2
)

// runnerProtocol is the protocol version sent with SetVersion: version 2
// added GetIntegrationMode.
const runnerProtocol = 2

// maxRunnerMessage is the most bytes one message takes, its length included.
// Writes to a pipe of at most PIPE_BUF bytes (4096 on Linux) are never
// interleaved with other writers' writes; the cap stays well under it.
const maxRunnerMessage = 1024

// A runnerMessage is a message being encoded.
type runnerMessage []byte

// newRunnerMessage starts a message with the given tag in buf's storage.
func newRunnerMessage(buf []byte, tag uint32) runnerMessage {
	m := runnerMessage(append(buf[:0], 0, 0, 0, 0))
	m.u32(tag)
	return m
}

func (m *runnerMessage) u32(v uint32) {
	*m = append(*m, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

func (m *runnerMessage) u64(v uint64) {
	m.u32(uint32(v))
	m.u32(uint32(v >> 32))
}

func (m *runnerMessage) str(s string) {
	m.u64(uint64(len(s)))
	*m = append(*m, s...)
}

// bytes sets the length and returns the message, or nil if it would take
// more than maxRunnerMessage bytes.
func (m runnerMessage) bytes() []byte {
	if len(m) > maxRunnerMessage {
		return nil
	}
	n := uint32(len(m) - 4)
	m[0], m[1], m[2], m[3] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
	return m
}

// runnerCommand encodes a command without fields.
func runnerCommand(buf []byte, tag uint32) []byte {
	return newRunnerMessage(buf, tag).bytes()
}

// runnerVersion encodes SetVersion.
func runnerVersion(buf []byte, version uint64) []byte {
	m := newRunnerMessage(buf, runnerSetVersion)
	m.u64(version)
	return m.bytes()
}

// runnerIntegration encodes SetIntegration.
func runnerIntegration(buf []byte, name, version string) []byte {
	m := newRunnerMessage(buf, runnerSetIntegration)
	m.str(name)
	m.str(version)
	return m.bytes()
}

// runnerExecuted encodes ExecutedBenchmark, or returns nil if uri is too
// long for one message.
func runnerExecuted(buf []byte, pid int32, uri string) []byte {
	if len(uri) > maxRunnerURI {
		return nil
	}
	m := newRunnerMessage(buf, runnerExecutedBenchmark)
	m.u32(uint32(pid))
	m.str(uri)
	return m.bytes()
}

// maxRunnerURI is the longest URI ExecutedBenchmark carries: the cap less
// the length, the tag, the pid and the string's length.
const maxRunnerURI = maxRunnerMessage - 4 - 4 - 4 - 8

// runnerMarker encodes AddMarker of the given kind at time ns, in
// CLOCK_MONOTONIC nanoseconds.
func runnerMarker(buf []byte, pid int32, kind uint32, ns int64) []byte {
	m := newRunnerMessage(buf, runnerAddMarker)
	m.u32(uint32(pid))
	m.u32(kind)
	m.u64(uint64(ns))
	return m.bytes()
}

// A runnerReply is what the runner answered: its tag, and the mode of an
// IntegrationModeResponse.
type runnerReply struct {
	tag  uint32
	mode uint32
}

// parseRunnerReply decodes the payload of an answer, its length left off.
func parseRunnerReply(p []byte) (runnerReply, bool) {
	if len(p) < 4 {
		return runnerReply{}, false
	}
	r := runnerReply{tag: le32(p)}
	switch r.tag {
	case runnerAck, runnerErr:
		return r, len(p) == 4
	case runnerIntegrationModeResp:
		if len(p) != 8 {
			return r, false
		}
		r.mode = le32(p[4:])
		return r, true
	}
	return r, false
}

func le32(p []byte) uint32 {
	return uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16 | uint32(p[3])<<24
}
