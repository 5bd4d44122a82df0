package explain

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
	"go.uber.org/zap/zaptest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const goSrc = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"héllo\")\n\tx := 42\n\t_ = x\n}\n"

func at(t *testing.T, text, needle string) int {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in text", needle)
	}
	return i
}

func newEngine(t *testing.T, gen *fakeGen, cfg Config) *Engine {
	return New(gen, cfg, zaptest.NewLogger(t))
}

func TestExplain(t *testing.T) {
	tests := []struct {
		name        string
		start, end  int
		reply       reply
		want        Explanation
		wantCalls   int
		wantInQuery string
		invoked     bool
	}{{
		name:        "qualified symbol",
		start:       at(t, goSrc, "Println") + 3,
		reply:       reply{chunks: []string{"Prints ", "a line."}},
		want:        Explanation{Markdown: "Prints a line.", Subject: "fmt.Println"},
		wantCalls:   1,
		wantInQuery: "Explain `fmt.Println` as used on line 6: `fmt.Println(\"héllo\")`",
	}, {
		name:        "selection",
		start:       at(t, goSrc, "\tx := 42"),
		end:         at(t, goSrc, "}\n"),
		reply:       reply{chunks: []string{"```markdown\nDeclares `x`.\n```"}},
		want:        Explanation{Markdown: "Declares `x`.", Subject: "lines 7–8"},
		wantCalls:   1,
		wantInQuery: "Explain this code (lines 7–8):\n```go\n\tx := 42\n\t_ = x\n```",
	}, {
		name:  "blank space",
		start: at(t, goSrc, "\n\nimport"),
	}, {
		name:  "keyword",
		start: at(t, goSrc, "func"),
	}, {
		name:      "keyword asked for",
		start:     at(t, goSrc, "func"),
		invoked:   true,
		reply:     reply{chunks: []string{"An answer."}},
		want:      Explanation{Markdown: "An answer.", Subject: "func"},
		wantCalls: 1,
	}, {
		name:  "number",
		start: at(t, goSrc, "42"),
	}, {
		name:  "end of text",
		start: len(goSrc),
	}, {
		name:  "blank selection",
		start: at(t, goSrc, "\n\nimport"),
		end:   at(t, goSrc, "import"),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &fakeGen{replies: []reply{tt.reply}}
			e := newEngine(t, gen, Config{})
			end := max(tt.end, tt.start)
			got, err := e.Explain(context.Background(), Request{
				Session: "s", URI: "file:///m.go", Path: "m.go", Language: "go", Version: 1,
				Text: goSrc, Start: tt.start, End: end, Invoked: tt.invoked,
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("explanation (-want +got):\n%s", diff)
			}
			if gen.calls() != tt.wantCalls {
				t.Fatalf("model calls = %d, want %d", gen.calls(), tt.wantCalls)
			}
			if tt.wantInQuery != "" && !strings.Contains(gen.lastUser(), tt.wantInQuery) {
				t.Errorf("prompt lacks %q:\n%s", tt.wantInQuery, gen.lastUser())
			}
		})
	}
}

func TestExplainBadSpan(t *testing.T) {
	e := newEngine(t, &fakeGen{}, Config{})
	for _, span := range [][2]int{{-1, 0}, {3, 2}, {0, len(goSrc) + 1}} {
		_, err := e.Explain(context.Background(), Request{Text: goSrc, Start: span[0], End: span[1]}, nil)
		if err == nil || !strings.Contains(err.Error(), "outside a text") {
			t.Errorf("span %v: err = %v, want a range error", span, err)
		}
	}
}

