package prompt

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name        string
		give        Hints
		wantFamily  Family
		wantBy      string
		wantVariant Variant
	}{
		{
			name: "ollama qwen template",
			give: Hints{Name: "my-model:latest", OllamaTemplate: "{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}" +
				"<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else if .Messages }}<|im_start|>"},
			wantFamily: FamilyQwenCoder, wantBy: "template",
		},
		{
			name:       "ollama codestral template",
			give:       Hints{Name: "codestral:22b", OllamaTemplate: "[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}"},
			wantFamily: FamilyCodestral, wantBy: "template",
		},
		{
			name: "ollama deepseek template",
			give: Hints{Name: "deepseek-coder-v2:16b",
				OllamaTemplate: "<｜fim▁begin｜>{{ .Prompt }}<｜fim▁hole｜>{{ .Suffix }}<｜fim▁end｜>"},
			wantFamily: FamilyDeepSeekCoder, wantBy: "template",
		},
		{
			name: "ollama starcoder2 template",
			give: Hints{Name: "starcoder2:3b",
				OllamaTemplate: "<file_sep>\n<fim_prefix>\n{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>"},
			wantFamily: FamilyStarCoder2, wantBy: "template",
		},
		{
			name:       "ollama codellama template",
			give:       Hints{Name: "codellama:7b-code", OllamaTemplate: "<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>"},
			wantFamily: FamilyCodeLlama, wantBy: "template", wantVariant: VariantBase,
		},
		{
			name: "codegemma shares qwen tokens",
			give: Hints{Name: "codegemma:2b",
				OllamaTemplate: "<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>"},
			wantFamily: FamilyCodeGemma, wantBy: "template",
		},
		{
			name:       "name only",
			give:       Hints{Name: "hf.co/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M"},
			wantFamily: FamilyQwenCoder, wantBy: "name", wantVariant: VariantInstruct,
		},
		{
			name:       "llama.cpp model path",
			give:       Hints{Name: "/models/deepseek-coder-6.7b-base.Q8_0.gguf"},
			wantFamily: FamilyDeepSeekCoder, wantBy: "name", wantVariant: VariantBase,
		},
		{
			name:       "qwen3 coder",
			give:       Hints{Name: "qwen3-coder:30b"},
			wantFamily: FamilyQwenCoder, wantBy: "name",
		},
		{
			name:       "family string",
			give:       Hints{Name: "mystery", Family: "starcoder2"},
			wantFamily: FamilyStarCoder2, wantBy: "family",
		},
		{
			name:       "chat model",
			give:       Hints{Name: "llama3.1:8b-instruct", ChatTemplate: "{% for message in messages %}"},
			wantFamily: FamilyChat, wantBy: "fallback", wantVariant: VariantInstruct,
		},
		{
			name:       "nothing",
			give:       Hints{},
			wantFamily: FamilyChat, wantBy: "fallback",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Detect(tt.give)
			got := []string{string(d.Family), d.By, string(d.Variant)}
			want := []string{string(tt.wantFamily), tt.wantBy, string(tt.wantVariant)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Detect (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDetectNotes(t *testing.T) {
	tests := []struct {
		name string
		give Hints
		want []string // substrings, one per note
	}{
		{name: "qwen instruct is fine", give: Hints{Name: "qwen2.5-coder:7b-instruct"},
			want: []string{"keeps FIM: fine"}},
		{name: "deepseek instruct is suspicious", give: Hints{Name: "deepseek-coder:6.7b-instruct"},
			want: []string{"prefer the base model"}},
		{name: "codegemma it is suspicious", give: Hints{Name: "google/codegemma-7b-it"},
			want: []string{"prefer the base model"}},
		{name: "codellama 34b", give: Hints{Name: "codellama:34b-code"},
			want: []string{"not trained for infilling"}},
		{name: "base model", give: Hints{Name: "qwen2.5-coder:1.5b-base"}},
		{name: "template without suffix", give: Hints{Name: "qwen2.5-coder:7b-base", OllamaTemplate: "{{ .Prompt }}"},
			want: []string{"has no .Suffix"}},
		{name: "fallback", give: Hints{Name: "mistral:7b"}, want: []string{"no FIM format recognised"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect(tt.give).Notes
			if len(got) != len(tt.want) {
				t.Fatalf("notes = %q, want %d matching %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("note %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name       string
		give       string
		wantFamily Family
		wantBy     string
		wantErr    bool
	}{
		{name: "auto", give: "auto", wantFamily: FamilyStarCoder2, wantBy: "name"},
		{name: "empty", give: "", wantFamily: FamilyStarCoder2, wantBy: "name"},
		{name: "family name", give: "CodeLlama", wantFamily: FamilyCodeLlama, wantBy: "config"},
		{name: "chat", give: "chat", wantFamily: FamilyChat, wantBy: "config"},
		{name: "custom", give: "<PRE>{prefix}<SUF>{suffix}<MID>{middle}", wantFamily: FamilyCustom, wantBy: "config"},
		{name: "unknown family", give: "gpt2", wantErr: true},
		{name: "bad custom", give: "{prefix}", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, d, err := Resolve(tt.give, nil, Hints{Name: "starcoder2:7b"})
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Resolve(%q) = %+v, want an error", tt.give, tmpl)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%q): %v", tt.give, err)
			}
			if tmpl.Family != tt.wantFamily || d.Family != tt.wantFamily || d.By != tt.wantBy {
				t.Errorf("Resolve(%q) = %s by %s (template %s), want %s by %s",
					tt.give, d.Family, d.By, tmpl.Family, tt.wantFamily, tt.wantBy)
			}
		})
	}
}
