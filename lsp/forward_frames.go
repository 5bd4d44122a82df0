package lsp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.lsp.dev/jsonrpc2"
)

// maxDaemonFrame bounds one message from the daemon, which the forwarder
// holds whole.
const maxDaemonFrame = 1 << 30

// writeError is a failed write to the other side of a relay.
type writeError struct{ err error }

func (e *writeError) Error() string { return "write: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// relayFrames copies r to w unchanged, frame by frame as far as frames can
// be told apart, and calls see with the start of each frame's body (at most
// peekBytes) before relaying it. Bytes that do not form a frame pass through
// as they are, for the server to answer. It returns the error that ended
// reading, or a *writeError.
func relayFrames(r *bufio.Reader, w io.Writer, see func(head []byte)) error {
	var hdr []byte
	length := int64(-1)
	flush := func() error {
		_, err := w.Write(hdr)
		hdr, length = hdr[:0], -1
		if err != nil {
			return &writeError{err}
		}
		return nil
	}
	for {
		line, err := r.ReadSlice('\n')
		hdr = append(hdr, line...)
		switch {
		case errors.Is(err, bufio.ErrBufferFull) || len(hdr) > headerLimit:
			if err := flush(); err != nil {
				return err
			}
			continue
		case err != nil:
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return err
		}
		text := strings.TrimRight(string(line), "\r\n")
		if text != "" {
			if name, value, ok := strings.Cut(text, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
				length, _ = strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			}
			continue
		}
		if length <= 0 {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		if err := relayBody(r, w, hdr, length, see); err != nil {
			return err
		}
		hdr, length = hdr[:0], -1
	}
}

// relayBody relays a body of n bytes after its header hdr.
func relayBody(r *bufio.Reader, w io.Writer, hdr []byte, n int64, see func([]byte)) error {
	head := make([]byte, min(n, peekBytes))
	k, rerr := io.ReadFull(r, head)
	head = head[:k]
	see(head)
	if _, err := w.Write(append(hdr, head...)); err != nil {
		return &writeError{err}
	}
	if rerr != nil {
		return rerr
	}
	if _, err := io.CopyN(writerOnly{w}, r, n-int64(k)); err != nil {
		var werr *writeError
		if errors.As(err, &werr) {
			return err
		}
		return noEOF(err)
	}
	return nil
}

// writerOnly marks the errors of w as write errors for relayBody.
type writerOnly struct{ w io.Writer }

func (o writerOnly) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}

// readFrame reads one whole frame and returns it with its body.
func readFrame(r *bufio.Reader) (frame, body []byte, err error) {
	length := int64(-1)
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			if len(frame) == 0 && len(line) == 0 && errors.Is(err, io.EOF) {
				return nil, nil, io.EOF
			}
			return nil, nil, noEOF(err)
		}
		frame = append(frame, line...)
		text := strings.TrimRight(string(line), "\r\n")
		if text == "" {
			break
		}
		if name, value, ok := strings.Cut(text, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			if length, err = strconv.ParseInt(strings.TrimSpace(value), 10, 64); err != nil {
				return nil, nil, fmt.Errorf("bad Content-Length %q", value)
			}
		}
	}
	if length < 0 || length > maxDaemonFrame {
		return nil, nil, fmt.Errorf("bad frame: Content-Length %d", length)
	}
	hdr := len(frame)
	frame = append(frame, make([]byte, length)...)
	if _, err := io.ReadFull(r, frame[hdr:]); err != nil {
		return nil, nil, noEOF(err)
	}
	return frame, frame[hdr:], nil
}

// writeFrame writes msg with an LSP header, in one write.
func writeFrame(w io.Writer, msg jsonrpc2.Message) error {
	body, err := jsonrpc2.EncodeMessage(msg)
	if err != nil {
		return err
	}
	_, err = w.Write(append(fmt.Appendf(nil, "Content-Length: %d\r\n\r\n", len(body)), body...))
	return err
}
