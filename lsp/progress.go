package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"go.lsp.dev/protocol"
)

// progressTail is how much of a growing answer a progress report carries.
const progressTail = 2 << 10

// progress reports a long request with work-done progress: begin, reports
// carrying the model's growing answer (its last progressTail bytes), end.
// The user may cancel it, which cancels the work.
type progress struct {
	s     *server
	token protocol.ProgressToken // nil: the client takes no progress

	mu   sync.Mutex
	last time.Time // guarded by mu; when the last report went out
}

// startProgress begins progress under token; with none it creates one when
// the client supports server-initiated progress.
func (s *server) startProgress(ctx context.Context, token protocol.ProgressToken, title string) *progress {
	p := &progress{s: s, token: token}
	if p.token == nil && s.clientCaps().workDoneProgress {
		t := protocol.String(fmt.Sprintf("lspilot-%s-%d", s.session, time.Now().UnixNano()))
		if err := s.client.WorkDoneProgressCreate(ctx, &protocol.WorkDoneProgressCreateParams{Token: t}); err == nil {
			p.token = t
		}
	}
	yes := true
	p.send(ctx, &protocol.WorkDoneProgressBegin{Kind: "begin", Title: "lspilot: " + title, Cancellable: &yes})
	return p
}

// context returns ctx cancelled also when the user cancels the progress.
func (p *progress) context(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	if p.token == nil {
		return ctx, cancel
	}
	key := tokenKey(p.token)
	p.s.mu.Lock()
	if p.s.progressCancels == nil {
		p.s.progressCancels = map[string]context.CancelFunc{}
	}
	p.s.progressCancels[key] = cancel
	p.s.mu.Unlock()
	return ctx, func() {
		p.s.mu.Lock()
		delete(p.s.progressCancels, key)
		p.s.mu.Unlock()
		cancel()
	}
}

// report sends the growing answer, at most every 100 ms.
func (p *progress) report(text string) {
	p.mu.Lock()
	due := time.Since(p.last) >= 100*time.Millisecond
	if due {
		p.last = time.Now()
	}
	p.mu.Unlock()
	if due {
		msg := text[max(0, len(text)-progressTail):]
		p.send(context.Background(), &protocol.WorkDoneProgressReport{Kind: "report", Message: &msg})
	}
}

func (p *progress) end(msg string) {
	p.send(context.Background(), &protocol.WorkDoneProgressEnd{Kind: "end", Message: &msg})
}

func (p *progress) send(ctx context.Context, v any) {
	if p.token == nil {
		return
	}
	raw, _ := json.Marshal(v)
	_ = p.s.client.Progress(context.WithoutCancel(ctx), &protocol.ProgressParams{Token: p.token, Value: raw})
}

// WorkDoneProgressCancel implements protocol.Server: the user cancelled a
// long request; its work, down to the backend stream, stops.
func (s *server) WorkDoneProgressCancel(_ context.Context, params *protocol.WorkDoneProgressCancelParams) error {
	s.mu.Lock()
	cancel := s.progressCancels[tokenKey(params.Token)]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

func tokenKey(t protocol.ProgressToken) string {
	switch v := t.(type) {
	case protocol.String:
		return "s:" + string(v)
	case protocol.Integer:
		return fmt.Sprintf("i:%d", v)
	}
	return ""
}
