package lsp_test

import (
	"context"
	"flag"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/edittrace"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

var (
	traceFile  = flag.String("trace", "../testdata/traces/strings_builder.jsonl", "editing trace for BenchmarkEditingTrace")
	traceSpeed = flag.Float64("trace-speed", 1, "replay speed of BenchmarkEditingTrace: 1 is the recorded pace")
)

// TestRecordedTrace regenerates the recorded trace with -update from the Go
// standard library's strings/builder.go and checks the file parses.
func TestRecordedTrace(t *testing.T) {
	if *update {
		src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "strings", "builder.go"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(src), "\n")
		tr := edittrace.Synthesize("strings/builder.go", "go", strings.Join(lines[:60], ""), 25, 1)
		f, err := os.Create(*traceFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := edittrace.Write(f, tr); err != nil {
			t.Fatal(err)
		}
	}
	tr := loadTrace(t)
	if len(tr.Events) < 500 || tr.Final == "" {
		t.Errorf("trace has %d events and %d final bytes", len(tr.Events), len(tr.Final))
	}
}

func loadTrace(tb testing.TB) *edittrace.Trace {
	f, err := os.Open(*traceFile)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	tr, err := edittrace.Read(f)
	if err != nil {
		tb.Fatal(err)
	}
	return tr
}

// BenchmarkEditingTrace replays a recorded editing session through the real
// server and completion engine, as VS Code drives it (a new inline request
// at every keystroke, cancelling the previous one), against a simulated GPU
// server with one KV-cache slot, at the recorded pace (-trace-speed scales
// keystrokes and the simulated server alike; the engine's debounce limits
// are not scaled, so only speed 1 gives faithful figures). It reports
// backend requests per 100 keystrokes, the share of shown suggestions served
// by typing-through, the share of each prompt identical to the previous
// prompt's start, and the daemon's own time per request (measured with an
// instant backend).
//
//	go test -run '^$' -bench EditingTrace -benchtime 1x -timeout 30m ./lsp/
func BenchmarkEditingTrace(b *testing.B) {
	tr := loadTrace(b)
	for b.Loop() {
		m := replay(b, tr, &simServer{final: tr.Final, speed: *traceSpeed, hitRate: 35}, *traceSpeed)
		b.ReportMetric(100*float64(m.backendCalls)/float64(m.keystrokes), "backend-req/100keys")
		b.ReportMetric(100*float64(m.typedThrough)/float64(max(m.shown, 1)), "%shown-typed-through")
		b.ReportMetric(100*m.stablePrompt, "%prompt-stable")
		b.ReportMetric(float64(m.shown), "shown")
		b.Logf("engine counters: %+v", m.engine)
		b.ReportMetric(float64(daemonTime(b, tr).Microseconds()), "daemon-µs/req")
	}
}

type traceMetrics struct {
	keystrokes, shown          int
	backendCalls, typedThrough int64
	stablePrompt               float64
	engine                     complete.Stats
}

func replay(b *testing.B, tr *edittrace.Trace, sim *simServer, speed float64) traceMetrics {
	// Requests are invoked only to skip the debounce: a keystroke gets no
	// alternatives.
	engine := complete.New(route.NewSet(route.Entry{Backend: sim}), complete.Config{Prompt: prompt.Options{Counter: prompt.Estimate{}},
		Strategy: complete.Strategy{NoAlternatives: true}}, nil)
	defer engine.Close()
	e := lsptest.Start(b, lsp.Options{Logger: zap.NewNop(), Features: lsp.Features{Completer: engine}}, nil)
	u := string(uri.File("/work/" + tr.Path))
	e.Open(u, tr.Language, tr.Text)

	var (
		mu      sync.Mutex
		shown   int
		pending *lsptest.Pending
		wg      sync.WaitGroup
	)
	e.Replay(u, tr, speed, func(_, cursor int) {
		if pending != nil {
			pending.Cancel()
		}
		params := &protocol.InlineCompletionParams{
			TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: e.Position(u, cursor)},
			Context: protocol.InlineCompletionContext{TriggerKind: protocol.InlineCompletionTriggerKindAutomatic},
		}
		res := new(protocol.InlineCompletionList)
		p := e.Go(protocol.MethodTextDocumentInlineCompletion, params, res)
		pending = p
		wg.Go(func() {
			if err := p.Wait(); err == nil && len(res.Items) > 0 {
				mu.Lock()
				shown++
				mu.Unlock()
			}
		})
	})
	wg.Wait()
	st := engine.Stats()
	return traceMetrics{
		keystrokes: len(tr.Events), shown: shown,
		backendCalls: st.BackendCalls, typedThrough: st.TypedThrough,
		stablePrompt: sim.stability(), engine: st,
	}
}

