package main

import (
	"bufio"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// exitBinary is the binary the exit benchmarks run: this package's build,
// or the one named by LSPILOT_EXIT_BENCH_BIN (to compare with another
// version side by side).
func exitBinary() string {
	if b := os.Getenv("LSPILOT_EXIT_BENCH_BIN"); b != "" {
		return b
	}
	return binary
}

// BenchmarkExitAfterShutdown measures the time from the exit notification,
// sent after shutdown with nothing in flight, to the end of the process.
func BenchmarkExitAfterShutdown(b *testing.B) {
	benchExit(b, func(s *rawSession) {
		s.call(b, 2, "shutdown")
		b.StartTimer()
		s.send(b, `{"jsonrpc":"2.0","method":"exit"}`)
	}, 0)
}

// BenchmarkExitOnSIGTERM measures the time from SIGTERM, with a session
// initialized and idle, to the end of the process.
func BenchmarkExitOnSIGTERM(b *testing.B) {
	benchExit(b, func(s *rawSession) {
		b.StartTimer()
		s.cmd.Process.Signal(syscall.SIGTERM)
	}, 1)
}

// BenchmarkExitOnCtrlCAtTerminal measures the time from SIGINT to the end
// of a process whose stdin is a terminal, as when a person runs serve and
// presses Ctrl-C.
func BenchmarkExitOnCtrlCAtTerminal(b *testing.B) {
	b.StopTimer()
	for range b.N {
		master, slave := openPTY(b)
		s := startRaw(b, slave, exitBinary(), "serve", "--config", os.DevNull)
		s.in = master
		s.call(b, 1, "initialize", `{"capabilities":{}}`)
		b.StartTimer()
		s.cmd.Process.Signal(os.Interrupt)
		s.cmd.Wait()
		b.StopTimer()
		master.Close()
		slave.Close()
	}
}

// benchExit starts the binary, initializes a session, and times stop until
// the process has ended with wantCode.
func benchExit(b *testing.B, stop func(*rawSession), wantCode int) {
	warnings := 0
	b.StopTimer()
	for range b.N {
		s := startRaw(b, nil, exitBinary(), "serve", "--config", os.DevNull)
		s.call(b, 1, "initialize", `{"capabilities":{}}`)
		s.send(b, `{"jsonrpc":"2.0","method":"initialized","params":{}}`)
		stop(s)
		err := s.cmd.Wait()
		b.StopTimer()
		if code := s.cmd.ProcessState.ExitCode(); code != wantCode {
			b.Fatalf("exit code %d (%v), want %d; stderr:\n%s", code, err, wantCode, s.stderr)
		}
		warnings += strings.Count(s.stderr.String(), "\tWARN\t")
	}
	// A clean exit logs no warning: any here is a regression.
	b.ReportMetric(float64(warnings)/float64(b.N), "warnings/op")
}

// rawSession is a process spoken to with hand-written frames, so that the
// client's own shutdown costs nothing.
type rawSession struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *syncBuffer
}

// startRaw starts bin with args; with a nil stdin, the session's frames go
// through a pipe, else the caller writes them to the other end of stdin.
func startRaw(b testing.TB, stdin *os.File, bin string, args ...string) *rawSession {
	b.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv()
	s := &rawSession{cmd: cmd, stderr: &syncBuffer{t: b}}
	cmd.Stderr = s.stderr
	var err error
	if stdin != nil {
		cmd.Stdin = stdin
	} else if s.in, err = cmd.StdinPipe(); err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	s.out = bufio.NewReader(out)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return s
}

func (s *rawSession) send(b testing.TB, body string) {
	if _, err := fmt.Fprintf(s.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		b.Fatal(err)
	}
}

// call sends a request with params (none when empty) and reads messages up
// to its response.
func (s *rawSession) call(b testing.TB, id int, method string, params ...string) {
	b.Helper()
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q`, id, method)
	if len(params) > 0 {
		body += `,"params":` + params[0]
	}
	s.send(b, body+"}")
	want := fmt.Sprintf(`"id":%d`, id)
	for {
		msg := s.read(b)
		if strings.Contains(msg, want) && !strings.Contains(msg, `"method"`) {
			return
		}
	}
}

func (s *rawSession) read(b testing.TB) string {
	hdr, err := textproto.NewReader(s.out).ReadMIMEHeader()
	if err != nil {
		b.Fatalf("read header: %v; stderr:\n%s", err, s.stderr)
	}
	n, err := strconv.Atoi(hdr.Get("Content-Length"))
	if err != nil {
		b.Fatal(err)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(s.out, body); err != nil {
		b.Fatal(err)
	}
	return string(body)
}
