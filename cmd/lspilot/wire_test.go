package main

import (
	"context"
	"testing"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/backends"
	"github.com/lspilot/lspilot/lsp/config"
)

// stub is a backend of a kind that answers nothing.
type stub struct{ kind inference.BackendKind }

func (s stub) Name() string                         { return "stub" }
func (s stub) Kind() inference.BackendKind          { return s.kind }
func (s stub) Capabilities() inference.Capabilities { return inference.Capabilities{} }
func (s stub) Generate(context.Context, *inference.Request, func(inference.Chunk) error) (inference.Stats, error) {
	return inference.Stats{}, nil
}

func TestRouted(t *testing.T) {
	nop := zap.NewNop()
	single := stub{inference.KindOllama}
	if got, r := routed(single, config.Backend{}, nop); got != inference.Backend(single) || r != nil {
		t.Errorf("a single Ollama backend was wrapped: %T", got)
	}
	llama := stub{inference.KindLlamaCpp}
	if got, r := routed(llama, config.Backend{Slots: 4}, nop); r == nil {
		t.Errorf("llama.cpp with slots is not routed to per-session slots: %T", got)
	}
	group := backends.NewGroup("g", []inference.Backend{single, single}, nil)
	b, r := routed(group, config.Backend{}, nop)
	got, ok := b.(*backends.Group)
	if !ok || r == nil || got == group || len(got.Replicas()) != 2 {
		t.Errorf("replicas are not routed by prefix: %T", got)
	}
}
