package complete

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/sched"
)

// seededBackend answers by seed, as a model sampling with a fixed seed
// does: answers[0] is the greedy answer (no seed), answers[n] the answer of
// seed n. fails[n] failures, then cuts[n] answers the time budget cut
// short, come before seed n answers in full; a channel in hold makes seed n
// wait for it (or for its context, which it counts as aborted).
type seededBackend struct {
	answers map[int]string
	hold    map[int]chan struct{}
	started chan int // each request's seed as it starts

	mu      sync.Mutex
	fails   map[int]int
	cuts    map[int]int
	reqs    []inference.Request
	aborted []int
}

func newSeeded(answers map[int]string) *seededBackend {
	return &seededBackend{answers: answers, hold: map[int]chan struct{}{}, fails: map[int]int{}, cuts: map[int]int{}, started: make(chan int, 64)}
}

func (b *seededBackend) Name() string                { return "seeded" }
func (b *seededBackend) Kind() inference.BackendKind { return inference.KindOllama }
func (b *seededBackend) Capabilities() inference.Capabilities {
	return inference.Capabilities{NativeFIM: true}
}

func (b *seededBackend) ModelInfo(context.Context, string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: "qwen2.5-coder:1.5b-base", Template: "<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>"}, nil
}

func seedOf(req *inference.Request) int {
	if req.Options.Seed == nil {
		return 0
	}
	return *req.Options.Seed
}

func (b *seededBackend) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	seed := seedOf(req)
	b.mu.Lock()
	b.reqs = append(b.reqs, *req)
	fail := b.fails[seed] > 0
	b.fails[seed]--
	cut := !fail && b.cuts[seed] > 0
	if cut {
		b.cuts[seed]--
	}
	b.mu.Unlock()
	b.started <- seed
	if fail {
		return inference.Stats{}, errors.New("backend failed")
	}
	if h := b.hold[seed]; h != nil {
		select {
		case <-h:
		case <-ctx.Done():
			b.mu.Lock()
			b.aborted = append(b.aborted, seed)
			b.mu.Unlock()
			return inference.Stats{}, ctx.Err()
		}
	}
	if cut {
		if err := fn(inference.Chunk{Text: "return"}); err != nil && err != inference.ErrStop {
			return inference.Stats{}, err
		}
		return inference.Stats{StopReason: inference.StopBudget}, nil
	}
	if err := fn(inference.Chunk{Text: b.answers[seed]}); err != nil && err != inference.ErrStop {
		return inference.Stats{}, err
	}
	return inference.Stats{StopReason: inference.StopEOS}, nil
}

// seeds returns the seeds of the requests so far, in order.
func (b *seededBackend) seeds() []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []int
	for i := range b.reqs {
		out = append(out, seedOf(&b.reqs[i]))
	}
	return out
}

