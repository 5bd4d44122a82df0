package editortest

import "testing"

func TestRewriteRegion(t *testing.T) {
	rules := []Rename{{When: "func Sum(values", Old: "range xs", New: "range values"}}
	tests := []struct {
		name, prompt, want string
		wantOK             bool
	}{
		{name: "renamed", prompt: "The file:\n```go\n<|region_start|>\nfunc Sum(val<|cursor|>ues []int) {\n\tfor range xs {\n<|region_end|>\n```\n\nRewrite the region between <|region_start|> and <|region_end|>.",
			want: "```go\nfunc Sum(values []int) {\n\tfor range values {\n```\n", wantOK: true},
		{name: "nothing to do", prompt: "<|region_start|>\nfunc Sum(xs []int) {\n\tfor range xs {\n<|region_end|>",
			want: "```go\nfunc Sum(xs []int) {\n\tfor range xs {\n```\n", wantOK: true},
		{name: "not a next-edit prompt", prompt: "<|fim_prefix|>package p\n<|fim_suffix|><|fim_middle|>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := rewriteRegion(tt.prompt, rules)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("rewriteRegion = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
