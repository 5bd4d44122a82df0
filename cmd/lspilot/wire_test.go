package main

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/nextedit"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/langctx"
)

func TestPipelineConfig(t *testing.T) {
	llama := config.Backend{Name: "gpu", Kind: "llamacpp", URL: "http://a", Replicas: []string{"http://b"}, Slots: 4, Languages: []string{"go"}}
	tests := []struct {
		name string
		give config.Config
		want pipeline.Config
	}{
		{name: "no response cache by default",
			give: config.Config{Backends: []config.Backend{llama}, Scheduler: config.Scheduler{QueueLimit: 8}},
			want: pipeline.Config{
				Backends:  []pipeline.Backend{{BackendConfig: llama.BackendConfig(), Slots: 4}},
				Scheduler: sched.Config{QueueLimit: 8, CacheTTL: -1},
			}},
		{name: "cache and micro-batching",
			give: config.Config{Backends: []config.Backend{llama, {URL: "http://c"}},
				Scheduler: config.Scheduler{CacheTTLSeconds: 30, BatchWindowMs: 20}},
			want: pipeline.Config{
				Backends: []pipeline.Backend{{BackendConfig: llama.BackendConfig(), Slots: 4},
					{BackendConfig: inference.BackendConfig{Name: "http://c", URL: "http://c"}}},
				Scheduler: sched.Config{CacheTTL: 30 * time.Second, Batch: sched.BatchConfig{Enabled: true, Window: 20 * time.Millisecond}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, pipelineConfig(tt.give), cmpopts.IgnoreUnexported(sched.Config{})); diff != "" {
				t.Errorf("pipelineConfig() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEngineConfigNeighbors checks that completion.neighbors, on by
// default, gives the engine the neighbouring-files source.
func TestEngineConfigNeighbors(t *testing.T) {
	off := config.Default()
	off.Completion.Neighbors = false
	noDefs := config.Default()
	noDefs.Context.Definitions = false
	tests := []struct {
		name       string
		give       config.Config
		want, defs int
	}{
		{name: "default", give: config.Default(), want: 1, defs: 1},
		{name: "off", give: off, want: 0, defs: 1},
		{name: "definitions off", give: noDefs, want: 1, defs: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sources := engineConfig(tt.give).Sources
			n, d := 0, 0
			for _, s := range sources {
				switch s.(type) {
				case *complete.Neighbors:
					n++
				case *langctx.Registry:
					d++
				}
			}
			if n != tt.want || d != tt.defs || len(sources) != n+d {
				t.Errorf("sources %T: %d neighbouring-files, %d definitions source(s), want %d and %d", sources, n, d, tt.want, tt.defs)
			}
			if d > 0 && sources[len(sources)-1] != complete.Source(definitions) {
				t.Error("the definitions are not the last source, nearest the file")
			}
		})
	}
}

// TestNextEditFormats checks that the configuration accepts exactly the
// engine's formats, and that the engine gets the configured one.
func TestNextEditFormats(t *testing.T) {
	got := slices.Sorted(slices.Values(config.NextEditFormats))
	want := slices.Sorted(slices.Values(append([]string{"auto"}, nextedit.Formats()...)))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nextEdit.format values (-engine +config):\n%s", diff)
	}
	cfg := config.Default()
	cfg.NextEdit.Format = "zeta2"
	if c := nextEditConfig(cfg); c.Format != "zeta2" || c.NumCtx != numCtx(cfg) {
		t.Errorf("nextEditConfig = %+v", c)
	}
}
