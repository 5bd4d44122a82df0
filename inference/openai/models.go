package openai

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Models lists the model ids the server offers, from /v1/models.
func (b *Backend) Models(ctx context.Context) ([]string, error) {
	var list modelList
	if err := b.api.GetJSON(ctx, b.origin(""), "/models", &list); err != nil {
		return nil, err
	}
	ids := make([]string, len(list.Data))
	for i, m := range list.Data {
		ids[i] = m.ID
	}
	return ids, nil
}

// ModelInfo checks that the server lists model and returns what /v1/models
// says of it: vLLM adds the context length (max_model_len). Whether the model
// fills in the middle is unknown until a request with a suffix is tried.
func (b *Backend) ModelInfo(ctx context.Context, model string) (inference.ModelInfo, error) {
	if model == "" {
		model = b.cfg.Model
	}
	o := b.origin(model)
	var list modelList
	if err := b.api.GetJSON(ctx, o, "/models", &list); err != nil {
		return inference.ModelInfo{}, err
	}
	ids := make([]string, 0, len(list.Data))
	for _, m := range list.Data {
		// Ollama lists "name:latest" for a model asked for as "name".
		if m.ID == model || m.ID == model+":latest" {
			return inference.ModelInfo{Name: m.ID, ContextLength: m.MaxModelLen}, nil
		}
		ids = append(ids, m.ID)
	}
	if len(ids) > 8 {
		ids = append(ids[:8], "…")
	}
	return inference.ModelInfo{}, o.Error(inference.ErrModelNotFound, 0,
		fmt.Sprintf("the server lists %q, not %q", strings.Join(ids, ", "), model), nil)
}

// Ping checks that /v1/models answers. OpenAI-compatible servers have no
// common version endpoint, so Version stays empty.
func (b *Backend) Ping(ctx context.Context) (inference.ServerInfo, error) {
	start := time.Now()
	var list modelList
	err := b.api.GetJSON(ctx, b.origin(""), "/models", &list)
	return inference.ServerInfo{Latency: time.Since(start)}, err
}
