package lsp

import (
	"context"
	"fmt"
	"time"

	"go.lsp.dev/protocol"
)

// SetTrace implements protocol.Server.
func (s *server) SetTrace(_ context.Context, params *protocol.SetTraceParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trace = params.Value
	return nil
}

// logTrace reports a handled message through $/logTrace when the client
// asked for tracing. It never includes parameters: they may hold file text.
func (s *server) logTrace(ctx context.Context, method, id string, d time.Duration, err error) {
	s.mu.Lock()
	trace := s.trace
	s.mu.Unlock()
	if trace == "" || trace == protocol.TraceValueOff || method == protocol.MethodLogTrace {
		return
	}
	msg := fmt.Sprintf("handled notification '%s' in %s", method, d.Round(time.Microsecond))
	if id != "" {
		msg = fmt.Sprintf("handled request '%s - (%s)' in %s", method, id, d.Round(time.Microsecond))
	}
	params := &protocol.LogTraceParams{Message: msg}
	if trace == protocol.TraceValueVerbose && err != nil {
		verbose := "error: " + err.Error()
		params.Verbose = &verbose
	}
	_ = s.client.LogTrace(context.WithoutCancel(ctx), params)
}
