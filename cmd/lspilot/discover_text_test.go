package main

import (
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/discover"
)

func TestDiscoveryMessages(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/home/u/.config")
	ollama := discover.Server{Target: discover.Target{Kind: inference.KindOllama, URL: "http://127.0.0.1:11434"}}
	llama := discover.Server{Target: discover.Target{Kind: inference.KindLlamaCpp, URL: "http://127.0.0.1:8080"}, Err: discover.ErrNothingListens}
	tests := []struct {
		name    string
		got     string
		want    []string
		notWant []string
	}{
		{"FIM model", chosenMessage(ollama, discover.Model{Name: "qwen2.5-coder:1.5b-base"}),
			[]string{"using qwen2.5-coder:1.5b-base (fill-in-the-middle code model) on Ollama at http://127.0.0.1:11434",
				"set `url` and `model` under [[backends]] in /home/u/.config/lspilot/config.toml",
				"`lspilot serve --backend URL --model NAME`"},
			[]string{"For better suggestions"}},
		{"general model", chosenMessage(ollama, discover.Model{Name: "llama3.2:3b"}),
			[]string{"using llama3.2:3b (general model)", "For better suggestions", "`ollama pull qwen2.5-coder:1.5b-base`"}, nil},
		{"nothing", notFoundMessage(discover.Result{Servers: []discover.Server{
			{Target: ollama.Target, Err: discover.ErrNoModels}, llama}}),
			[]string{"none found on this machine (Ollama at http://127.0.0.1:11434: the server has no model; " +
				"llama-server at http://127.0.0.1:8080: nothing listens there)",
				"`ollama pull qwen2.5-coder:1.5b-base`", "[[backends]]", "--backend URL --model NAME", "looks again every few seconds"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(tt.got, w) {
					t.Errorf("message lacks %q:\n%s", w, tt.got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(tt.got, w) {
					t.Errorf("message has %q:\n%s", w, tt.got)
				}
			}
		})
	}
}