// daemonTime is the mean round trip of an invoked request (no debounce)
// answered by an instant backend, one keystroke at a time: the time the
// server and engine add to a request, pipes included.
func daemonTime(b *testing.B, tr *edittrace.Trace) time.Duration {
	sim := &simServer{final: tr.Final, speed: 1e12, hitRate: 35}
	// Requests are invoked only to skip the debounce: a keystroke gets no
	// alternatives.
	engine := complete.New(route.NewSet(route.Entry{Backend: sim}), complete.Config{Prompt: prompt.Options{Counter: prompt.Estimate{}},
		Strategy: complete.Strategy{NoAlternatives: true}}, nil)
	defer engine.Close()
	e := lsptest.Start(b, lsp.Options{Logger: zap.NewNop(), Features: lsp.Features{Completer: engine}}, nil)
	u := string(uri.File("/work/" + tr.Path))
	e.Open(u, tr.Language, tr.Text)
	var total time.Duration
	e.Replay(u, tr, 1e12, func(_, cursor int) {
		params := &protocol.InlineCompletionParams{
			TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(u)}, Position: e.Position(u, cursor)},
			Context: protocol.InlineCompletionContext{TriggerKind: protocol.InlineCompletionTriggerKindInvoked},
		}
		start := time.Now()
		if err := e.Call(protocol.MethodTextDocumentInlineCompletion, params, new(protocol.InlineCompletionList)); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	})
	return total / time.Duration(len(tr.Events))
}

// simServer is a GPU server with one KV-cache slot: prefill costs time per
// token not shared with the previous prompt, decoding per token. It answers
// with what the user will type next (read from the trace's final text) for
// hitRate percent of prompts, else with a plausible wrong line.
type simServer struct {
	final   string
	speed   float64
	hitRate uint32

	mu      sync.Mutex
	last    string   // guarded by mu; the prompt in the slot
	prompts []string // guarded by mu
}

const (
	simPrefillPerToken = 100 * time.Microsecond // ~10k tokens/s
	simDecodePerToken  = 8 * time.Millisecond   // a 7B model at batch 1
	simBase            = 15 * time.Millisecond  // scheduling and first step
)

func (s *simServer) Name() string                         { return "sim" }
func (s *simServer) Kind() inference.BackendKind          { return inference.KindLlamaCpp }
func (s *simServer) Capabilities() inference.Capabilities { return inference.Capabilities{} }

func (s *simServer) ModelInfo(context.Context, string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: "qwen2.5-coder:7b-base"}, nil
}

func (s *simServer) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	s.mu.Lock()
	shared := commonPrefix(s.last, req.Prompt)
	s.prompts = append(s.prompts, req.Prompt)
	s.mu.Unlock()
	prefill := simBase + time.Duration((len(req.Prompt)-shared)/4)*simPrefillPerToken
	if err := s.wait(ctx, prefill); err != nil {
		return inference.Stats{}, err
	}
	s.mu.Lock()
	s.last = req.Prompt
	s.mu.Unlock()
	out := s.answer(req.Prompt)
	for len(out) > 0 {
		if err := s.wait(ctx, simDecodePerToken); err != nil {
			return inference.Stats{}, err
		}
		n := min(4, len(out))
		if err := fn(inference.Chunk{Text: out[:n]}); err != nil {
			if err == inference.ErrStop {
				return inference.Stats{StopReason: inference.StopClient}, nil
			}
			return inference.Stats{}, err
		}
		out = out[n:]
	}
	return inference.Stats{StopReason: inference.StopEOS}, nil
}

func (s *simServer) wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(time.Duration(float64(d) / s.speed))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// answer returns the rest of the line the user is typing, or a wrong line.
func (s *simServer) answer(p string) string {
	before, ok := fimBefore(p)
	h := fnv.New32a()
	h.Write([]byte(p))
	if ok && h.Sum32()%100 < s.hitRate {
		if i := strings.Index(s.final, before); i >= 0 {
			rest := s.final[i+len(before):]
			line, _, _ := strings.Cut(rest, "\n")
			return line + "\n"
		}
	}
	return "unrelated(value, 42)\n"
}

// fimBefore recovers the text before the cursor from a Qwen FIM prompt: the
// prefix window and the current line after the middle token.
func fimBefore(p string) (string, bool) {
	_, rest, ok1 := strings.Cut(p, "<|fim_prefix|>")
	prefix, rest, ok2 := strings.Cut(rest, "<|fim_suffix|>")
	_, line, ok3 := strings.Cut(rest, "<|fim_middle|>")
	if !ok1 || !ok2 || !ok3 {
		return "", false
	}
	if i := strings.Index(prefix, "\n"); i >= 0 && strings.HasPrefix(prefix, "<|file_sep|>") {
		prefix = prefix[i+1:]
	}
	return prefix + line, true
}

// stability is the mean share of each prompt identical to the start of the
// one before it.
func (s *simServer) stability() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.prompts) < 2 {
		return 0
	}
	var sum float64
	for i := 1; i < len(s.prompts); i++ {
		sum += float64(commonPrefix(s.prompts[i-1], s.prompts[i])) / float64(len(s.prompts[i]))
	}
	return sum / float64(len(s.prompts)-1)
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}
