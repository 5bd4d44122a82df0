package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// middleware wraps dispatch with what every message needs. Requests get
// exactly one reply with a proper error code, and a request id that their
// logs and backend requests carry; notifications never return an error,
// since jsonrpc2 would end the connection for it. The observer hears of
// each message.
func (s *server) middleware(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
		method, isCall, id := strings.Clone(req.Method()), req.IsCall(), req.ID()
		start := time.Now()
		if ok, err := s.lifecycle().admit(method, isCall, req.Params()); !ok {
			s.logRefused(method, isCall, err)
			return nil, err
		}
		defer func() {
			if v := recover(); v != nil {
				s.logger.Error("handler panic", zap.String("method", method), zap.Any("panic", v),
					zap.ByteString("stack", debug.Stack()))
				result, err = nil, nil
				if isCall {
					err = panicError(method, v)
				}
			}
		}()
		if method == protocol.MethodTextDocumentDidChange {
			if err := s.checkChangeRanges(req.Params()); err != nil {
				s.notificationDone(ctx, method, req.Params(), err)
				return nil, nil
			}
		}
		if method == protocol.MethodTextDocumentInlineCompletion {
			ctx = withClientVersion(ctx, req.Params())
		}
		var rid string
		if isCall {
			rid = newRequestID()
			ctx = inference.WithRequestID(ctx, rid)
		}
		result, err = next(ctx, req)
		if !isCall {
			s.notificationDone(ctx, method, req.Params(), err)
			s.logTrace(ctx, method, "", time.Since(start), err)
			s.observer.Notification(MethodLabel(method))
			return nil, nil
		}
		err = wireError(ctx, err)
		d := time.Since(start)
		s.observer.Request(MethodLabel(method), d, outcome(err))
		if ce := s.logger.Check(zap.DebugLevel, "request"); ce != nil {
			ce.Write(zap.String("method", method), zap.Stringer("id", idStringer{id}), zap.String("request_id", rid),
				zap.String("uri", documentURI(req.Params())), zap.Duration("duration", d), zap.Error(err))
		}
		s.logTrace(ctx, method, fmt.Sprint(id), d, err)
		return result, err
	}
}

// notificationDone logs a failed notification. A didChange whose parameters
// could not be decoded lost an edit: its document goes out of sync.
func (s *server) notificationDone(ctx context.Context, method string, params jsonrpc2.RawMessage, err error) {
	var wire *jsonrpc2.Error
	if err == nil {
		return
	}
	if errors.As(err, &wire) && wire.Code == jsonrpc2.MethodNotFound {
		s.logger.Debug("ignored notification", zap.String("method", method))
		return
	}
	s.logger.Error("notification failed", zap.String("method", method), zap.Error(err))
	if method != protocol.MethodTextDocumentDidChange {
		return
	}
	if uri := documentURI(params); uri != "" {
		s.docs.markOutOfSync(uri)
		s.logMessage(ctx, protocol.MessageTypeWarning, fmt.Sprintf(
			"lspilot: %s: refused change (%v): %v", uri, err, ErrOutOfSync))
	}
}

// documentURI returns params' textDocument.uri, for logs; "" when absent.
func documentURI(params jsonrpc2.RawMessage) string {
	var p struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
	}
	if !bytes.Contains(params, []byte(`"textDocument"`)) || json.Unmarshal(params, &p) != nil {
		return ""
	}
	return p.TextDocument.URI
}

// checkChangeRanges refuses a didChange with a range that is present but
// invalid (negative or fractional numbers): the protocol decoder would read
// such a change as a full-text one and corrupt the document.
func (s *server) checkChangeRanges(params jsonrpc2.RawMessage) error {
	if !bytes.Contains(params, []byte(`"range"`)) {
		return nil
	}
	type pos struct {
		Line      *uint32 `json:"line"`
		Character *uint32 `json:"character"`
	}
	var p struct {
		ContentChanges []struct {
			Range *struct{ Start, End pos } `json:"range"`
		} `json:"contentChanges"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		return fmt.Errorf("invalid change: %w", err)
	}
	for i, c := range p.ContentChanges {
		if r := c.Range; r != nil && (r.Start.Line == nil || r.Start.Character == nil || r.End.Line == nil || r.End.Character == nil) {
			return fmt.Errorf("change %d: range lacks a line or character", i)
		}
	}
	return nil
}

// versionKey carries the document version a client sent along with an
// inline completion request (GitHub Copilot's clients send
// textDocument.version).
type versionKey struct{}

func withClientVersion(ctx context.Context, params jsonrpc2.RawMessage) context.Context {
	if !bytes.Contains(params, []byte(`"version"`)) {
		return ctx
	}
	var p struct {
		TextDocument struct {
			Version *int32 `json:"version"`
		} `json:"textDocument"`
	}
	if json.Unmarshal(params, &p) != nil || p.TextDocument.Version == nil {
		return ctx
	}
	return context.WithValue(ctx, versionKey{}, *p.TextDocument.Version)
}

// clientVersion returns the version withClientVersion found.
func clientVersion(ctx context.Context) (int32, bool) {
	v, ok := ctx.Value(versionKey{}).(int32)
	return v, ok
}
