package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/lsp/langctx"
	"github.com/lspilot/lspilot/lsp/langctx/langctxtest"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

const (
	geoSource = `package geo

import "math"

// Point is a place on the plane.
type Point struct {
	X, Y float64
}

// Distance returns how far apart a and b are.
func Distance(a, b Point) float64 {
	return math.Hypot(a.X-b.X, a.Y-b.Y)
}

// Rect is a rectangle.
type Rect struct {
	Min, Max Point
}

// Unit returns the unit square.
func Unit() Rect { return Rect{Max: Point{1, 1}} }
`
	mainSource = "package main\n\nimport \"example.com/shapes/geo\"\n\nfunc main() {\n\tr := geo.Unit()\n\td := geo.Distance(r.Min, "
	// geoSignature is what the backend sees only through gopls: geo.go
	// is never opened, and the type of the variable r is what gopls's
	// type definition tells (the declaring lines read from geo.go give
	// Unit's).
	geoSignature = "type Rect struct"
)

// goplsServers returns the language server status of the session.
func (p *proc) languageServers(t *testing.T) []langctx.ServerStatus {
	t.Helper()
	return p.status(t).LanguageServers
}

// TestDefinitionsReachThePrompt runs `lspilot serve` with gopls on PATH:
// the prompt the backend receives for a call of a function defined in a
// file the editor never opened holds that function's declaration. Then
// gopls is killed: suggestions go on, and it is restarted.
func TestDefinitionsReachThePrompt(t *testing.T) {
	gopls := langctxtest.Gopls(t)
	f := newFakeOpenAI(t, geoSignature, "b)")
	root := t.TempDir()
	writeTree(t, root, "go.mod", "module example.com/shapes\n\ngo 1.22\n")
	writeTree(t, root, "geo/geo.go", geoSource)
	p := startProc(t, []string{"PATH=" + filepath.Dir(gopls) + string(os.PathListSeparator) + os.Getenv("PATH")}, "serve")
	p.initializeRoot(t, root, fakeOptions(f.URL), protocol.ClientCapabilities{})
	u := string(uri.File(filepath.Join(root, "main.go")))
	p.open(t, u, "go", mainSource)
	text := mainSource
	version := int32(1)
	// askOnNewLine types the call again on a new line (snippets are frozen
	// per line) and asks for a suggestion at its end.
	askOnNewLine := func() protocol.InlineCompletionList {
		version++
		line := strings.Count(text, "\n")
		end := protocol.Position{Line: uint32(line), Character: uint32(len(text) - strings.LastIndexByte(text, '\n') - 1)}
		add := "\n\t_ = geo.Distance(r.Min, "
		p.insert(t, u, version, end, add)
		text += add
		return p.inline(t, u, protocol.Position{Line: uint32(line + 1), Character: uint32(len(add) - 1)}, false)
	}
	lsptest.WaitFor(t, "a prompt holding geo.Distance's declaration", func() bool {
		askOnNewLine()
		return f.suggestionCalls() > 0
	})
	st := p.languageServers(t)
	if len(st) != 1 || st[0].State != langctx.StateRunning || st[0].PID == 0 {
		t.Fatalf("languageServers = %+v, want gopls running", st)
	}
	if err := syscall.Kill(st[0].PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if got := askOnNewLine(); len(got.Items) == 0 {
		t.Error("no suggestion while gopls is down")
	}
	deadline := time.Now().Add(time.Minute)
	for {
		now := p.languageServers(t)
		if len(now) == 1 && now[0].Restarts == 1 && now[0].State == langctx.StateRunning && now[0].PID != st[0].PID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gopls not restarted: %+v", now)
		}
		time.Sleep(50 * time.Millisecond) // polling with a deadline
	}
	if got := askOnNewLine(); len(got.Items) == 0 {
		t.Error("no suggestion after gopls restarted")
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestDefinitionsOff: with context.definitions false no language server
// starts, and none is reported.
func TestDefinitionsOff(t *testing.T) {
	gopls := langctxtest.Gopls(t)
	f := newFakeOpenAI(t, geoSignature, "b)")
	root := t.TempDir()
	writeTree(t, root, "go.mod", "module example.com/shapes\n\ngo 1.22\n")
	writeTree(t, root, "geo/geo.go", geoSource)
	p := startProc(t, []string{"PATH=" + filepath.Dir(gopls) + string(os.PathListSeparator) + os.Getenv("PATH")}, "serve")
	opts := strings.Replace(fakeOptions(f.URL), `"completion":{`, `"context":{"definitions":false},"completion":{`, 1)
	p.initializeRoot(t, root, opts, protocol.ClientCapabilities{})
	u := string(uri.File(filepath.Join(root, "main.go")))
	p.open(t, u, "go", mainSource)
	lines := strings.Split(mainSource, "\n")
	if got := p.inline(t, u, protocol.Position{Line: uint32(len(lines) - 1), Character: uint32(len(lines[len(lines)-1]))}, false); len(got.Items) == 0 {
		t.Error("no suggestion")
	}
	if st := p.languageServers(t); len(st) != 0 {
		t.Errorf("languageServers = %+v, want none", st)
	}
	if n := f.suggestionCalls(); n != 0 {
		t.Errorf("%d prompts held geo.Distance's declaration", n)
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
