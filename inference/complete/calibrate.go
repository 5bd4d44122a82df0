package complete

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
)

// calibrationSample is code of the kind prompts hold, for measuring how many
// bytes a model's tokenizer packs into a token.
const calibrationSample = `// Package cache keeps recently used values.
package cache

import "sync"

// LRU is a fixed-size cache; the least recently used entry goes first.
type LRU struct {
	mu    sync.Mutex
	items map[string]*entry
	limit int
}

def parse(line: str) -> dict[str, int]:
    """Split "key=value" pairs separated by commas."""
    return {k: int(v) for k, v in (p.split("=") for p in line.split(","))}

const total = values.reduce((sum, v) => sum + v * 2, 0); // twice the sum
`

// calibrate measures the bytes per token of b's model: with the server's
// tokenizer where it has one, else from the prompt token count of a one-token
// generation (which also loads the model, so the first keystroke does not
// pay for it).
func calibrate(ctx context.Context, b inference.Backend, numCtx int) (*prompt.Calibrated, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // the first request may load the model
	defer cancel()
	if tk, ok := inference.As[inference.Tokenizer](b); ok {
		if toks, err := tk.Tokenize(ctx, calibrationSample); err == nil && len(toks) > 0 {
			return prompt.NewCalibrated(float64(len(calibrationSample)) / float64(len(toks))), nil
		}
	}
	zero := 0.0
	st, err := b.Generate(ctx, &inference.Request{
		Prompt: calibrationSample, Raw: true, Lane: inference.LaneWarmup,
		Options: inference.Options{MaxTokens: 1, Temperature: &zero, NumCtx: numCtx},
	}, func(inference.Chunk) error { return nil })
	if err != nil {
		return nil, fmt.Errorf("calibrate token counts: %w", err)
	}
	if st.PromptTokens <= 0 {
		return nil, errors.New("calibrate token counts: the server reported no prompt tokens")
	}
	return prompt.NewCalibrated(float64(len(calibrationSample)) / float64(st.PromptTokens)), nil
}

// fitBudgets shrinks the prompt budgets so that prompt and answer fit the
// context window; a server that truncates a prompt drops its start, which
// breaks the layout the KV cache depends on.
func fitBudgets(o prompt.Options, numCtx, answer int) prompt.Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.PrefixTokens, prompt.DefaultPrefixTokens)
	def(&o.SuffixTokens, prompt.DefaultSuffixTokens)
	def(&o.ExtraTokens, prompt.DefaultExtraTokens)
	const overhead = 64 // control tokens, headers, rounding
	room := numCtx - answer - overhead
	total := o.PrefixTokens + o.SuffixTokens + o.ExtraTokens
	if numCtx <= 0 || total <= room {
		return o
	}
	room = max(room, 64)
	o.PrefixTokens = o.PrefixTokens * room / total
	o.SuffixTokens = o.SuffixTokens * room / total
	o.ExtraTokens = o.ExtraTokens * room / total
	return o
}
