package discover_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference/discover"
)

const (
	fimTemplate  = `{{ if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ else }}{{ .Prompt }}{{ end }}`
	chatTemplate = `{{ range .Messages }}<|im_start|>{{ .Role }}{{ .Content }}<|im_end|>{{ end }}`
)

func TestRank(t *testing.T) {
	tests := []struct {
		give     discover.Model
		wantTier discover.Tier
		wantFIM  bool
	}{
		{discover.Model{Name: "qwen2.5-coder:1.5b-base", Template: fimTemplate}, discover.TierFIM, true},
		{discover.Model{Name: "deepseek-coder:6.7b-base"}, discover.TierFIM, true},
		{discover.Model{Name: "starcoder2:3b"}, discover.TierFIM, true},
		{discover.Model{Name: "codellama:7b-code"}, discover.TierFIM, true},
		{discover.Model{Name: "codegemma:2b"}, discover.TierFIM, true},
		{discover.Model{Name: "codestral:22b"}, discover.TierFIM, true},
		{discover.Model{Name: "my-finetune", Capabilities: []string{"completion", "insert"}}, discover.TierFIM, true},
		{discover.Model{Name: "lspilot-fim", Template: fimTemplate}, discover.TierFIM, true},
		{discover.Model{Name: "qwen2.5-coder:7b-instruct", Template: fimTemplate}, discover.TierCode, true},
		{discover.Model{Name: "codegemma:7b-it"}, discover.TierCode, false},
		{discover.Model{Name: "deepseek-coder:6.7b-instruct"}, discover.TierCode, false},
		{discover.Model{Name: "granite-code:3b"}, discover.TierCode, false},
		{discover.Model{Name: "llama3.2:3b", Template: chatTemplate, Family: "llama"}, discover.TierOther, false},
		{discover.Model{Name: "lspilot-nofim", Template: "{{ .Prompt }}"}, discover.TierOther, false},
		{discover.Model{Name: "nomic-embed-text:latest"}, discover.TierUnusable, false},
		{discover.Model{Name: "bge-m3", Capabilities: []string{"embedding"}}, discover.TierUnusable, false},
	}
	for _, tt := range tests {
		t.Run(tt.give.Name, func(t *testing.T) {
			tier, fim := discover.Rank(tt.give)
			if tier != tt.wantTier || fim != tt.wantFIM {
				t.Errorf("Rank = %v, %v; want %v, %v", tier, fim, tt.wantTier, tt.wantFIM)
			}
		})
	}
}

func TestSort(t *testing.T) {
	tests := []struct {
		name string
		give []discover.Model
		want []string
	}{
		{
			name: "base FIM code model before instruct before general",
			give: []discover.Model{
				{Name: "llama3.2:3b", Family: "llama", ParameterSize: "3.2B"},
				{Name: "qwen2.5-coder:7b-instruct", Template: fimTemplate, ParameterSize: "7.6B"},
				{Name: "qwen2.5-coder:1.5b-base", Template: fimTemplate, ParameterSize: "1.5B"},
			},
			want: []string{"qwen2.5-coder:1.5b-base", "qwen2.5-coder:7b-instruct", "llama3.2:3b"},
		},
		{
			name: "a name saying base before Ollama's default tag",
			give: []discover.Model{
				{Name: "qwen2.5-coder:1.5b", Template: fimTemplate, ParameterSize: "1.5B"},
				{Name: "qwen2.5-coder:1.5b-base", Template: fimTemplate, ParameterSize: "1.5B"},
			},
			want: []string{"qwen2.5-coder:1.5b-base", "qwen2.5-coder:1.5b"},
		},
		{
			name: "1B to 8B first, then smaller, then larger, then unknown",
			give: []discover.Model{
				{Name: "qwen2.5-coder:32b-base", Template: fimTemplate, ParameterSize: "32.8B"},
				{Name: "qwen2.5-coder:0.5b-base", Template: fimTemplate, ParameterSize: "494.03M"},
				{Name: "qwen2.5-coder:custom", Template: fimTemplate},
				{Name: "qwen2.5-coder:7b-base", Template: fimTemplate, ParameterSize: "7.6B"},
				{Name: "qwen2.5-coder:1.5b-base", Template: fimTemplate, ParameterSize: "1.5B"},
			},
			want: []string{"qwen2.5-coder:1.5b-base", "qwen2.5-coder:7b-base", "qwen2.5-coder:0.5b-base",
				"qwen2.5-coder:32b-base", "qwen2.5-coder:custom"},
		},
		{
			name: "ties by name",
			give: []discover.Model{{Name: "lspilot-large", Template: fimTemplate}, {Name: "lspilot-fim", Template: fimTemplate}},
			want: []string{"lspilot-fim", "lspilot-large"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			discover.Sort(tt.give)
			var got []string
			for _, m := range tt.give {
				got = append(got, m.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParameters(t *testing.T) {
	tests := []struct {
		give string
		want float64
	}{
		{"1.5B", 1.5e9}, {"494.03M", 494.03e6}, {"7b", 7e9}, {"", 0}, {"big", 0}, {"12", 0},
	}
	for _, tt := range tests {
		if got := discover.Parameters(tt.give); got != tt.want {
			t.Errorf("Parameters(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}
