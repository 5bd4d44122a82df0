package lsptest

import (
	"context"

	"go.lsp.dev/protocol"
)

// Pending is a request in flight.
type Pending struct {
	cancel context.CancelFunc
	done   chan error
}

// Go sends a request without waiting for its reply, which is decoded into
// result when it comes.
func (e *Editor) Go(method string, params, result any) *Pending {
	ctx, cancel := context.WithTimeout(e.ctx, Timeout)
	p := &Pending{cancel: cancel, done: make(chan error, 1)}
	go func() {
		defer cancel()
		p.done <- protocol.Call(ctx, e.conn, method, params, result)
	}()
	return p
}

// Cancel sends $/cancelRequest for the request, as an editor does when the
// user moves on.
func (p *Pending) Cancel() { p.cancel() }

// Wait returns the request's error once it is answered or cancelled.
func (p *Pending) Wait() error { return <-p.done }
