package complete

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func texts(s []Suggestion) []string {
	var out []string
	for _, sg := range s {
		out = append(out, sg.Text)
	}
	return out
}

func TestCompleteSingleLine(t *testing.T) {
	f := newFake(reply{chunks: []string{"fmt.Print", "ln(x)\n", "more()\n"}})
	e := newTestEngine(t, f)
	got, err := e.Complete(t.Context(), at("package a\n\nfunc f(x int) {\n\t|\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"fmt.Println(x)"}, texts(got)); diff != "" {
		t.Errorf("suggestion (-want +got):\n%s", diff)
	}
	p := f.prompt(0)
	if !strings.Contains(p, "<|fim_prefix|>") || !strings.Contains(p, "<|fim_middle|>") {
		t.Errorf("prompt is not a Qwen FIM prompt: %q", p)
	}
}

// TestTypingThrough types the start of the suggestion on screen: the rest
// is answered without a backend call.
func TestTypingThrough(t *testing.T) {
	f := newFake(reply{chunks: []string{"return x * 2"}})
	e := newTestEngine(t, f)
	if _, err := e.Complete(t.Context(), at("func f(x int) int {\n\t|\n}\n")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ typed, want string }{
		{"r", "eturn x * 2"}, {"ret", "urn x * 2"}, {"return x ", "* 2"},
	} {
		got, err := e.Complete(t.Context(), at("func f(x int) int {\n\t"+tt.typed+"|\n}\n"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{tt.want}, texts(got)); diff != "" {
			t.Errorf("after typing %q (-want +got):\n%s", tt.typed, diff)
		}
	}
	if n, _ := f.calls(); n != 1 {
		t.Errorf("backend calls = %d, want 1", n)
	}
	if st := e.Stats(); st.TypedThrough != 3 {
		t.Errorf("typed-through = %d, want 3", st.TypedThrough)
	}
}

// TestJoinStreamingGeneration sends a keystroke while the first generation
// still streams: the keystroke agrees with it, so it waits for that stream
// instead of starting another.
func TestJoinStreamingGeneration(t *testing.T) {
	hold := make(chan struct{})
	f := newFake(reply{chunks: []string{"return", " x"}, hold: hold, holdAfter: 1})
	e := newTestEngine(t, f)
	first := make(chan error, 1)
	go func() {
		_, err := e.Complete(t.Context(), at("func f(x int) int {\n\t|\n}\n"))
		first <- err
	}()
	<-f.started
	waitFor(t, func() bool { return f.streamedChunks() == 1 })
	second := make(chan []Suggestion, 1)
	go func() {
		got, _ := e.Complete(t.Context(), at("func f(x int) int {\n\tre|\n}\n"))
		second <- got
	}()
	waitFor(t, func() bool { return e.Stats().Joined == 1 })
	close(hold)
	if diff := cmp.Diff([]string{"turn x"}, texts(<-second)); diff != "" {
		t.Errorf("joined request (-want +got):\n%s", diff)
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n, _ := f.calls(); n != 1 {
		t.Errorf("backend calls = %d, want 1", n)
	}
}

// TestSupersede sends a keystroke that disagrees with the streaming
// generation: the old stream is aborted and its request gets no suggestion.
func TestSupersede(t *testing.T) {
	hold := make(chan struct{})
	f := newFake(reply{chunks: []string{"return x"}, hold: hold}, reply{chunks: []string{"x := 1"}})
	e := newTestEngine(t, f)
	first := make(chan []Suggestion, 1)
	go func() {
		got, _ := e.Complete(t.Context(), at("func f() {\n\t|\n}\n"))
		first <- got
	}()
	<-f.started
	got, err := e.Complete(t.Context(), at("func f() {\n\tz|\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(<-first) != 0 {
		t.Error("superseded request got a suggestion")
	}
	if diff := cmp.Diff([]string{"x := 1"}, texts(got)); diff != "" {
		t.Errorf("new request (-want +got):\n%s", diff)
	}
	if n, aborted := f.calls(); n != 2 || aborted != 1 {
		t.Errorf("backend calls = %d, aborted = %d; want 2 and 1", n, aborted)
	}
}

// TestDebounceDropsSuperseded checks that a request overtaken by another
// keystroke during its debounce never reaches the backend.
func TestDebounceDropsSuperseded(t *testing.T) {
	f := newFake(reply{chunks: []string{"b := 2"}})
	e := New(single(f), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
	defer e.Close()
	release := make(chan struct{})
	waiting := make(chan struct{}, 2)
	e.sleep = func(ctx context.Context, d time.Duration) error {
		waiting <- struct{}{}
		<-release
		return ctx.Err()
	}
	first := make(chan []Suggestion, 1)
	go func() {
		got, _ := e.Complete(t.Context(), at("func f() {\n\t|\n}\n"))
		first <- got
	}()
	<-waiting
	second := make(chan []Suggestion, 1)
	go func() {
		got, _ := e.Complete(t.Context(), at("func f() {\n\ta|\n}\n"))
		second <- got
	}()
	<-waiting
	close(release)
	<-first
	<-second
	if n, _ := f.calls(); n != 1 {
		t.Errorf("backend calls = %d, want 1", n)
	}
	if st := e.Stats(); st.Debounced != 1 {
		t.Errorf("debounced = %d, want 1", st.Debounced)
	}
}

func TestBackendError(t *testing.T) {
	boom := errors.New("backend down")
	e := newTestEngine(t, newFake(reply{err: boom}))
	if _, err := e.Complete(t.Context(), at("x|")); !errors.Is(err, boom) {
		t.Errorf("error = %v, want %v", err, boom)
	}
}

func TestCursorOutOfRange(t *testing.T) {
	e := newTestEngine(t, newFake())
	if _, err := e.Complete(t.Context(), Request{Text: "abc", Cursor: 9}); err == nil {
		t.Error("no error for a cursor past the end")
	}
}

// TestClientCancel cancels a request while its generation streams: the
// request returns at once and the generation, which may still serve the
// next keystroke, goes on.
func TestClientCancel(t *testing.T) {
	hold := make(chan struct{})
	f := newFake(reply{chunks: []string{"go()"}, hold: hold})
	e := newTestEngine(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := e.Complete(ctx, at("func f() {\n\t|\n}\n"))
		done <- err
	}()
	<-f.started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	close(hold)
	waitFor(t, func() bool {
		ds := e.doc(docKey{"s", "file:///a.go"})
		ds.mu.Lock()
		defer ds.mu.Unlock()
		return ds.last != nil
	})
	got, err := e.Complete(t.Context(), at("func f() {\n\tg|\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"o()"}, texts(got)); diff != "" {
		t.Errorf("next keystroke (-want +got):\n%s", diff)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestFailover checks that a backend that cannot take the request passes it
// to the next one.
func TestFailover(t *testing.T) {
	down := newFake(reply{err: &inference.BackendError{Kind: inference.ErrUnreachable, Backend: "down", Err: errors.New("connection refused")}})
	up := newFake(reply{chunks: []string{"ok()"}})
	e := New(route.NewSet(route.Entry{Backend: down}, route.Entry{Backend: up}), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
	e.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	defer e.Close()
	got, err := e.Complete(t.Context(), at("func f() {\n\t|\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ok()"}, texts(got)); diff != "" {
		t.Errorf("suggestion (-want +got):\n%s", diff)
	}
	if n := e.Stats().Errors; n != 1 {
		t.Errorf("errors = %d, want 1 for the backend that failed", n)
	}
}

// TestTypingPastFinishedSuggestion types past the end of a finished
// suggestion: the next request goes to the backend instead of waiting on
// the old generation.
func TestTypingPastFinishedSuggestion(t *testing.T) {
	f := newFake(reply{chunks: []string{"return x\n"}}, reply{chunks: []string{"y := 2"}})
	e := newTestEngine(t, f)
	if _, err := e.Complete(t.Context(), at("func f() {\n\t|\n}\n")); err != nil {
		t.Fatal(err)
	}
	got, err := e.Complete(t.Context(), at("func f() {\n\treturn x\n\t|\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"y := 2"}, texts(got)); diff != "" {
		t.Errorf("after typing past the suggestion (-want +got):\n%s", diff)
	}
	if n, _ := f.calls(); n != 2 {
		t.Errorf("backend calls = %d, want 2", n)
	}
}

// named is a fake backend under its own name, serving a model of its own;
// after, when set, fails each generation once its reply has streamed.
type named struct {
	*fakeBackend
	name, model, template string
	after                 error
}

func (n named) Name() string { return n.name }

func (n named) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	st, err := n.fakeBackend.Generate(ctx, req, fn)
	if err == nil && n.after != nil {
		return st, n.after
	}
	return st, err
}

func (n named) ModelInfo(context.Context, string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: n.model, Template: n.template}, nil
}

// TestFailoverBetweenBackends: the engine moves on to the next backend for
// the language only when one could not take the request and nothing was
// streamed, and each backend gets the prompt of its own model's template.
func TestFailoverBetweenBackends(t *testing.T) {
	unreachable := &inference.BackendError{Kind: inference.ErrUnreachable, Backend: "first", Err: errors.New("connection refused")}
	missing := &inference.BackendError{Kind: inference.ErrModelNotFound, Backend: "first", Err: errors.New("no such model")}
	tests := []struct {
		name       string
		first      reply
		after      error
		want       []string
		wantCalls  [2]int
		wantErrors int64
	}{
		{name: "unreachable, the next answers", first: reply{err: unreachable}, want: []string{"ok()"}, wantCalls: [2]int{1, 1}, wantErrors: 1},
		{name: "no failover after text", first: reply{chunks: []string{"x"}}, after: unreachable, wantCalls: [2]int{1, 0}, wantErrors: 1},
		{name: "no failover for a missing model", first: reply{err: missing}, wantCalls: [2]int{1, 0}, wantErrors: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := named{newFake(tt.first), "first", "qwen2.5-coder:1.5b-base", "<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>", tt.after}
			second := named{newFake(reply{chunks: []string{"ok()"}}), "second", "codellama:7b-code", "<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>", nil}
			e := New(route.NewSet(route.Entry{Backend: first}, route.Entry{Backend: second}),
				Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}, Strategy: Strategy{NoAlternatives: true}}, nil)
			e.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
			defer e.Close()
			got, _ := e.Complete(t.Context(), at("func f() {\n\t|\n}\n"))
			if diff := cmp.Diff(tt.want, texts(got)); diff != "" {
				t.Errorf("suggestion (-want +got):\n%s", diff)
			}
			n1, _ := first.calls()
			n2, _ := second.calls()
			if [2]int{n1, n2} != tt.wantCalls {
				t.Fatalf("calls = %d, %d; want %v", n1, n2, tt.wantCalls)
			}
			if !strings.Contains(first.prompt(0), "<|fim_prefix|>") {
				t.Errorf("first backend's prompt %q is not in its model's format", first.prompt(0))
			}
			if n2 > 0 && !strings.Contains(second.prompt(0), "<PRE>") {
				t.Errorf("second backend's prompt %q is not in its model's format", second.prompt(0))
			}
			if n := e.Stats().Errors; n != tt.wantErrors {
				t.Errorf("errors = %d, want %d", n, tt.wantErrors)
			}
		})
	}
}
