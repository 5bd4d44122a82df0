package edit

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/diffing"
)

func fixRequest(t *testing.T) Request {
	nam := at(t, goSrc, "fmt.Println")
	r := goReq(actionFix, nam, nam)
	r.Diagnostics = []Diagnostic{{Line: 6, Message: "undefined: nam"}}
	return r
}

func TestEditReasksWithTheReason(t *testing.T) {
	gen := &fakeGen{answers: []answer{says(prose, 9), says(prose, 9)}}
	e := New(gen, Config{}, zaptest.NewLogger(t))
	_, err := e.Edit(context.Background(), fixRequest(t), nil)
	var refused *RefusedError
	if !errors.As(err, &refused) || !errors.Is(err, diffing.ErrNoEdit) {
		t.Fatalf("Edit() error = %v, want a RefusedError wrapping ErrNoEdit", err)
	}
	want := "the model's edit was refused after 2 answers: model output is prose: no diff or code in model output"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	reqs := gen.calls()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	first, second := reqs[0].Messages, reqs[1].Messages
	if diff := cmp.Diff(first, second[:2]); diff != "" {
		t.Errorf("second request does not start with the first (-first +second):\n%s", diff)
	}
	if len(second) != 4 || second[2].Role != "assistant" || second[2].Content != prose || second[3].Role != "user" {
		t.Fatalf("second request = %+v, want the answer and a user turn after the first", second)
	}
	for _, s := range []string{"no diff or code in model output", "unified diff", "--- a/pkg/foo.go"} {
		if !strings.Contains(second[3].Content, s) {
			t.Errorf("re-ask %q lacks %q", second[3].Content, s)
		}
	}
	if diff := cmp.Diff(Stats{Requests: 1, Attempts: 2, Reasked: 1, Refused: 1}, e.Stats()); diff != "" {
		t.Errorf("Stats() (-want +got):\n%s", diff)
	}
}

func TestEditStopsHugeAnswers(t *testing.T) {
	huge := "```go\n" + strings.Repeat("\tx := 1\n", 2<<20/8) + "```\n"
	gen := &fakeGen{answers: []answer{says(huge, 64<<10), says(huge, 64<<10)}}
	cfg := Config{ContextBytes: 4 << 10}
	e := New(gen, cfg, zaptest.NewLogger(t))
	body := at(t, goSrc, "\treturn")
	_, err := e.Edit(context.Background(), goReq(actionRewrite, body, body+len("\treturn a + b\n")), nil)
	var size *diffing.SizeError
	if !errors.As(err, &size) {
		t.Fatalf("Edit() error = %v, want a SizeError", err)
	}
	if limit := DefaultMaxFileBytes + 64<<10; gen.delivered > 2*limit {
		t.Errorf("%d bytes streamed over two answers, want streaming to stop past %d each", gen.delivered, DefaultMaxFileBytes)
	}
	echo := gen.calls()[1].Messages[2].Content
	if len(echo) > 2*cfg.ContextBytes+64 || !strings.HasSuffix(echo, "more bytes cut]") {
		t.Errorf("echoed answer of %d bytes ends %q, want it cut to %d", len(echo), echo[max(0, len(echo)-40):], 2*cfg.ContextBytes)
	}
}

