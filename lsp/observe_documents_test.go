package lsp_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// observingCompleter records the documents the server shows it.
type observingCompleter struct {
	fixedCompleter

	mu   sync.Mutex
	docs []complete.Document
}

func (c *observingCompleter) Observe(d complete.Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d.Session = "" // named per connection
	c.docs = append(c.docs, d)
}

// TestObserveDocuments checks that a completer that learns from documents
// sees each one as it is opened and after every change, in order, with its
// path relative to the workspace, and never a private one.
func TestObserveDocuments(t *testing.T) {
	root := t.TempDir()
	doc := func(path, text string) complete.Document {
		return complete.Document{URI: string(uri.File(root + "/" + path)), Path: path, Language: "go", Text: text}
	}
	tests := []struct {
		name, path, typed string
		want              []complete.Document
	}{
		{name: "opened", path: "pkg/a.go", want: []complete.Document{doc("pkg/a.go", "package a\n")}},
		{name: "typed into", path: "pkg/a.go", typed: "//x", want: []complete.Document{
			doc("pkg/a.go", "package a\n"), doc("pkg/a.go", "package a\n/"),
			doc("pkg/a.go", "package a\n//"), doc("pkg/a.go", "package a\n//x"),
		}},
		{name: "private", path: "pkg/secrets.go", typed: "//x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &observingCompleter{}
			e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: c}},
				&protocol.InitializeParams{RootURI: ptr(uri.File(root))})
			u := string(uri.File(root + "/" + tt.path))
			e.Open(u, "go", "package a\n")
			e.Type(u, len("package a\n"), tt.typed)
			e.CheckInSync(u) // every notification before it was handled
			c.mu.Lock()
			defer c.mu.Unlock()
			if diff := cmp.Diff(tt.want, c.docs); diff != "" {
				t.Errorf("documents observed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestObserveOpenOnRebuild checks that features rebuilt for new settings
// are shown the documents already open.
func TestObserveOpenOnRebuild(t *testing.T) {
	root := t.TempDir()
	c := &observingCompleter{}
	rebuild := func(context.Context, config.Config) (lsp.Features, func(), error) {
		return lsp.Features{Completer: c}, func() {}, nil
	}
	e := lsptest.Start(t, lsp.Options{Features: lsp.Features{Completer: &fixedCompleter{}}, Rebuild: rebuild},
		&protocol.InitializeParams{RootURI: ptr(uri.File(root))})
	u := string(uri.File(root + "/a.go"))
	e.Open(u, "go", "package a\n")
	settings := map[string]any{"settings": map[string]any{"completion": map[string]any{"maxTokens": 9}}}
	if err := e.Conn().Notify(context.Background(), protocol.MethodWorkspaceDidChangeConfiguration, settings); err != nil {
		t.Fatal(err)
	}
	e.CheckInSync(u)
	c.mu.Lock()
	defer c.mu.Unlock()
	want := []complete.Document{{URI: u, Path: "a.go", Language: "go", Text: "package a\n"}}
	if diff := cmp.Diff(want, c.docs); diff != "" {
		t.Errorf("documents observed (-want +got):\n%s", diff)
	}
}
