package testing

import (
	"errors"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// The connection to CodSpeed's runner.
//
// Under `codspeed run`, the runner makes two named pipes and holds both
// open, for reading and writing, for as long as it runs; it leaves them
// behind when it ends. So the control pipe opened for writing without
// blocking tells the cases apart at once: ENOENT, no runner ever ran here;
// ENXIO, nobody holds the pipe for reading, a runner that has ended. Neither
// costs a wait. A runner that holds the pipes but does not answer costs one
// wait of runnerTimeout, after which the connection is closed for good. This
// file knows nothing else of package testing, so that it can be tested on
// its own.

// runnerTimeout is how long the runner may take to answer one command. The
// real runner answers in milliseconds, but asks perf to start or stop
// sampling for some commands.
const runnerTimeout = 2 * time.Second

// A runnerConn is an open connection to the runner.
type runnerConn struct {
	ctl *os.File // to the runner
	ack *os.File // from the runner
	buf [maxRunnerMessage]byte
}

// errNoRunner reports that no runner is listening at the pipes.
var errNoRunner = errors.New("no runner")

// close closes both pipes.
func (c *runnerConn) close() {
	c.ctl.Close()
	c.ack.Close()
}

// call sends message m and returns the runner's answer. If the answer does
// not come within runnerTimeout, both pipes are closed, which ends a write
// or read that waits, and call fails.
func (c *runnerConn) call(m []byte, what string) (runnerReply, error) {
	var late atomic.Bool
	t := time.AfterFunc(runnerTimeout, func() {
		late.Store(true)
		c.close()
	})
	r, err := c.exchange(m)
	t.Stop()
	if late.Load() {
		return r, errors.New("the runner did not answer " + what + " within " + runnerTimeout.String())
	}
	if err != nil {
		return r, errors.New(what + ": " + err.Error())
	}
	return r, nil
}

func (c *runnerConn) exchange(m []byte) (runnerReply, error) {
	if _, err := c.ctl.Write(m); err != nil {
		return runnerReply{}, err
	}
	head := c.buf[:4]
	if _, err := io.ReadFull(c.ack, head); err != nil {
		if err == io.EOF {
			err = errors.New("the runner closed its pipe")
		}
		return runnerReply{}, err
	}
	n := le32(head)
	if n > maxRunnerMessage {
		return runnerReply{}, errors.New("the runner's answer is " + strconv.FormatUint(uint64(n), 10) + " bytes long")
	}
	body := c.buf[:n]
	if _, err := io.ReadFull(c.ack, body); err != nil {
		return runnerReply{}, err
	}
	r, ok := parseRunnerReply(body)
	if !ok {
		return r, errors.New("the runner answered with an unknown message, tag " + strconv.FormatUint(uint64(r.tag), 10))
	}
	return r, nil
}

// send sends a command the runner acknowledges.
func (c *runnerConn) send(m []byte, what string) error {
	r, err := c.call(m, what)
	if err != nil {
		return err
	}
	switch r.tag {
	case runnerAck:
		return nil
	case runnerErr:
		return errors.New("the runner answered " + what + " with an error")
	}
	return errors.New("the runner answered " + what + " with tag " + strconv.FormatUint(uint64(r.tag), 10))
}

// handshake announces the protocol version and the integration, and returns
// the mode the runner measures in.
func (c *runnerConn) handshake(name, version string) (uint32, error) {
	if err := c.send(runnerVersion(c.buf[:], runnerProtocol), "SetVersion"); err != nil {
		return 0, err
	}
	r, err := c.call(runnerCommand(c.buf[:], runnerGetIntegrationMode), "GetIntegrationMode")
	if err != nil {
		return 0, err
	}
	if r.tag != runnerIntegrationModeResp {
		return 0, errors.New("the runner answered GetIntegrationMode with tag " + strconv.FormatUint(uint64(r.tag), 10))
	}
	if r.mode != runnerWalltime {
		return r.mode, nil
	}
	return r.mode, c.send(runnerIntegration(c.buf[:], name, version), "SetIntegration")
}
