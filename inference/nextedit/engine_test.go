package nextedit

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
)

// scripted answers generations with canned text, in order, and records the
// requests.
type scripted struct {
	mu       sync.Mutex
	answers  []string
	requests []*inference.Request
}

func (g *scripted) Generate(ctx context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	r, err := build(nil)
	if err != nil {
		return nil, inference.Stats{}, err
	}
	g.mu.Lock()
	g.requests = append(g.requests, r)
	if len(g.answers) == 0 {
		g.mu.Unlock()
		return nil, inference.Stats{}, errors.New("no canned answer left")
	}
	answer := g.answers[0]
	g.answers = g.answers[1:]
	g.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, inference.Stats{}, err
	}
	if err := fn(inference.Chunk{Text: answer}); err != nil && !errors.Is(err, inference.ErrStop) {
		return nil, inference.Stats{}, err
	}
	return nil, inference.Stats{}, nil
}

func (g *scripted) calls() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.requests)
}

// newEngine returns a Sweep-format engine on canned answers; the region is
// the whole of the small files these tests use.
func newEngine(t *testing.T, answers ...string) (*Engine, *scripted) {
	e, g := newIdleEngine(t, answers...)
	// The session has changed another file: there is an edit to carry on.
	other := Document{Session: "s", URI: "file:///calc/other.go", Path: "calc/other.go", Text: "package calc\n"}
	e.Observe(other)
	other.Text += "\nvar limit = 10\n"
	e.Observe(other)
	return e, g
}

