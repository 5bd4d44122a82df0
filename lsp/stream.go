package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// peekBytes is how much of a refused body is kept to find the request id.
const peekBytes = 64 << 10

// headerLimit bounds one header line; longer lines are garbage.
const headerLimit = 4 << 10

// stream is a jsonrpc2.Stream with LSP header framing that survives bad
// input: a malformed header, a body that is not JSON or not a JSON-RPC
// message, or a body above the size limit is answered with an error response
// (carrying the request id when one can be found) and reading goes on with
// the next frame. Only the end of input or a broken transport ends Read.
type stream struct {
	r      *bufio.Reader
	carry  string          // read before r's next line: the start of a header line found by resync
	w      jsonrpc2.Stream // header framing for writes, and Close
	max    *atomic.Int64   // body size limit in bytes, adjustable at run time
	logger *zap.Logger
	ended  chan struct{} // closed when Read fails: the input is over
	once   sync.Once
}

func newStream(rwc io.ReadWriteCloser, max *atomic.Int64, logger *zap.Logger) *stream {
	return &stream{
		r: bufio.NewReaderSize(rwc, 64<<10), w: jsonrpc2.NewHeaderStream(rwc),
		max: max, logger: logger, ended: make(chan struct{}),
	}
}

// Write implements jsonrpc2.Stream.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	return s.w.Write(ctx, msg)
}

// Close implements jsonrpc2.Stream.
func (s *stream) Close() error { return s.w.Close() }

// Read implements jsonrpc2.Stream.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	msg, n, err := s.read(ctx)
	if err != nil {
		s.once.Do(func() { close(s.ended) })
	}
	return msg, n, err
}

func (s *stream) read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		n, hdrBytes, err := s.readHeader()
		if err != nil {
			var bad *badHeaderError
			if !errors.As(err, &bad) {
				return nil, 0, err
			}
			s.refuse(ctx, jsonrpc2.ID{}, jsonrpc2.ParseError, bad.Error())
			if err := s.resync(bad.rest); err != nil {
				return nil, 0, err
			}
			continue
		}
		if limit := s.max.Load(); n > limit {
			if err := s.refuseOversized(ctx, n, limit); err != nil {
				return nil, 0, err
			}
			continue
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(s.r, body); err != nil {
			return nil, 0, noEOF(err)
		}
		if !utf8.Valid(body) {
			s.logger.Warn("message body is not valid UTF-8; replacing invalid bytes", zap.Int64("bytes", n))
			body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			id, _ := peekID(body)
			s.refuse(ctx, id, jsonrpc2.ParseError, fmt.Sprintf("malformed message: %v", err))
			continue
		}
		return msg, hdrBytes + n, nil
	}
}

// badHeaderError is a header that cannot be understood. rest holds bytes
// of it already read that may still hold the next header (garbage runs
// into it without a line break): resync looks there first.
type badHeaderError struct {
	reason string
	rest   []byte
}

func (e *badHeaderError) Error() string { return "invalid message header: " + e.reason }

// readHeader reads header lines up to the empty line and returns the
// Content-Length and the header's size.
func (s *stream) readHeader() (length, size int64, err error) {
	length = -1
	for {
		line, err := s.readLine()
		if err != nil {
			if size == 0 && errors.Is(err, io.EOF) {
				return 0, 0, io.EOF
			}
			return 0, 0, err
		}
		size += int64(len(line))
		text := strings.TrimRight(string(line), "\r\n")
		if text == "" {
			if size <= 2 {
				size = 0 // stray blank line between frames
				continue
			}
			if length < 0 {
				return 0, 0, &badHeaderError{reason: "missing Content-Length"}
			}
			return length, size, nil
		}
		if i := indexFold(text, "content-length:"); i > 0 {
			// The rest of a frame whose Content-Length was too short runs
			// into the next header: skip to the field.
			s.logger.Warn("skipped bytes before a header", zap.Int("bytes", i))
			text = text[i:]
		}
		name, value, ok := strings.Cut(text, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return 0, 0, &badHeaderError{reason: fmt.Sprintf("%.40q is not a header field", text)}
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			length, err = strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || length <= 0 {
				return 0, 0, &badHeaderError{reason: fmt.Sprintf("Content-Length %q", strings.TrimSpace(value))}
			}
		}
	}
}

