package sched

import (
	"testing"

	"github.com/lspilot/lspilot/inference"
)

func TestKey(t *testing.T) {
	zero, one := 0.0, 1
	base := func() *inference.Request {
		return &inference.Request{Model: "m", Prompt: "p", Suffix: "s", Options: inference.Options{MaxTokens: 8}}
	}
	tests := []struct {
		name   string
		change func(r *inference.Request)
		same   bool
	}{
		{name: "lane", change: func(r *inference.Request) { r.Lane = inference.LaneHover }, same: true},
		{name: "session", change: func(r *inference.Request) { r.Session = "other" }, same: true},
		{name: "slot", change: func(r *inference.Request) { r.Slot = &one }, same: true},
		{name: "keep-alive", change: func(r *inference.Request) { r.Options.KeepAlive = -1 }, same: true},
		{name: "prompt", change: func(r *inference.Request) { r.Prompt = "q" }},
		{name: "prompt and suffix boundary", change: func(r *inference.Request) { r.Prompt, r.Suffix = "ps", "" }},
		{name: "model", change: func(r *inference.Request) { r.Model = "n" }},
		{name: "raw", change: func(r *inference.Request) { r.Raw = true }},
		{name: "extra", change: func(r *inference.Request) { r.Extra = []inference.ContextFile{{Name: "a", Text: "b"}} }},
		{name: "greedy", change: func(r *inference.Request) { r.Options.Temperature = &zero }},
		{name: "seed", change: func(r *inference.Request) { r.Options.Seed = &one }},
		{name: "stop", change: func(r *inference.Request) { r.Options.Stop = []string{"\n"} }},
		{name: "max tokens", change: func(r *inference.Request) { r.Options.MaxTokens = 9 }},
		{name: "single line", change: func(r *inference.Request) { r.SingleLine = true }},
		{name: "messages", change: func(r *inference.Request) {
			r.Prompt, r.Suffix = "", ""
			r.Messages = []inference.Message{{Role: "user", Content: "ps"}}
		}},
	}
	h := newHasher()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base()
			tt.change(r)
			if got := h.of(r, true) == h.of(base(), true); got != tt.same {
				t.Errorf("same key = %v, want %v", got, tt.same)
			}
		})
	}
	t.Run("batch key ignores the prompt", func(t *testing.T) {
		r := base()
		r.Prompt = "other"
		if h.of(r, false) != h.of(base(), false) {
			t.Error("batch keys differ")
		}
	})
}
