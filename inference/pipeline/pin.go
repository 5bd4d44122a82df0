package pipeline

import (
	"context"

	"github.com/lspilot/lspilot/inference"
)

// pinned sends every request to one llama.cpp slot.
type pinned struct {
	inference.Backend
	slot int
}

func (b pinned) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	r := *req
	r.Slot = &b.slot
	return b.Backend.Generate(ctx, &r, fn)
}
