package ollama

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference"
)

// ModelInfo describes model through /api/show: its template, whether the
// template fills in the middle (uses .Suffix, which Ollama reports as the
// "insert" capability), its family and trained context length.
func (b *Backend) ModelInfo(ctx context.Context, model string) (inference.ModelInfo, error) {
	if model == "" {
		model = b.cfg.Model
	}
	var show *api.ShowResponse
	err := b.do(ctx, model, func(ctx context.Context) (err error) {
		show, err = b.client.Show(ctx, &api.ShowRequest{Model: model})
		return err
	})
	if err != nil {
		return inference.ModelInfo{}, err
	}
	info := inference.ModelInfo{
		Name:          model,
		Family:        show.Details.Family,
		Template:      show.Template,
		ParameterSize: show.Details.ParameterSize,
		Quantization:  show.Details.QuantizationLevel,
		FIM:           inference.Unsupported,
	}
	for _, c := range show.Capabilities {
		info.Capabilities = append(info.Capabilities, string(c))
	}
	if slices.Contains(info.Capabilities, "insert") || strings.Contains(show.Template, ".Suffix") {
		info.FIM = inference.Supported
	}
	info.ContextLength = contextLength(show.ModelInfo)
	return info, nil
}

// contextLength reads "<architecture>.context_length" from model_info.
func contextLength(mi map[string]any) int {
	arch, _ := mi["general.architecture"].(string)
	if arch == "" {
		return 0
	}
	switch v := mi[arch+".context_length"].(type) {
	case float64:
		return int(v)
	case int:
		return v
	}
	return 0
}

// Ping asks the server for its version.
func (b *Backend) Ping(ctx context.Context) (inference.ServerInfo, error) {
	start := time.Now()
	var v string
	err := b.do(ctx, "", func(ctx context.Context) (err error) {
		v, err = b.client.Version(ctx)
		return err
	})
	return inference.ServerInfo{Version: v, Latency: time.Since(start)}, err
}

// RunningModel is a model loaded in the server's memory.
type RunningModel struct {
	Name string
	// ContextLength is the context window it was loaded with (num_ctx).
	ContextLength int
	// SizeVRAM is the part of its size in GPU memory, in bytes.
	SizeVRAM int64
	Size     int64
	// ExpiresAt is when keep_alive unloads it.
	ExpiresAt time.Time
}

// Running lists the loaded models through /api/ps.
func (b *Backend) Running(ctx context.Context) ([]RunningModel, error) {
	var ps *api.ProcessResponse
	err := b.do(ctx, "", func(ctx context.Context) (err error) {
		ps, err = b.client.ListRunning(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]RunningModel, len(ps.Models))
	for i, m := range ps.Models {
		out[i] = RunningModel{Name: m.Name, ContextLength: m.ContextLength, SizeVRAM: m.SizeVRAM, Size: m.Size, ExpiresAt: m.ExpiresAt}
	}
	return out, nil
}
