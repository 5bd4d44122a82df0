package lsp_test

import (
	"context"
	"sync/atomic"

	"github.com/lspilot/lspilot/inference/complete"
)

// blockingCompleter blocks every request until its context ends, and
// reports each start and end.
type blockingCompleter struct {
	started chan complete.Request
	ended   chan error
}

func newBlockingCompleter() *blockingCompleter {
	return &blockingCompleter{started: make(chan complete.Request, 16), ended: make(chan error, 16)}
}

func (b *blockingCompleter) Complete(ctx context.Context, req complete.Request) ([]complete.Suggestion, error) {
	b.started <- req
	<-ctx.Done()
	b.ended <- ctx.Err()
	return nil, ctx.Err()
}

// panickingCompleter panics on its first call and answers afterwards.
type panickingCompleter struct{ calls atomic.Int32 }

func (p *panickingCompleter) Complete(_ context.Context, req complete.Request) ([]complete.Suggestion, error) {
	if p.calls.Add(1) == 1 {
		panic("boom")
	}
	return []complete.Suggestion{{Text: "ok()"}}, nil
}
