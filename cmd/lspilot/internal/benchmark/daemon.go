package benchmark

import (
	"context"
	"fmt"
	"slices"
	"syscall"
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
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// instant is a backend that answers at once, so that what is measured is
// the daemon: pipes, framing, documents, engine and prompt.
type instant struct{}

func (instant) Name() string                         { return "instant" }
func (instant) Kind() inference.BackendKind          { return inference.KindLlamaCpp }
func (instant) Capabilities() inference.Capabilities { return inference.Capabilities{} }
func (instant) ModelInfo(context.Context, string) (inference.ModelInfo, error) {
	return inference.ModelInfo{Name: "qwen2.5-coder:7b-base"}, nil
}

func (instant) Generate(_ context.Context, _ *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	if err := fn(inference.Chunk{Text: "value := compute(input, 42)\n"}); err != nil && err != inference.ErrStop {
		return inference.Stats{}, err
	}
	return inference.Stats{StopReason: inference.StopEOS}, nil
}

// measureDaemon types tr through a session whose engine uses s's switches
// and an instant backend, one request per keystroke waited for in turn, and
// returns the CPU time per request and the p99 of the round trips.
func measureDaemon(ctx context.Context, tr *edittrace.Trace, s strategy) (cpu, p99 time.Duration, err error) {
	// Requests are invoked only to skip the debounce: a keystroke gets no
	// alternatives.
	st := s.engine
	st.NoAlternatives = true
	engine := complete.New(route.NewSet(route.Entry{Backend: instant{}}), complete.Config{
		Prompt: prompt.Options{Counter: prompt.Estimate{}}, Strategy: st,
	}, zap.NewNop())
	defer engine.Close()
	sess, err := dial(ctx, lsp.Options{Features: lsp.Features{Completer: engine}}, nil)
	if err != nil {
		return 0, 0, err
	}
	defer sess.close()
	if err := sess.open(tr.Path, tr.Language, tr.Text); err != nil {
		return 0, 0, err
	}
	cursor := len(tr.Text)
	var trips []time.Duration
	before := cpuTime()
	for _, ev := range tr.Events {
		if ev.Op == "backspace" {
			continue
		}
		if err := sess.edit(cursor, cursor, ev.Text); err != nil {
			return 0, 0, err
		}
		cursor += len(ev.Text)
		start := time.Now()
		var res protocol.InlineCompletionList
		if err := protocol.Call(ctx, sess.conn, protocol.MethodTextDocumentInlineCompletion, &protocol.InlineCompletionParams{
			TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(sess.uri)},
				Position:     wirePos(sess.doc.Position(cursor, textdoc.UTF16)),
			},
			Context: protocol.InlineCompletionContext{TriggerKind: protocol.InlineCompletionTriggerKindInvoked},
		}, &res); err != nil {
			return 0, 0, fmt.Errorf("measure daemon: %w", err)
		}
		trips = append(trips, time.Since(start))
	}
	if len(trips) == 0 {
		return 0, 0, nil
	}
	cpu = (cpuTime() - before) / time.Duration(len(trips))
	slices.Sort(trips)
	return cpu, quantile(trips, 0.99), nil
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's peak resident memory in bytes, from
// /proc/self/status (0 where there is none).
func peakRSS() uint64 { return statusKB("VmHWM:") }
