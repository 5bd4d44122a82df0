package edit

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// instantGen answers every request at once with the same chunks.
type instantGen struct{ chunks []string }

func (g instantGen) Generate(_ context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	if _, err := build(nil); err != nil {
		return nil, inference.Stats{}, err
	}
	for _, c := range g.chunks {
		if err := fn(inference.Chunk{Text: c}); err != nil {
			break
		}
	}
	return nil, inference.Stats{}, nil
}

// BenchmarkEdit measures the engine's own cost per edit, prompt to verified
// result, with a model that answers instantly: a 300-line Go file, a
// rewrite of one function body answered in 4-byte chunks, and a fix
// answered with a unified diff; then the engine's share alone.
func BenchmarkEdit(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("package pkg\n\nimport \"fmt\"\n")
	for i := range 60 {
		fmt.Fprintf(&sb, "\n// F%d prints.\nfunc F%d(x int) {\n\tfmt.Println(x + %d)\n}\n", i, i, i)
	}
	text := sb.String()
	target := "\tfmt.Println(x + 30)\n"
	start := strings.Index(text, target)
	line := strings.Count(text[:start], "\n")
	diff := fmt.Sprintf("```diff\n--- a/pkg/f.go\n+++ b/pkg/f.go\n@@ -%d,3 +%d,3 @@\n func F30(x int) {\n-\tfmt.Println(x + 30)\n+\tfmt.Println(x - 30)\n }\n```\n", line, line)
	benches := []struct {
		name   string
		req    Request
		answer string
	}{
		{name: "rewrite", req: Request{Path: "pkg/f.go", Language: "go", Text: text, Start: start, End: start + len(target), Action: actionRewrite},
			answer: "```go\n\tfmt.Println(x - 30)\n```\n"},
		{name: "fix", req: Request{Path: "pkg/f.go", Language: "go", Text: text, Start: start, End: start, Action: actionFix,
			Diagnostics: []Diagnostic{{Line: line, Message: "wrong sign"}}}, answer: diff},
	}
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) {
			e := New(instantGen{says(bb.answer, 4).chunks}, Config{}, zap.NewNop())
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Edit(context.Background(), bb.req, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The engine's own share: the prompt and the streamed answer, without
	// diffing's verification.
	b.Run("prompt+stream", func(b *testing.B) {
		e := New(instantGen{says(benches[0].answer, 4).chunks}, Config{}, zap.NewNop())
		req := benches[0].req
		b.ReportAllocs()
		for b.Loop() {
			p, err := e.plan(req)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := e.generate(context.Background(), req, messages(p), 1, func(string) {}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
