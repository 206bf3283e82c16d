// Package proto decodes and encodes the messages of CodSpeed's runner
// protocol on the runner's side, written from the protocol's description
// (docs/codspeed.md), independently of the hooks in the overlay: the tests
// check the two against each other.
package proto

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// A Message is one decoded command or answer.
type Message struct {
	Kind    string // the command's name, e.g. "StartBenchmark"
	Pid     int32  `json:",omitempty"`
	URI     string `json:",omitempty"`
	Name    string `json:",omitempty"`
	Version string `json:",omitempty"`
	Marker  string `json:",omitempty"`
	Time    int64  `json:",omitempty"` // marker timestamp, CLOCK_MONOTONIC ns
	Number  uint64 `json:",omitempty"` // SetVersion's version, IntegrationModeResponse's mode
}

var kinds = []string{
	"ExecutedBenchmark", "StartBenchmark", "StopBenchmark", "Ack", "Ping", "SetIntegration",
	"Err", "AddMarker", "SetVersion", "GetIntegrationMode", "IntegrationModeResponse",
}

var markers = []string{"SampleStart", "SampleEnd", "BenchmarkStart", "BenchmarkEnd"}

// Read reads one length-prefixed message.
func Read(r io.Reader) (Message, []byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return Message{}, nil, err
	}
	n := binary.LittleEndian.Uint32(head[:])
	if n > 1<<20 {
		return Message{}, nil, fmt.Errorf("message of %d bytes", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return Message{}, nil, err
	}
	m, err := Decode(body)
	return m, append(head[:], body...), err
}

// Decode decodes a payload, its length left off. Every byte must be used.
func Decode(p []byte) (Message, error) {
	d := decoder{p: p}
	tag := d.u32()
	if d.err != nil || int(tag) >= len(kinds) {
		return Message{}, fmt.Errorf("unknown tag in % x", p)
	}
	m := Message{Kind: kinds[tag]}
	switch m.Kind {
	case "ExecutedBenchmark":
		m.Pid = int32(d.u32())
		m.URI = d.str()
	case "SetIntegration":
		m.Name = d.str()
		m.Version = d.str()
	case "AddMarker":
		m.Pid = int32(d.u32())
		k := d.u32()
		if int(k) >= len(markers) {
			return m, fmt.Errorf("unknown marker %d", k)
		}
		m.Marker = markers[k]
		m.Time = int64(d.u64())
	case "SetVersion":
		m.Number = d.u64()
	case "IntegrationModeResponse":
		m.Number = uint64(d.u32())
	}
	if d.err != nil {
		return m, d.err
	}
	if len(d.p) != 0 {
		return m, fmt.Errorf("%d bytes left after %s", len(d.p), m.Kind)
	}
	return m, nil
}

type decoder struct {
	p   []byte
	err error
}

func (d *decoder) take(n int) []byte {
	if d.err != nil || len(d.p) < n {
		d.err = errors.New("message cut short")
		return make([]byte, n)
	}
	b := d.p[:n]
	d.p = d.p[n:]
	return b
}

func (d *decoder) u32() uint32 { return binary.LittleEndian.Uint32(d.take(4)) }
func (d *decoder) u64() uint64 { return binary.LittleEndian.Uint64(d.take(8)) }

func (d *decoder) str() string {
	n := d.u64()
	if n > uint64(len(d.p)) {
		d.err = errors.New("string longer than the message")
		return ""
	}
	return string(d.take(int(n)))
}

// Encode encodes an answer of the runner: Ack, Err or IntegrationModeResponse.
func Encode(kind string, mode uint32) []byte {
	var body []byte
	for tag, k := range kinds {
		if k == kind {
			body = binary.LittleEndian.AppendUint32(body, uint32(tag))
		}
	}
	if kind == "IntegrationModeResponse" {
		body = binary.LittleEndian.AppendUint32(body, mode)
	}
	return append(binary.LittleEndian.AppendUint32(nil, uint32(len(body))), body...)
}