// newIdleEngine returns an engine whose sessions have changed nothing.
func newIdleEngine(t *testing.T, answers ...string) (*Engine, *scripted) {
	g := &scripted{answers: answers}
	e, err := New(g, Config{Format: FormatSweep}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e, g
}

func TestSuggestWithoutChangesAsksNoModel(t *testing.T) {
	e, g := newIdleEngine(t, renamed)
	if sg := ask(t, e, sumGo, "func Sum(xs"); len(sg) != 0 {
		t.Fatalf("suggestions = %+v, want none before any change", sg)
	}
	if st := e.Stats(); g.calls() != 0 || st.NoHistory != 1 {
		t.Errorf("%d model calls, stats %+v; want none and one answer without history", g.calls(), st)
	}
}

// ask asks for the next edit of sumGo-like text with the cursor at the end
// of its first occurrence of at.
func ask(t *testing.T, e *Engine, text, at string) []Suggestion {
	t.Helper()
	cur := strings.Index(text, at) + len(at)
	sg, err := e.Suggest(context.Background(), Request{Session: "s", URI: "file:///calc/sum.go", Path: "calc/sum.go", Language: "go", Text: text, Cursor: cur})
	if err != nil {
		t.Fatal(err)
	}
	return sg
}

// apply returns text with s applied.
func apply(text string, s Suggestion) string { return text[:s.Start] + s.New + text[s.End:] }

var renamed = strings.Replace(sumGo, "range xs", "range values", 1)

func TestSuggestEditAwayFromCursor(t *testing.T) {
	e, g := newEngine(t, renamed)
	sg := ask(t, e, sumGo, "func Sum(values")
	if len(sg) != 1 || apply(sumGo, sg[0]) != renamed {
		t.Fatalf("suggestions = %+v, want the rename of xs", sg)
	}
	if r := g.requests[0]; r.Lane != inference.LaneNextEdit || !r.Raw || !strings.HasSuffix(r.Prompt, "<|file_sep|>updated/calc/sum.go\n") {
		t.Errorf("request: lane %v raw %v prompt %q", r.Lane, r.Raw, r.Prompt)
	}
	if st := e.Stats(); st.Offered != 1 || st.ModelCalls != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestSuggestRefusesBrokenGo(t *testing.T) {
	e, _ := newEngine(t, strings.Replace(sumGo, "return total", "return return", 1))
	if sg := ask(t, e, sumGo, "func Sum(values"); len(sg) != 0 {
		t.Fatalf("suggestions = %+v, want none", sg)
	}
	if st := e.Stats(); st.Refused != 1 || st.RefusedBy["syntax"] != 1 {
		t.Errorf("stats = %+v, want one syntax refusal", st)
	}
}

func TestSuggestRebasesOverTyping(t *testing.T) {
	e, g := newEngine(t, renamed)
	sg := ask(t, e, sumGo, "func Sum(values")
	if len(sg) != 1 {
		t.Fatal("no suggestion")
	}
	// The user types the start of the new text where the edit starts.
	typed := sumGo[:sg[0].Start] + sg[0].New[:2] + sumGo[sg[0].Start:]
	rest := ask(t, e, typed, "func Sum(values")
	if len(rest) != 1 || apply(typed, rest[0]) != renamed || rest[0].ID != sg[0].ID {
		t.Fatalf("after typing: %+v, want the rest of %+v", rest, sg[0])
	}
	if g.calls() != 1 {
		t.Errorf("model calls = %d, want 1", g.calls())
	}
	if st := e.Stats(); st.Rebased != 1 {
		t.Errorf("stats = %+v, want one rebase", st)
	}
}

func TestSuggestRejectedNotOfferedAgain(t *testing.T) {
	e, g := newEngine(t, renamed, renamed)
	sg := ask(t, e, sumGo, "func Sum(values")
	if len(sg) != 1 || !e.Report(sg[0].ID, FeedbackShown) || !e.Report(sg[0].ID, FeedbackRejected) {
		t.Fatalf("suggestions = %+v", sg)
	}
	if again := ask(t, e, sumGo, "func Sum(values"); len(again) != 0 {
		t.Fatalf("offered again after rejection: %+v", again)
	}
	if third := ask(t, e, sumGo, "func Sum(values"); len(third) != 0 || g.calls() != 2 {
		t.Fatalf("third request: %+v after %d model calls, want none after 2", third, g.calls())
	}
	if st := e.Stats(); st.RefusedBy["rejected"] != 1 || st.NoEditCached != 1 || st.Rejected != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestSuggestNoEditIsCached(t *testing.T) {
	e, g := newEngine(t, sumGo, sumGo)
	for range 3 {
		if sg := ask(t, e, sumGo, "func Sum(values"); len(sg) != 0 {
			t.Fatalf("suggestions = %+v, want none", sg)
		}
	}
	if g.calls() != 1 {
		t.Errorf("model calls = %d, want 1", g.calls())
	}
	// Another cursor line is another request.
	ask(t, e, sumGo, "package calc")
	if st := e.Stats(); st.NoEditCached != 2 || st.NoEdit != 2 || g.calls() != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestPrefetchBound(t *testing.T) {
	second := strings.Replace(renamed, "total += x", "total += x // summed", 1)
	tests := []struct {
		name         string
		shows        int
		wantPrefetch bool
		wantCalls    int
		wantSkipped  int64
	}{
		{name: "one call for one edit shown leaves no room", shows: 1, wantCalls: 1, wantSkipped: 1},
		{name: "two shows make room for a second call", shows: 2, wantPrefetch: true, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, g := newEngine(t, renamed, second)
			sg := ask(t, e, sumGo, "func Sum(values")
			for range tt.shows {
				e.Report(sg[0].ID, FeedbackShown)
			}
			e.Report(sg[0].ID, FeedbackAccepted)
			st := e.Stats()
			if (st.Prefetches == 1) != tt.wantPrefetch || st.PrefetchSkipped != tt.wantSkipped {
				t.Fatalf("stats = %+v", st)
			}
			if float64(st.ModelCalls) > DefaultPrefetchRatio*float64(st.Shown) && tt.wantPrefetch {
				t.Errorf("model calls %d exceed %.1f times %d shown", st.ModelCalls, DefaultPrefetchRatio, st.Shown)
			}
			if !tt.wantPrefetch {
				return
			}
			at := strings.Index(renamed, "range values") + len("range value")
			next, err := e.Suggest(context.Background(), Request{Session: "s", URI: "file:///calc/sum.go", Path: "calc/sum.go", Language: "go", Text: renamed, Cursor: at + 1})
			if err != nil || len(next) != 1 || apply(renamed, next[0]) != second {
				t.Fatalf("after accepting: %+v, %v; want the prefetched edit", next, err)
			}
			if g.calls() != tt.wantCalls+1 || e.Stats().PrefetchHits != 1 {
				t.Errorf("model calls = %d, stats = %+v", g.calls(), e.Stats())
			}
		})
	}
}

func TestSuggestCancelled(t *testing.T) {
	e, _ := newEngine(t, renamed)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Suggest(ctx, Request{Session: "s", URI: "u", Path: "a.go", Text: sumGo, Cursor: 0})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