func newSeededEngine(t *testing.T, b *seededBackend) *Engine {
	e := New(single(b), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
	e.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	t.Cleanup(e.Close)
	return e
}

const (
	body     = "func f(x int) int {\n\t|\n}\n"
	block    = "if x > 0 {\n\t\treturn 1\n\t}\n\treturn 0"
	blockTop = "if x > 0 {"
)

// TestAlternatives asks at a cursor as the editor does, and checks the
// suggestions and the generations it took.
func TestAlternatives(t *testing.T) {
	tests := []struct {
		name      string
		answers   map[int]string
		invoked   []bool // one request each, at the same cursor and version
		list      bool   // the requests fill a completion list
		want      []string
		wantSeeds []int // the seeds of the generations made, 0 the greedy one
	}{
		{
			name:    "a keystroke's first request: one suggestion, one generation",
			answers: map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"},
			invoked: []bool{false}, want: []string{"return x"}, wantSeeds: []int{0},
		},
		{
			name:    "invoked: three distinct, the first unchanged",
			answers: map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"},
			invoked: []bool{true}, want: []string{"return x", "return -x", "return 2 * x"}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "asked again automatically: the first as before, then the alternatives",
			answers: map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"},
			invoked: []bool{false, false}, want: []string{"return x", "return -x", "return 2 * x"}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "invoked after a keystroke's answer: its generation is not repeated",
			answers: map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"},
			invoked: []bool{false, true}, want: []string{"return x", "return -x", "return 2 * x"}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "samples equal but for trailing spaces: one suggestion",
			answers: map[int]string{0: "return x", 1: "return x   ", 2: "return x"},
			invoked: []bool{true}, want: []string{"return x"}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "two samples alike: each once",
			answers: map[int]string{0: "return x", 1: "return -x", 2: "return -x"},
			invoked: []bool{true}, want: []string{"return x", "return -x"}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "multi-line, samples alike: its first line is the alternative",
			answers: map[int]string{0: block, 1: block, 2: block},
			invoked: []bool{true}, want: []string{block, blockTop}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "multi-line, the first sample differs: it and the first line, no second sample",
			answers: map[int]string{0: block, 1: "return x", 2: "return 0"},
			invoked: []bool{true}, want: []string{block, "return x", blockTop}, wantSeeds: []int{0, 1},
		},
		{
			name:    "nothing from the greedy generation: the samples",
			answers: map[int]string{0: "", 1: "return x", 2: "return -x"},
			invoked: []bool{true}, want: []string{"return x", "return -x"}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "invoked with nothing from the greedy generation, then asked again: the same samples",
			answers: map[int]string{0: "", 1: "return x", 2: "return -x"},
			invoked: []bool{true, false}, want: []string{"return x", "return -x"}, wantSeeds: []int{0, 1, 2},
		},
		{
			name:    "asked again automatically where nothing was answered: no alternatives",
			answers: map[int]string{0: "", 1: "return x", 2: "return -x"},
			invoked: []bool{false, false}, want: nil, wantSeeds: []int{0},
		},
		{
			name:    "an invoked list request, as Helix sends while typing: one generation",
			answers: map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"},
			invoked: []bool{true}, list: true, want: []string{"return x"}, wantSeeds: []int{0},
		},
		{
			name:    "an invoked list request asked again: the alternatives",
			answers: map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"},
			invoked: []bool{true, true}, list: true, want: []string{"return x", "return -x", "return 2 * x"}, wantSeeds: []int{0, 1, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSeeded(tt.answers)
			e := newSeededEngine(t, b)
			req := at(body)
			req.Version = 3
			req.List = tt.list
			var got []Suggestion
			for _, inv := range tt.invoked {
				req.Invoked = inv
				var err error
				if got, err = e.Complete(t.Context(), req); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, texts(got)); diff != "" {
				t.Errorf("suggestions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSeeds, b.seeds()); diff != "" {
				t.Errorf("generations by seed (-want +got):\n%s", diff)
			}
			ids := map[string]bool{}
			for _, sg := range got {
				if sg.ID == "" || ids[sg.ID] {
					t.Errorf("suggestion ids %v: want each named, once", got)
				}
				ids[sg.ID] = true
			}
		})
	}
}

// TestAlternativesStable asks again and again at a cursor: the same
// suggestions, ids and order each time, from the list the first ask made.
func TestAlternativesStable(t *testing.T) {
	b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"})
	e := newSeededEngine(t, b)
	req := at(body)
	req.Invoked = true
	first, err := e.Complete(t.Context(), req)
	if err != nil || len(first) != 3 {
		t.Fatalf("invoked = %v, %v; want three suggestions", first, err)
	}
	for _, invoked := range []bool{true, false, true} {
		req.Invoked = invoked
		got, err := e.Complete(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Errorf("asked again (invoked %v) (-first +now):\n%s", invoked, diff)
		}
	}
	if diff := cmp.Diff([]int{0, 1, 2}, b.seeds()); diff != "" {
		t.Errorf("generations by seed (-want +got):\n%s", diff)
	}
	if st := e.Stats(); st.BackendCalls != 1 || st.AlternativeCalls != 2 {
		t.Errorf("stats: %d backend calls, %d alternative calls; want 1 and 2", st.BackendCalls, st.AlternativeCalls)
	}
}

// TestAlternativesNewVersion: the same text and cursor in a new version (a
// character typed and deleted) is a keystroke, not the editor asking again.
func TestAlternativesNewVersion(t *testing.T) {
	b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"})
	e := newSeededEngine(t, b)
	req := at(body)
	for v := range int32(3) {
		req.Version = v
		if got, err := e.Complete(t.Context(), req); err != nil || len(got) != 1 {
			t.Fatalf("version %d: %q, %v; want one suggestion", v, texts(got), err)
		}
	}
	if diff := cmp.Diff([]int{0}, b.seeds()); diff != "" {
		t.Errorf("generations by seed (-want +got):\n%s", diff)
	}
}

// TestAlternativeFailureNotKept: a sample that fails, or that the time
// budget cuts short, is no answer. The list answers without it, and the
// next ask samples it again, appending what it says after what was shown
// before.
func TestAlternativeFailureNotKept(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(b *seededBackend)
	}{
		{"backend error", func(b *seededBackend) { b.fails[1] = 1 }},
		{"cut by the time budget", func(b *seededBackend) { b.cuts[1] = 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"})
			tt.spoil(b)
			e := newSeededEngine(t, b)
			req := at(body)
			req.Invoked = true
			got, err := e.Complete(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"return x", "return 2 * x"}, texts(got)); diff != "" {
				t.Errorf("with a spoilt sample (-want +got):\n%s", diff)
			}
			again, err := e.Complete(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"return x", "return 2 * x", "return -x"}, texts(again)); diff != "" {
				t.Errorf("asked again (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(got, again[:2]); diff != "" {
				t.Errorf("what was shown moved (-before +now):\n%s", diff)
			}
			if diff := cmp.Diff([]int{0, 1, 2, 1}, b.seeds()); diff != "" {
				t.Errorf("generations by seed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAlternativesCancelledByKeystroke types while an invoked request
// samples: the sample's generation is cancelled, the invoked request
// answers with what it has, and the keystroke is answered (typing through
// the first suggestion).
func TestAlternativesCancelledByKeystroke(t *testing.T) {
	b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"})
	b.hold[1] = make(chan struct{}) // never released
	e := newSeededEngine(t, b)
	req := at(body)
	req.Invoked = true
	type result struct {
		got []Suggestion
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := e.Complete(t.Context(), req)
		done <- result{got, err}
	}()
	for seed := range b.started {
		if seed == 1 {
			break
		}
	}
	next := at("func f(x int) int {\n\tr|\n}\n")
	next.Version = 1
	if got, err := e.Complete(t.Context(), next); err != nil || len(got) != 1 || got[0].Text != "eturn x" {
		t.Fatalf("the keystroke = %q, %v; want the rest of the first suggestion", texts(got), err)
	}
	r := <-done
	if r.err != nil || len(r.got) != 1 || r.got[0].Text != "return x" {
		t.Errorf("the invoked request = %q, %v; want its first suggestion alone", texts(r.got), r.err)
	}
	b.mu.Lock()
	aborted := b.aborted
	b.mu.Unlock()
	if diff := cmp.Diff([]int{1}, aborted); diff != "" {
		t.Errorf("aborted generations by seed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0, 1}, b.seeds()); diff != "" {
		t.Errorf("generations by seed (-want +got):\n%s", diff)
	}
}

// TestTypingThroughAlternative types the start of an alternative: the
// rest of it is answered with its id, without a backend call.
func TestTypingThroughAlternative(t *testing.T) {
	b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "panic(x)"})
	e := newSeededEngine(t, b)
	req := at(body)
	req.Invoked = true
	offered, err := e.Complete(t.Context(), req)
	if err != nil || len(offered) != 3 {
		t.Fatalf("invoked = %q, %v; want three suggestions", texts(offered), err)
	}
	tests := []struct {
		typed string
		want  Suggestion
	}{
		{"ret", Suggestion{Text: "urn x", ID: offered[0].ID}},
		{"return -", Suggestion{Text: "x", ID: offered[1].ID}},
		{"pan", Suggestion{Text: "ic(x)", ID: offered[2].ID}},
	}
	for i, tt := range tests {
		next := at("func f(x int) int {\n\t" + tt.typed + "|\n}\n")
		next.Version = int32(i + 1)
		got, err := e.Complete(t.Context(), next)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Suggestion{tt.want}, got); diff != "" {
			t.Errorf("after typing %q (-want +got):\n%s", tt.typed, diff)
		}
	}
	if diff := cmp.Diff([]int{0, 1, 2}, b.seeds()); diff != "" {
		t.Errorf("generations by seed (-want +got):\n%s", diff)
	}
}

// TestAlternativeRequests checks what the samples ask the backend: the
// prompt of the greedy request, sampled with a fixed seed each, in the lane
// below suggestions being typed.
func TestAlternativeRequests(t *testing.T) {
	b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"})
	e := newSeededEngine(t, b)
	req := at(body)
	req.Invoked = true
	if _, err := e.Complete(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(b.reqs))
	}
	greedy := b.reqs[0]
	if greedy.Options.Seed != nil || greedy.Lane != inference.LaneInline || *greedy.Options.Temperature != 0 {
		t.Errorf("greedy request: seed %v, lane %v, temperature %v", greedy.Options.Seed, greedy.Lane, *greedy.Options.Temperature)
	}
	for i, r := range b.reqs[1:] {
		if r.Options.Seed == nil || *r.Options.Seed != i+1 || *r.Options.Temperature != sampleTemperature || r.Lane != inference.LaneList {
			t.Errorf("sample %d: seed %v, temperature %v, lane %v", i+1, r.Options.Seed, *r.Options.Temperature, r.Lane)
		}
		if r.Prompt != greedy.Prompt || r.Options.MaxTokens != greedy.Options.MaxTokens || r.SingleLine != greedy.SingleLine {
			t.Errorf("sample %d asks another prompt or shape than the greedy request", i+1)
		}
	}
}

// TestAlternativesOff: with alternatives switched off, an invoked request
// makes one generation.
func TestAlternativesOff(t *testing.T) {
	b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"})
	e := New(single(b), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}, Strategy: Strategy{NoAlternatives: true}}, nil)
	t.Cleanup(e.Close)
	req := at(body)
	req.Invoked = true
	if got, err := e.Complete(t.Context(), req); err != nil || len(got) != 1 {
		t.Fatalf("invoked = %q, %v; want one suggestion", texts(got), err)
	}
	if diff := cmp.Diff([]int{0}, b.seeds()); diff != "" {
		t.Errorf("generations by seed (-want +got):\n%s", diff)
	}
}

func TestFirstLine(t *testing.T) {
	tests := []struct{ give, want string }{
		{"return x", ""},
		{"return x\n", ""},
		{"return x\n\n  \n", ""},
		{"if x {\n\treturn 1\n}", "if x {"},
		{"if x {  \n\treturn 1\n}", "if x {"},
		{"\n\tif x {\n\t\treturn 1\n\t}", "\n\tif x {"},
		{"a\r\nb", "a"},
	}
	for _, tt := range tests {
		if got := firstLine(tt.give); got != tt.want {
			t.Errorf("firstLine(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestNorm(t *testing.T) {
	tests := []struct{ a, b string }{
		{"return x", "return x  "},
		{"return x", "return x\n\n"},
		{"if x {  \n\treturn 1\n}", "if x {\n\treturn 1\n}\t"},
	}
	for _, tt := range tests {
		if norm(tt.a) != norm(tt.b) {
			t.Errorf("norm(%q) != norm(%q)", tt.a, tt.b)
		}
	}
	if norm("return x") == norm(" return x") {
		t.Error("leading spaces compared away")
	}
}

// TestAlternativesDedupedByScheduler asks twice at once at one cursor
// through the scheduler: the second ask joins the first's generations, so
// that the backend makes each once, and both get the same list.
func TestAlternativesDedupedByScheduler(t *testing.T) {
	b := newSeeded(map[int]string{0: "return x", 1: "return -x", 2: "return 2 * x"})
	release := make(chan struct{})
	b.hold[1] = release
	s := sched.New(b, sched.Config{Slots: 2})
	t.Cleanup(s.Close)
	e := New(single(s), Config{Prompt: prompt.Options{Counter: prompt.Estimate{}}}, nil)
	e.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	t.Cleanup(e.Close)
	req := at(body)
	req.Invoked = true
	results := make(chan []Suggestion, 2)
	ask := func() {
		got, err := e.Complete(t.Context(), req)
		if err != nil {
			t.Error(err)
		}
		results <- got
	}
	go ask()
	for seed := range b.started {
		if seed == 1 {
			break
		}
	}
	go ask()
	joined := func() int64 {
		for _, l := range s.Stats().Lanes {
			if l.Lane == inference.LaneList {
				return l.Joined
			}
		}
		return 0
	}
	deadline := time.Now().Add(10 * time.Second)
	for joined() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the second ask never joined the first's sample")
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	first, second := <-results, <-results
	if diff := cmp.Diff([]string{"return x", "return -x", "return 2 * x"}, texts(first)); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("the two asks differ (-one +other):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0, 1, 2}, b.seeds()); diff != "" {
		t.Errorf("generations by seed (-want +got):\n%s", diff)
	}
}
