package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/config"
)

// fuzzPipe is the transport of a stream under fuzzing: input from a byte
// slice, output (the error replies) collected.
type fuzzPipe struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (p *fuzzPipe) Read(b []byte) (int, error)  { return p.in.Read(b) }
func (p *fuzzPipe) Write(b []byte) (int, error) { return p.out.Write(b) }
func (p *fuzzPipe) Close() error                { return nil }

// newFuzzStream returns a stream reading input with the default size limit.
func newFuzzStream(input []byte) (*stream, *fuzzPipe) {
	p := &fuzzPipe{in: bytes.NewReader(input)}
	var limit atomic.Int64
	limit.Store(config.DefaultMaxMessageBytes)
	return newStream(p, &limit, zap.NewNop()), p
}

// readAll reads messages until the input ends. Every message must consume
// input, so that reading ends; the end must be io.EOF at a frame boundary
// or io.ErrUnexpectedEOF inside one.
func readAll(t *testing.T, s *stream, p *fuzzPipe) []jsonrpc2.Message {
	t.Helper()
	var msgs []jsonrpc2.Message
	for {
		before := p.in.Len() + s.r.Buffered()
		msg, _, err := s.Read(context.Background())
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("read ended with %v, want EOF or unexpected EOF", err)
			}
			return msgs
		}
		if p.in.Len()+s.r.Buffered() >= before {
			t.Fatalf("message %d consumed no input", len(msgs))
		}
		msgs = append(msgs, msg)
	}
}

// replies decodes the error responses a stream wrote: each must be a
// well-framed response carrying a parse or invalid-request error.
func replies(t *testing.T, out []byte) []*jsonrpc2.Response {
	t.Helper()
	r := jsonrpc2.NewHeaderStream(&fuzzPipe{in: bytes.NewReader(out)})
	var got []*jsonrpc2.Response
	for {
		msg, _, err := r.Read(context.Background())
		if errors.Is(err, io.EOF) {
			return got
		}
		if err != nil {
			t.Fatalf("error reply %d is not a frame: %v\n%q", len(got), err, out)
		}
		resp, ok := msg.(*jsonrpc2.Response)
		var werr *jsonrpc2.Error
		if !ok || !errors.As(resp.Err(), &werr) || (werr.Code != jsonrpc2.ParseError && werr.Code != jsonrpc2.InvalidRequest) {
			t.Fatalf("reply %d = %#v, want a parse or invalid-request error response", len(got), msg)
		}
		got = append(got, resp)
	}
}

// FuzzStreamArbitrary feeds arbitrary bytes: reading never panics or
// hangs, each message consumes input, reading ends at the end of input, and
// whatever the stream answers is well-framed error responses.
func FuzzStreamArbitrary(f *testing.F) {
	f.Add([]byte("Content-Length: 2\r\n\r\n{}"))
	f.Add([]byte("Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}  "))
	f.Add([]byte("content-length:3\n\n[1]Content-Length: -1\r\n\r\n"))
	f.Add([]byte("garbage\r\nX: y\r\n\r\nContent-Length: 9999999999999999999\r\n\r\n"))
	f.Add([]byte("Content-Length: 10\r\nContent-Type: x\r\n\r\n{\"id\":\"a\"\xff}"))
	f.Add([]byte("\r\n\r\nCONTENT-LENGTH: 2\r\n\r\n{}\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, p := newFuzzStream(data)
		readAll(t, s, p)
		replies(t, p.out.Bytes())
	})
}

// sentinel is the well-formed frame that follows a fuzzed one.
const sentinel = `{"jsonrpc":"2.0","id":"sentinel","method":"shutdown"}`

func frame(body []byte) []byte {
	return append(fmt.Appendf(nil, "Content-Length: %d\r\n\r\n", len(body)), body...)
}

// FuzzStreamFrame frames an arbitrary body correctly and follows it with a
// valid frame: the body yields exactly one thing, the message that
// jsonrpc2.DecodeMessage makes of it or one error reply (carrying the
// request's id when the body has one), and the next frame is read intact.
func FuzzStreamFrame(f *testing.F) {
	f.Add([]byte(`{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":"x","result":null}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":9,"method":`))
	f.Add([]byte(`[{"jsonrpc":"2.0","id":1,"method":"a"}]`))
	f.Add([]byte("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"a\xff\"}"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, p := newFuzzStream(append(frame(body), frame([]byte(sentinel))...))
		msgs := readAll(t, s, p)
		errs := replies(t, p.out.Bytes())
		if len(msgs) == 0 || !isSentinel(msgs[len(msgs)-1]) {
			t.Fatalf("the frame after the fuzzed one was lost: %d messages, %d replies", len(msgs), len(errs))
		}
		if got := len(msgs) - 1 + len(errs); got != 1 {
			t.Fatalf("the fuzzed frame gave %d messages and %d error replies, want one of either", len(msgs)-1, len(errs))
		}
		if len(errs) == 1 {
			want, ok := peekID(bytes.ToValidUTF8(body, []byte("\uFFFD")))
			if !ok {
				want = jsonrpc2.ID{}
			}
			if errs[0].ID() != want {
				t.Fatalf("error reply has id %v, want %v", errs[0].ID(), want)
			}
			return
		}
		want, err := jsonrpc2.DecodeMessage(bytes.ToValidUTF8(body, []byte("\uFFFD")))
		if err != nil {
			t.Fatalf("stream decoded a body that DecodeMessage refuses: %v", err)
		}
		sameMessage(t, msgs[0], want)
	})
}

func isSentinel(m jsonrpc2.Message) bool {
	c, ok := m.(*jsonrpc2.Call)
	return ok && c.ID() == jsonrpc2.NewStringID("sentinel") && c.Method() == "shutdown"
}