func TestEditCancel(t *testing.T) {
	gen := &fakeGen{answers: []answer{{chunks: []string{"```diff\n"}, hang: true}}}
	e := New(gen, Config{}, zaptest.NewLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := e.Edit(ctx, fixRequest(t), func(string) { cancel() })
	var refused *RefusedError
	if !errors.Is(err, context.Canceled) || errors.As(err, &refused) {
		t.Fatalf("Edit() error = %v, want context.Canceled", err)
	}
	if diff := cmp.Diff(Stats{Requests: 1, Attempts: 1, Errors: 1}, e.Stats()); diff != "" {
		t.Errorf("Stats() (-want +got):\n%s", diff)
	}
}

func TestEditOnText(t *testing.T) {
	gen := &fakeGen{answers: []answer{says(prose, 20), says(fixDiff, 20)}}
	e := New(gen, Config{}, zaptest.NewLogger(t))
	var got []string
	if _, err := e.Edit(context.Background(), fixRequest(t), func(s string) { got = append(got, s) }); err != nil {
		t.Fatalf("Edit() error = %v", err)
	}
	var answers []string
	for i, s := range got {
		if i > 0 && !strings.HasPrefix(s, got[i-1]) {
			answers = append(answers, got[i-1]) // a new answer starts
		}
	}
	answers = append(answers, got[len(got)-1])
	if diff := cmp.Diff([]string{prose, fixDiff}, answers); diff != "" {
		t.Errorf("answers seen (-want +got):\n%s", diff)
	}
	if want := len(says(prose, 20).chunks) + len(says(fixDiff, 20).chunks); len(got) != want {
		t.Errorf("onText called %d times, want once per chunk (%d)", len(got), want)
	}
}

func TestEditBadInput(t *testing.T) {
	tests := []struct {
		name    string
		give    Request
		cfg     Config
		wantErr error
	}{
		{name: "start after end", give: goReq(actionRewrite, 10, 5), wantErr: ErrBadSelection},
		{name: "negative start", give: goReq(actionRewrite, -1, 5), wantErr: ErrBadSelection},
		{name: "end past the text", give: goReq(actionRewrite, 0, len(goSrc)+1), wantErr: ErrBadSelection},
		{name: "inside a character", give: Request{Text: "x := \"é\"\n", Start: 7, End: 8, Action: actionRewrite}, wantErr: ErrBadSelection},
		{name: "unknown action", give: goReq("explode", 0, 1), wantErr: ErrUnknownAction},
		{name: "no action", give: goReq("", 0, 1), wantErr: ErrUnknownAction},
		{name: "rewrite without a selection", give: goReq(actionRewrite, 3, 3), wantErr: ErrNoSelection},
		{name: "simplify without a selection", give: goReq(actionSimplify, 3, 3), wantErr: ErrNoSelection},
		{name: "tests without a path", give: Request{Text: goSrc, Action: actionTests}, wantErr: ErrNoPath},
		{name: "file too large", give: goReq(actionDoc, 0, 0), cfg: Config{MaxFileBytes: 64}, wantErr: ErrFileTooLarge},
		{name: "test file too large", cfg: Config{MaxFileBytes: len(goSrc)}, wantErr: ErrFileTooLarge,
			give: Request{Path: "foo.go", Text: goSrc, Action: actionTests,
				Lookup: lookup(map[string]string{"foo_test.go": strings.Repeat("x", len(goSrc)+1)})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &fakeGen{}
			e := New(gen, tt.cfg, zaptest.NewLogger(t))
			_, err := e.Edit(context.Background(), tt.give, nil)
			if !errors.Is(err, tt.wantErr) || diffing.IsRefusal(err) {
				t.Fatalf("Edit() error = %v, want %v and no refusal", err, tt.wantErr)
			}
			if n := len(gen.calls()); n != 0 {
				t.Errorf("model called %d times, want none", n)
			}
			if diff := cmp.Diff(Stats{Requests: 1, Errors: 1}, e.Stats()); diff != "" {
				t.Errorf("Stats() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEditRequestOptions(t *testing.T) {
	temp := 0.7
	tests := []struct {
		name      string
		give      Config
		wantModel string
		wantMax   int
		wantTemp  float64
		wantCtx   int
	}{
		{name: "defaults", wantMax: DefaultMaxTokens, wantTemp: defaultTemperature},
		{name: "configured", give: Config{Model: "coder", MaxTokens: 100, Temperature: &temp, NumCtx: 8192},
			wantModel: "coder", wantMax: 100, wantTemp: 0.7, wantCtx: 8192},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &fakeGen{answers: []answer{says(fixDiff, 100)}}
			if _, err := New(gen, tt.give, zaptest.NewLogger(t)).Edit(context.Background(), fixRequest(t), nil); err != nil {
				t.Fatalf("Edit() error = %v", err)
			}
			r := gen.calls()[0]
			got := []any{r.Model, r.Options.MaxTokens, *r.Options.Temperature, r.Options.NumCtx, r.Prompt, r.Messages[0].Role, r.Messages[1].Role}
			want := []any{tt.wantModel, tt.wantMax, tt.wantTemp, tt.wantCtx, "", "system", "user"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}
