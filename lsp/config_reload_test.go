package lsp_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// namedCompleter suggests its name.
type namedCompleter struct{ name string }

func (n namedCompleter) Complete(_ context.Context, req complete.Request) ([]complete.Suggestion, error) {
	return []complete.Suggestion{{Text: n.name}}, nil
}

// builds records the features a test built and which of them were closed.
type builds struct {
	mu     sync.Mutex
	built  []string        // guarded by mu; the name of each build
	closed map[string]bool // guarded by mu
}

// build names features by the configuration's first backend URL and its
// completion.maxTokens.
func (b *builds) build(_ context.Context, cfg config.Config) (lsp.Features, func(), error) {
	name := "none"
	if len(cfg.Backends) > 0 {
		name = cfg.Backends[0].URL
	}
	if cfg.Completion.MaxTokens > 0 {
		name += "+own"
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.built = append(b.built, name)
	return lsp.Features{Completer: namedCompleter{name}}, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.closed[name] = true
	}, nil
}

func (b *builds) isClosed(name string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed[name]
}

// fileWith is a config file layer whose backend is at url.
func fileWith(url string, extra map[string]any) map[string]any {
	f := map[string]any{"backends": []any{map[string]any{"url": url, "model": "m", "kind": "openai"}}}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// suggestion asks e for an inline suggestion and returns its text.
func suggestion(t *testing.T, e *lsptest.Editor, u string) string {
	t.Helper()
	var list protocol.InlineCompletionList
	if err := e.Call(protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}},
		Context:                    protocol.InlineCompletionContext{TriggerKind: protocol.InlineCompletionTriggerKindInvoked},
	}, &list); err != nil {
		t.Fatalf("inlineCompletion: %v", err)
	}
	if len(list.Items) == 0 {
		return ""
	}
	return string(list.Items[0].InsertText.(protocol.String))
}

// TestFileLayerReload reloads the config file layer under two sessions,
// one using the shared features and one with settings of its own: both
// apply the new file and are told which keys changed; an invalid file is
// refused as a whole; sessions started later get the current layer.
func TestFileLayerReload(t *testing.T) {
	b := &builds{closed: map[string]bool{}}
	ctx := context.Background()
	first, closeFirst, _ := b.build(ctx, mustResolve(t, fileWith("http://a", nil)))
	layer := lsp.NewFileLayer(fileWith("http://a", nil), first, closeFirst, b.build, zaptest.NewLogger(t))
	t.Cleanup(layer.Close)
	opts := lsp.Options{File: layer, Rebuild: b.build}
	shared := lsptest.Start(t, opts, nil)
	own := lsptest.Start(t, opts, &protocol.InitializeParams{InitializationOptions: protocol.LSPAny(`{"completion":{"maxTokens":9}}`)})
	const u = "file:///w/a.go"
	for _, e := range []*lsptest.Editor{shared, own} {
		e.Open(u, "go", "package a\n")
	}
	if got, got2 := suggestion(t, shared, u), suggestion(t, own, u); got != "http://a" || got2 != "http://a+own" {
		t.Fatalf("before the reload: %q and %q", got, got2)
	}

	changed, err := layer.Reload(ctx, fileWith("http://b", map[string]any{"hover": map[string]any{"enabled": false}}))
	if err != nil || strings.Join(changed, ",") != "backends,hover" {
		t.Fatalf("Reload = %v, %v; want backends and hover changed", changed, err)
	}
	if got, got2 := suggestion(t, shared, u), suggestion(t, own, u); got != "http://b" || got2 != "http://b+own" {
		t.Errorf("after the reload: %q and %q, want the new backend in both", got, got2)
	}
	if !b.isClosed("http://a") || !b.isClosed("http://a+own") {
		t.Errorf("features of the old file left open: %v", b.closed)
	}
	for _, e := range []*lsptest.Editor{shared, own} {
		lsptest.WaitFor(t, "the reload message", func() bool { return hasMessage(e, protocol.MessageTypeInfo, "changed: backends, hover") })
	}

	_, err = layer.Reload(ctx, fileWith("http://c", map[string]any{"completion": map[string]any{"maxTokens": -1}}))
	var invalid *lsp.InvalidFileError
	if !errors.As(err, &invalid) || len(invalid.Keys) != 1 || invalid.Keys[0].Key != "completion.maxTokens" {
		t.Fatalf("invalid reload = %v, want completion.maxTokens refused", err)
	}
	if got := suggestion(t, shared, u); got != "http://b" {
		t.Errorf("after a refused reload: %q, want the previous backend", got)
	}
	if changed, err := layer.Reload(ctx, fileWith("http://b", map[string]any{"hover": map[string]any{"enabled": false}})); err != nil || len(changed) != 0 {
		t.Errorf("reload of the same file = %v, %v; want nothing changed", changed, err)
	}

	layer.Refuse(ctx, "lspilot: refused for a test")
	lsptest.WaitFor(t, "the refusal", func() bool { return hasMessage(shared, protocol.MessageTypeError, "refused for a test") })

	later := lsptest.Start(t, opts, nil)
	later.Open(u, "go", "package a\n")
	if got := suggestion(t, later, u); got != "http://b" {
		t.Errorf("a session started after the reload: %q, want the new backend", got)
	}
}

func hasMessage(e *lsptest.Editor, typ protocol.MessageType, want string) bool {
	for _, m := range e.Client.Messages() {
		if m.Type == typ && strings.Contains(m.Message, want) {
			return true
		}
	}
	return false
}

func mustResolve(t *testing.T, file map[string]any) config.Config {
	t.Helper()
	cfg, err := config.Resolve(file)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
