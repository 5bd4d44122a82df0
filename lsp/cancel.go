package lsp

import (
	"context"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// requestContext is a request's context: cancellation and deadline come from
// a context derived from the connection's, values from jsonrpc2's request
// context, which carries the token that jsonrpc2.Async needs.
//
// jsonrpc2's request contexts are pooled and recycled when the handler
// returns, so nothing may derive a context from them that outlives the
// handler; context.WithCancel on one does exactly that through its
// propagation goroutine. Deriving from the connection context avoids it.
type requestContext struct {
	context.Context
	values context.Context // valid only while the handler runs
}

func (c requestContext) Value(key any) any {
	if v := c.values.Value(key); v != nil {
		return v
	}
	return c.Context.Value(key)
}

// inflight maps the ids of requests being handled to their cancel functions.
type inflight struct {
	mu      sync.Mutex
	cancels map[jsonrpc2.ID]context.CancelFunc // guarded by mu
}

func (f *inflight) add(id jsonrpc2.ID, cancel context.CancelFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancels == nil {
		f.cancels = make(map[jsonrpc2.ID]context.CancelFunc)
	}
	f.cancels[id] = cancel
}

func (f *inflight) remove(id jsonrpc2.ID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.cancels, id)
}

// cancel cancels request id; an id not in flight is ignored, as the
// specification says.
func (f *inflight) cancel(id jsonrpc2.ID) bool {
	f.mu.Lock()
	cancel, ok := f.cancels[id]
	f.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// withCancel gives each message its own context derived from connCtx and
// registers requests for $/cancelRequest, which it handles itself.
func (s *server) withCancel(connCtx context.Context, next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.Method() == protocol.MethodCancelRequest {
			s.observer.ClientCancel()
			s.cancelRequest(req.Params())
			return nil, nil
		}
		rctx, cancel := context.WithCancel(connCtx)
		defer cancel()
		if req.IsCall() {
			id := req.ID()
			s.inflight.add(id, cancel)
			defer s.inflight.remove(id)
		}
		return next(requestContext{Context: rctx, values: ctx}, req)
	}
}

// cancelRequest cancels the request named by $/cancelRequest params, whose
// id may be a number or a string.
func (s *server) cancelRequest(raw jsonrpc2.RawMessage) {
	var params protocol.CancelParams
	if err := protocol.Unmarshal(raw, &params); err != nil {
		s.logger.Warn("malformed $/cancelRequest", zap.Error(err))
		return
	}
	var id jsonrpc2.ID
	switch v := params.ID.(type) {
	case protocol.Integer:
		id = jsonrpc2.NewNumberID(int64(v))
	case protocol.String:
		id = jsonrpc2.NewStringID(string(v))
	default:
		s.logger.Warn("$/cancelRequest without a usable id")
		return
	}
	if s.inflight.cancel(id) {
		s.logger.Debug("cancel", zap.Stringer("id", idStringer{id}))
	}
}
