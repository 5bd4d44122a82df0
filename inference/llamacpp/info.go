package llamacpp

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Ping checks /health (503 while the model loads) and reads the build from
// /props.
func (b *Backend) Ping(ctx context.Context) (inference.ServerInfo, error) {
	start := time.Now()
	o := b.origin("")
	var health struct {
		Status string `json:"status"`
	}
	if err := b.api.GetJSON(ctx, o, "/health", &health); err != nil {
		return inference.ServerInfo{Latency: time.Since(start)}, err
	}
	info := inference.ServerInfo{Latency: time.Since(start)}
	if p, err := b.props(ctx); err == nil {
		info.Version = p.BuildInfo
	}
	return info, nil
}

// ModelInfo describes the served model from /props: its name (--alias, or
// the file's name), context size per slot and chat template. llama-server
// serves one model, so the name is not checked; FIM support shows only when
// /infill is tried.
func (b *Backend) ModelInfo(ctx context.Context, model string) (inference.ModelInfo, error) {
	p, err := b.props(ctx)
	if err != nil {
		return inference.ModelInfo{}, err
	}
	return inference.ModelInfo{
		Name:          p.modelName(),
		Template:      p.ChatTemplate,
		ContextLength: p.DefaultGenerationSettings.NCtx,
	}, nil
}

// modelName is the alias the server was started with, else the model file's
// name without .gguf. Without --alias the server reports the model's path as
// its alias.
func (p *props) modelName() string {
	if p.ModelAlias != "" && p.ModelAlias != p.ModelPath {
		return p.ModelAlias
	}
	return strings.TrimSuffix(filepath.Base(p.ModelPath), ".gguf")
}

func (b *Backend) props(ctx context.Context) (props, error) {
	var p props
	if err := b.api.GetJSON(ctx, b.origin(""), "/props", &p); err != nil {
		return p, err
	}
	if p.TotalSlots > 0 {
		b.slots.Store(int32(p.TotalSlots))
	}
	return p, nil
}

// Tokenize returns the model's tokens for text, special tokens parsed and no
// BOS added.
func (b *Backend) Tokenize(ctx context.Context, text string) ([]int, error) {
	in := struct {
		Content      string `json:"content"`
		AddSpecial   bool   `json:"add_special"`
		ParseSpecial bool   `json:"parse_special"`
	}{Content: text, ParseSpecial: true}
	var out struct {
		Tokens []int `json:"tokens"`
	}
	if err := b.api.PostJSON(ctx, b.origin(""), "/tokenize", &in, &out); err != nil {
		return nil, err
	}
	return out.Tokens, nil
}

// Slot is the state of one llama-server slot.
type Slot struct {
	ID           int  `json:"id"`
	NCtx         int  `json:"n_ctx"`
	IsProcessing bool `json:"is_processing"`
}

// Slots lists the slots through /slots; a server started with --no-slots
// answers with an error matching inference.ErrUnsupported.
func (b *Backend) Slots(ctx context.Context) ([]Slot, error) {
	var slots []Slot
	if err := b.api.GetJSON(ctx, b.origin(""), "/slots", &slots); err != nil {
		return nil, err
	}
	b.slots.Store(int32(len(slots)))
	return slots, nil
}
