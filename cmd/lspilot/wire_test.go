package main

import (
	"context"
	"testing"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/backends"
	"github.com/lspilot/lspilot/lsp"
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
	if got := routed(single, lsp.BackendSettings{}, nop); got != inference.Backend(single) {
		t.Errorf("a single Ollama backend was wrapped: %T", got)
	}
	llama := stub{inference.KindLlamaCpp}
	if _, ok := routed(llama, lsp.BackendSettings{Slots: 4}, nop).(*backends.Group); !ok {
		t.Error("llama.cpp with slots is not routed to per-session slots")
	}
	group := backends.NewGroup("g", []inference.Backend{single, single}, nil)
	got, ok := routed(group, lsp.BackendSettings{}, nop).(*backends.Group)
	if !ok || got == group || len(got.Replicas()) != 2 {
		t.Errorf("replicas are not routed by prefix: %T", got)
	}
}