// readLine reads one header line, refusing lines above headerLimit. A line
// resync put back is read first.
func (s *stream) readLine() ([]byte, error) {
	if i := strings.IndexByte(s.carry, '\n'); i >= 0 {
		line := []byte(s.carry[:i+1])
		s.carry = s.carry[i+1:]
		return line, nil
	}
	line, err := s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) || len(s.carry)+len(line) > headerLimit {
		// All but its first byte may hold the next header: a line that
		// starts with one is not found again.
		rest := append([]byte(s.carry), line...)[1:]
		s.carry = ""
		return nil, &badHeaderError{reason: "header line too long", rest: rest}
	}
	if err != nil {
		if (len(line) > 0 || s.carry != "") && errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if s.carry != "" {
		line = append([]byte(s.carry), line...)
		s.carry = ""
	}
	return line, nil
}

// resync discards input up to the next "Content-Length:" field, which starts
// the next frame that can be read, looking first in seen, bytes already
// read.
func (s *stream) resync(seen []byte) error {
	const marker = "content-length:"
	matched := 0
	for i := 0; ; i++ {
		var b byte
		if i < len(seen) {
			b = seen[i]
		} else {
			var err error
			if b, err = s.r.ReadByte(); err != nil {
				return noEOF(err)
			}
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		switch {
		case b == marker[matched]:
			matched++
		case b == marker[0]:
			matched = 1
		default:
			matched = 0
		}
		if matched == len(marker) {
			// The field name, and what of its line was read, put back
			// for readHeader.
			s.carry = "Content-Length:" + string(seen[min(i+1, len(seen)):])
			return nil
		}
	}
}

// refuseOversized skips an n-byte body above limit without holding it in
// memory, and answers the request it carried when its id comes early enough.
func (s *stream) refuseOversized(ctx context.Context, n, limit int64) error {
	head := make([]byte, min(n, peekBytes))
	if _, err := io.ReadFull(s.r, head); err != nil {
		return noEOF(err)
	}
	if _, err := io.CopyN(io.Discard, s.r, n-int64(len(head))); err != nil {
		return noEOF(err)
	}
	id, _ := peekID(head)
	s.refuse(ctx, id, jsonrpc2.InvalidRequest, fmt.Sprintf(
		"message of %d bytes exceeds the limit of %d bytes (server.maxMessageBytes)", n, limit))
	return nil
}

// refuse logs a dropped message and answers it with an error response. A
// message without a known id is answered with a null id, as JSON-RPC says.
func (s *stream) refuse(ctx context.Context, id jsonrpc2.ID, code jsonrpc2.Code, msg string) {
	s.logger.Warn("refused message", zap.String("reason", msg), zap.Stringer("id", idStringer{id}))
	if _, err := s.w.Write(ctx, jsonrpc2.NewResponse(id, nil, jsonrpc2.NewError(code, msg))); err != nil {
		s.logger.Warn("write error response", zap.Error(err))
	}
}

// peekID finds the top-level "id" member of a possibly truncated or invalid
// JSON object.
func peekID(data []byte) (jsonrpc2.ID, bool) {
	e := peekEnvelope(data)
	return e.id, e.id.IsValid()
}

// envelope is what a message's top level says about it.
type envelope struct {
	id     jsonrpc2.ID // invalid when absent or not a string or integer
	method string      // "" for a response
}

// peekEnvelope reads the top-level "id" and "method" members of a possibly
// truncated or invalid JSON object, as far as it can be read.
func peekEnvelope(data []byte) envelope {
	var e envelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return e
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return e
		}
		var value any
		if err := dec.Decode(&value); err != nil {
			return e
		}
		switch v := value.(type) {
		case string:
			if key == "id" {
				e.id = jsonrpc2.NewStringID(v)
			} else if key == "method" {
				e.method = v
			}
		case json.Number:
			if n, err := v.Int64(); err == nil && key == "id" {
				e.id = jsonrpc2.NewNumberID(n)
			}
		}
	}
	return e
}

// noEOF reports an end of input inside a frame as io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// idStringer prints a request id for logs.
type idStringer struct{ id jsonrpc2.ID }

func (s idStringer) String() string {
	if !s.id.IsValid() {
		return "null"
	}
	return fmt.Sprint(s.id)
}

// indexFold returns the index of the ASCII field in s, ignoring ASCII case,
// or -1. Unlike an index into strings.ToLower(s), it is an offset into s
// whatever s holds (invalid UTF-8, letters whose lower case is longer).
func indexFold(s, field string) int {
	for i := 0; i+len(field) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(field)], field) {
			return i
		}
	}
	return -1
}
