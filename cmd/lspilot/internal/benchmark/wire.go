package benchmark

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"

	"go.lsp.dev/jsonrpc2"
)

// tally counts, for every session of a run, the requests the editors put on
// the wire and the answers that came back, by kind. It sees the wire, not
// the client's calls: a request the editor gave up on still counts as
// unanswered until the server's reply arrives. It is safe for concurrent use.
type tally struct {
	pending    atomic.Int64 // requests sent and not yet answered
	unexpected atomic.Int64 // answers to no request in flight: unknown ids or second answers
	unsent     atomic.Int64 // requests whose write failed, most given up by the editor before they left

	mu      sync.Mutex
	sent    map[string]int64 // guarded by mu; by method
	answers map[string]int64 // guarded by mu; by kind: "result" or the error code's name
}

func newTally() *tally {
	return &tally{sent: map[string]int64{}, answers: map[string]int64{}}
}

// counts returns copies of the requests sent by method and the answers by
// kind.
func (t *tally) counts() (sent, answers map[string]int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return maps.Clone(t.sent), maps.Clone(t.answers)
}

func (t *tally) add(m map[string]int64, key string, n int64) {
	t.mu.Lock()
	m[key] += n
	t.mu.Unlock()
}

// stream wraps one session's client stream.
func (t *tally) stream(s jsonrpc2.Stream) jsonrpc2.Stream {
	return &wire{Stream: s, t: t, inFlight: map[jsonrpc2.ID]bool{}}
}

// wire is a client stream that reports its requests and answers to a tally.
type wire struct {
	jsonrpc2.Stream
	t *tally

	mu       sync.Mutex
	inFlight map[jsonrpc2.ID]bool // guarded by mu
}

// Write records a request before it leaves, so that its answer always
// finds it; a request that could not be written is taken back.
func (w *wire) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	call, ok := asCall(msg)
	if ok {
		w.mu.Lock()
		w.inFlight[call.ID()] = true
		w.mu.Unlock()
		w.t.pending.Add(1)
	}
	n, err := w.Stream.Write(ctx, msg)
	switch {
	case !ok:
	case err != nil && w.settle(call.ID()):
		w.t.unsent.Add(1)
	default:
		w.t.add(w.t.sent, call.Method(), 1)
	}
	return n, err
}

// Read records answers.
func (w *wire) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	msg, n, err := w.Stream.Read(ctx)
	if resp, ok := msg.(*jsonrpc2.Response); ok {
		if w.settle(resp.ID()) {
			w.t.add(w.t.answers, answerKind(resp.Err()), 1)
		} else {
			w.t.unexpected.Add(1)
		}
	}
	return msg, n, err
}

// asCall returns msg as a call. The connection writes its own message
// types, so the message is read back from its encoding.
func asCall(msg jsonrpc2.Message) (*jsonrpc2.Call, bool) {
	if c, ok := msg.(*jsonrpc2.Call); ok {
		return c, true
	}
	data, err := jsonrpc2.EncodeMessage(msg)
	if err != nil {
		return nil, false
	}
	decoded, err := jsonrpc2.DecodeMessage(data)
	c, ok := decoded.(*jsonrpc2.Call)
	return c, ok && err == nil
}

// settle removes id from the requests in flight and reports whether it was
// there.
func (w *wire) settle(id jsonrpc2.ID) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.inFlight[id] {
		return false
	}
	delete(w.inFlight, id)
	w.t.pending.Add(-1)
	return true
}

// codeNames are the error codes an LSP client can meet.
var codeNames = map[jsonrpc2.Code]string{
	jsonrpc2.ParseError: "ParseError", jsonrpc2.InvalidRequest: "InvalidRequest",
	jsonrpc2.MethodNotFound: "MethodNotFound", jsonrpc2.InvalidParams: "InvalidParams",
	jsonrpc2.InternalError: "InternalError", -32002: "ServerNotInitialized",
	-32800: "RequestCancelled", -32801: "ContentModified", -32802: "ServerCancelled", -32803: "RequestFailed",
}

// answerKind names an answer: "result", or its error code.
func answerKind(err error) string {
	if err == nil {
		return "result"
	}
	var we *jsonrpc2.Error
	if !errors.As(err, &we) {
		return "error without a code"
	}
	if name, ok := codeNames[we.Code]; ok {
		return name
	}
	return fmt.Sprintf("code %d", we.Code)
}
