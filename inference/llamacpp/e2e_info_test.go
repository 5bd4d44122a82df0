package llamacpp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
	"github.com/lspilot/lspilot/inference/internal/llamaservertest"
	"github.com/lspilot/lspilot/inference/llamacpp"
	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// TestE2ETokenize: /tokenize parses the FIM tokens as one token each, adds
// no BOS, and counts a raw prompt as /completion does.
func TestE2ETokenize(t *testing.T) {
	_, b := e2eBackend(t)
	raw := fimPrompt("package main\n\n", "\n")
	tests := []struct {
		give string
		want int
	}{
		{give: "", want: 0},
		{give: tinymodel.FIMPrefix, want: 1},
		{give: "func fib", want: 2},
		{give: tinymodel.FIMPrefix + tinymodel.FIMSuffix + tinymodel.FIMMiddle, want: 3},
	}
	for _, tt := range tests {
		toks, err := b.Tokenize(e2eContext(t), tt.give)
		if err != nil || len(toks) != tt.want {
			t.Errorf("Tokenize(%q) = %v, %v; want %d tokens", tt.give, toks, err, tt.want)
		}
	}
	toks, err := b.Tokenize(e2eContext(t), raw)
	if err != nil {
		t.Fatal(err)
	}
	_, st, err := backendtest.Generate(e2eContext(t), b, &inference.Request{Prompt: raw, Raw: true, Options: greedy(1)})
	if err != nil || st.PromptTokens != len(toks) {
		t.Errorf("/completion counted %d prompt tokens (%v), /tokenize %d", st.PromptTokens, err, len(toks))
	}
}

// TestE2EServerInfo: /health and /props give the build, the model's name
// (its file, as the server runs without --alias), the slots and the context
// of each.
func TestE2EServerInfo(t *testing.T) {
	srv, b := e2eBackend(t)
	info, err := b.Ping(e2eContext(t))
	if err != nil || !strings.HasPrefix(info.Version, "b") {
		t.Errorf("Ping() = %+v, %v; want the build, such as b11669-Debian", info, err)
	}
	mi, err := b.ModelInfo(e2eContext(t), "")
	if err != nil || mi.Name != srv.Model || mi.ContextLength != srv.Context/srv.Slots || mi.Template == "" {
		t.Errorf("ModelInfo() = %+v, %v; want %s with %d tokens a slot and a chat template", mi, err, srv.Model, srv.Context/srv.Slots)
	}
	if got := b.Capabilities().Slots; got != srv.Slots {
		t.Errorf("Capabilities().Slots = %d, want %d", got, srv.Slots)
	}
	t.Logf("llama-server %s (Debian %s)", info.Version, srv.Version)
}

// TestE2ESlots: /slots lists every slot with its context, and shows the
// slot that a request pinned to it is running on.
func TestE2ESlots(t *testing.T) {
	srv, b := e2eBackend(t)
	idle, err := b.Slots(e2eContext(t))
	if err != nil || len(idle) != srv.Slots || idle[1].ID != 1 || idle[1].NCtx != srv.Context/srv.Slots {
		t.Fatalf("Slots() = %+v, %v", idle, err)
	}
	var during []llamacpp.Slot
	req := &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Slot: slot(1), Options: greedy(500)}
	st, err := b.Generate(e2eContext(t), req, func(inference.Chunk) error {
		s, err := b.Slots(e2eContext(t))
		if err != nil {
			return err
		}
		during = s
		return inference.ErrStop
	})
	if err != nil || st.StopReason != inference.StopClient {
		t.Fatalf("Generate() = %+v, %v", st, err)
	}
	if len(during) != srv.Slots || !during[1].IsProcessing || during[0].IsProcessing {
		t.Errorf("slots during a request pinned to slot 1: %+v", during)
	}
}

// TestE2EErrors: the real server's refusals map to lspilot's errors.
func TestE2EErrors(t *testing.T) {
	srv, b := e2eBackend(t)
	long := strings.Repeat("x", srv.Context) // one token a byte, more than a slot holds
	tests := []struct {
		name    string
		give    *inference.Request
		wantErr error
	}{
		{name: "prompt over the slot's context", give: &inference.Request{Prompt: long, Raw: true, Options: greedy(4)},
			wantErr: inference.ErrContextOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := backendtest.Generate(e2eContext(t), b, tt.give); !errors.Is(err, tt.wantErr) {
				t.Errorf("Generate() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestE2EExtraContextNeedsRoom: /infill lays input_extra before the FIM
// prefix only in what a slot's context leaves beyond the batch size (2048
// by default) and twice n_predict; in smaller slots it drops it silently.
func TestE2EExtraContextNeedsRoom(t *testing.T) {
	tests := []struct {
		name     string
		opts     []llamaservertest.Option
		wantUsed bool
	}{
		{name: "slots of 4096 tokens", wantUsed: true},
		{name: "slots of 1024 tokens", opts: []llamaservertest.Option{llamaservertest.WithContext(2048)}},
		{name: "slots of 1024 tokens, batch of 512", opts: []llamaservertest.Option{llamaservertest.WithContext(2048), llamaservertest.WithBatch(512)},
			wantUsed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := realLlama.Get(t)
			if tt.opts != nil {
				srv = llamaservertest.Start(t, tt.opts...)
			}
			b := open(t, inference.BackendConfig{Name: "real", URL: srv.URL})
			req := &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(4)}
			_, plain, err := backendtest.Generate(e2eContext(t), b, req)
			if err != nil {
				t.Fatal(err)
			}
			req.Extra = []inference.ContextFile{{Name: "util.go", Text: "package main\n\nvar x = 1\n"}}
			got, extra, err := backendtest.Generate(e2eContext(t), b, req)
			if err != nil || got != tinymodel.Walk(0, 4) {
				t.Fatalf("Generate() with extra context = %q, %v", got, err)
			}
			if used := extra.PromptTokens > plain.PromptTokens; used != tt.wantUsed {
				t.Errorf("prompt of %d tokens with input_extra, %d without; want it used: %v", extra.PromptTokens, plain.PromptTokens, tt.wantUsed)
			}
		})
	}
}

// TestE2EAPIKey: a server started with --api-key refuses a backend without
// the key and serves one with it, on /infill and /props alike.
func TestE2EAPIKey(t *testing.T) {
	srv := llamaservertest.Start(t, llamaservertest.WithArgs("--api-key", "sekret"))
	t.Setenv("LSPILOT_TEST_LLAMA_KEY", "sekret")
	tests := []struct {
		name    string
		keyEnv  string
		wantErr error
	}{
		{name: "without the key", wantErr: inference.ErrUnauthorized},
		{name: "with the key", keyEnv: "LSPILOT_TEST_LLAMA_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := open(t, inference.BackendConfig{Name: "real", URL: srv.URL, APIKeyEnv: tt.keyEnv, Retries: -1})
			req := &inference.Request{Prompt: "package main\n\n", Suffix: "\n", Options: greedy(4)}
			if _, _, err := backendtest.Generate(e2eContext(t), b, req); !errors.Is(err, tt.wantErr) {
				t.Errorf("Generate() error = %v, want %v", err, tt.wantErr)
			}
			if _, err := b.ModelInfo(e2eContext(t), ""); !errors.Is(err, tt.wantErr) {
				t.Errorf("ModelInfo() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}