// sameMessage compares two messages by their wire encoding.
func sameMessage(t *testing.T, got, want jsonrpc2.Message) {
	t.Helper()
	g, err := jsonrpc2.EncodeMessage(got)
	if err != nil {
		t.Fatalf("encode %#v: %v", got, err)
	}
	w, err := jsonrpc2.EncodeMessage(want)
	if err != nil {
		t.Fatalf("encode %#v: %v", want, err)
	}
	if !bytes.Equal(g, w) {
		t.Fatalf("message = %s\nwant      %s", g, w)
	}
}

// FuzzStreamResync puts garbage between valid frames: every frame is read
// back in order, and each piece of garbage costs at most one error reply
// with a null id. Garbage that holds a Content-Length field is itself a
// frame header and is left out.
func FuzzStreamResync(f *testing.F) {
	f.Add([]byte("hello\n"), []byte("X-Junk: 1\r\n\r\n"), "initialize", `{"a":[1,2]}`)
	f.Add([]byte(": no name\r\n"), []byte("\r\n\r\n"), "textDocument/didChange", `{"text":"a\r\nb"}`)
	f.Add([]byte("Content-Type: x"), []byte("\x00\xff{}\n"), "$/cancelRequest", `null`)
	f.Add([]byte(strings.Repeat("z", 5000)+"\n"), []byte("content-lengt"), "m", `{}`)
	f.Fuzz(func(t *testing.T, g1, g2 []byte, method, params string) {
		garbage := [][]byte{g1, g2, nil}
		for _, g := range garbage {
			if bytes.Contains(bytes.ToLower(g), []byte("content-length")) {
				return
			}
		}
		if !json.Valid([]byte(params)) {
			params = fmt.Sprintf("%q", params)
		}
		var input []byte
		var want []jsonrpc2.Message
		for i := range 6 {
			msg := jsonrpc2.NewCall(jsonrpc2.NewNumberID(int64(i+1)), method, jsonrpc2.RawMessage(params))
			body, err := jsonrpc2.EncodeMessage(msg)
			if err != nil {
				return // a method name the encoder refuses is no frame to send
			}
			decoded, err := jsonrpc2.DecodeMessage(bytes.ToValidUTF8(body, []byte("\uFFFD")))
			if err != nil {
				t.Fatalf("DecodeMessage(EncodeMessage(call)): %v\n%s", err, body)
			}
			want = append(want, decoded)
			input = append(input, garbage[i%len(garbage)]...)
			input = append(input, frame(body)...)
		}
		s, p := newFuzzStream(input)
		got := readAll(t, s, p)
		errs := replies(t, p.out.Bytes())
		if len(got) != len(want) {
			t.Fatalf("read %d messages of %d sent, %d error replies\ninput %q", len(got), len(want), len(errs), input)
		}
		for i := range want {
			sameMessage(t, got[i], want[i])
		}
		if len(errs) > 4 { // two pieces of garbage, twice each
			t.Fatalf("%d error replies for 4 pieces of garbage", len(errs))
		}
		for _, e := range errs {
			if e.ID().IsValid() {
				t.Fatalf("error reply for garbage carries id %v", e.ID())
			}
		}
	})
}

// FuzzStreamRoundTrip writes a message through the stream and reads it back
// from the bytes written: the same message comes out.
func FuzzStreamRoundTrip(f *testing.F) {
	f.Add(uint8(0), int64(1), "", "textDocument/inlineCompletion", []byte(`{"position":{"line":1,"character":2}}`))
	f.Add(uint8(1), int64(0), "", "$/progress", []byte(`{"token":"t","value":{"kind":"end"}}`))
	f.Add(uint8(2), int64(-5), "id-é", "", []byte(`{"items":[]}`))
	f.Add(uint8(3), int64(0), "s", "", []byte(`"boom"`))
	f.Add(uint8(0), int64(1<<53), "", "ünï\u2028", []byte(`{"text":"\ud83d\ude00\r\n"}`))
	f.Fuzz(func(t *testing.T, kind uint8, num int64, str, method string, raw []byte) {
		if !json.Valid(raw) {
			raw, _ = json.Marshal(string(raw))
		}
		// Whitespace around a member's value is not part of it: the
		// reader's spans leave it out.
		raw = bytes.Trim(raw, " \t\r\n")
		id := jsonrpc2.NewNumberID(num)
		if str != "" {
			id = jsonrpc2.NewStringID(str)
		}
		var msg jsonrpc2.Message
		switch kind % 4 {
		case 0:
			msg = jsonrpc2.NewCall(id, method, raw)
		case 1:
			msg = jsonrpc2.NewNotification(method, raw)
		case 2:
			msg = jsonrpc2.NewResponse(id, raw, nil)
		default:
			msg = jsonrpc2.NewResponse(id, nil, jsonrpc2.NewError(jsonrpc2.Code(num), string(raw)))
		}
		want, err := jsonrpc2.EncodeMessage(msg)
		if err != nil {
			return // not a message the encoder writes
		}
		w, p := newFuzzStream(nil)
		if _, err := w.Write(context.Background(), msg); err != nil {
			t.Fatalf("write: %v", err)
		}
		r, rp := newFuzzStream(p.out.Bytes())
		got := readAll(t, r, rp)
		if rp.out.Len() > 0 || len(got) != 1 {
			t.Fatalf("read back %d messages and refused %q, want the one written:\n%s", len(got), rp.out.Bytes(), p.out.Bytes())
		}
		back, err := jsonrpc2.EncodeMessage(got[0])
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if !bytes.Equal(back, bytes.ToValidUTF8(want, []byte("\uFFFD"))) {
			t.Fatalf("read back %s\nwrote     %s", back, want)
		}
	})
}