func TestExplainCache(t *testing.T) {
	gen := &fakeGen{}
	e := newEngine(t, gen, Config{MinDelay: time.Hour})
	req := Request{Session: "s", URI: "file:///m.go", Version: 1, Text: goSrc, Start: at(t, goSrc, "main()"), End: at(t, goSrc, "main()")}
	first, err := e.Explain(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same symbol at another offset inside it hits the cache, despite
	// the delay between model calls.
	req.Start += 2
	req.End = req.Start
	again, err := e.Explain(context.Background(), req, nil)
	if err != nil || !again.Cached || again.Markdown != first.Markdown {
		t.Fatalf("second hover = %+v, %v; want the cached answer", again, err)
	}
	// A new version is a new question, refused within the delay.
	req.Version = 2
	if _, err := e.Explain(context.Background(), req, nil); !errors.Is(err, ErrTooSoon) {
		t.Fatalf("new version within the delay: err = %v, want ErrTooSoon", err)
	}
	// Another session is not limited by this one.
	req.Session = "other"
	if _, err := e.Explain(context.Background(), req, nil); err != nil {
		t.Fatal(err)
	}
	// A hover the user asked for is not limited either.
	req.Session, req.Version, req.Invoked = "s", 3, true
	if _, err := e.Explain(context.Background(), req, nil); err != nil {
		t.Fatal(err)
	}
	want := Stats{Requests: 5, CacheHits: 1, TooSoon: 1, ModelCalls: 3}
	if diff := cmp.Diff(want, e.Stats()); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestExplainDeadline(t *testing.T) {
	tests := []struct {
		name  string
		reply reply
		want  Explanation
	}{{
		name:  "cut mid answer",
		reply: reply{chunks: []string{"Starts the ", "program"}, hang: true},
		want:  Explanation{Markdown: "Starts the program\n\n*… cut off after 50ms*", Subject: "main", Partial: true},
	}, {
		name:  "nothing in time",
		reply: reply{hang: true},
		want:  Explanation{Subject: "main", Partial: true},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &fakeGen{replies: []reply{tt.reply, {chunks: []string{"Full answer."}}}}
			e := newEngine(t, gen, Config{Deadline: 50 * time.Millisecond})
			req := Request{URI: "u", Text: goSrc, Start: at(t, goSrc, "main()"), End: at(t, goSrc, "main()")}
			got, err := e.Explain(context.Background(), req, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("explanation (-want +got):\n%s", diff)
			}
			// A cut answer is not cached: the next hover asks again.
			if got, _ := e.Explain(context.Background(), req, nil); got.Markdown != "Full answer." {
				t.Errorf("hover after a cut one = %+v, want a new answer", got)
			}
		})
	}
}

func TestExplainErrors(t *testing.T) {
	boom := errors.New("connection refused")
	gen := &fakeGen{replies: []reply{{err: boom}}}
	e := newEngine(t, gen, Config{})
	req := Request{URI: "u", Text: goSrc, Start: at(t, goSrc, "main()"), End: at(t, goSrc, "main()")}
	if _, err := e.Explain(context.Background(), req, nil); !errors.Is(err, boom) {
		t.Errorf("backend failure: err = %v, want it wrapped", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	gen.replies = []reply{{chunks: []string{"partial"}, hang: true}}
	go func() {
		for gen.calls() < 2 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := e.Explain(ctx, req, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled hover: err = %v, want context.Canceled", err)
	}
}

func TestExplainStreams(t *testing.T) {
	gen := &fakeGen{replies: []reply{{chunks: []string{"a", "b", "c"}}}}
	e := newEngine(t, gen, Config{})
	var seen []string
	_, err := e.Explain(context.Background(), Request{URI: "u", Text: goSrc, Start: at(t, goSrc, "main()"), End: at(t, goSrc, "main()")},
		func(s string) { seen = append(seen, s) })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "ab", "abc"}, seen); diff != "" {
		t.Errorf("growing text (-want +got):\n%s", diff)
	}
}

func TestExplainLongAnswerStops(t *testing.T) {
	long := strings.Repeat("word ", maxAnswerBytes/5+10)
	gen := &fakeGen{replies: []reply{{chunks: []string{long, "never read"}}}}
	e := newEngine(t, gen, Config{})
	got, err := e.Explain(context.Background(), Request{URI: "u", Text: goSrc, Start: at(t, goSrc, "main()"), End: at(t, goSrc, "main()")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.Markdown, "never read") {
		t.Error("the stream went on past the answer limit")
	}
}
