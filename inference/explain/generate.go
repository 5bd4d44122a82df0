package explain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference"
)

// maxAnswerBytes bounds an answer whatever the backend does with MaxTokens.
const maxAnswerBytes = 16 << 10

// generate streams the explanation of subj within the deadline.
func (e *Engine) generate(ctx context.Context, req Request, subj subject, onText func(string)) (Explanation, error) {
	e.stats.modelCalls.Add(1)
	msgs := messages(req, subj, e.cfg.ContextLines)
	deadline := e.cfg.Deadline
	if req.Deadline > 0 {
		deadline = req.Deadline
	}
	dctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	start := time.Now()
	answer, st, err := inference.StreamChat(dctx, e.gen, req.Language, inference.Request{
		Model:    e.cfg.Model,
		Lane:     inference.LaneHover,
		Session:  req.Session,
		Messages: msgs,
		Options:  inference.Options{MaxTokens: e.cfg.MaxTokens, Temperature: e.cfg.Temperature, NumCtx: e.cfg.NumCtx},
	}, maxAnswerBytes, onText)
	ex := Explanation{Markdown: clean(answer), Subject: subj.describe(req.Text)}
	e.logger.Debug("explained", zap.String("subject", ex.Subject), zap.Int("bytes", len(answer)),
		zap.Int("promptTokens", st.PromptTokens), zap.Duration("took", time.Since(start)), zap.Error(err))
	switch {
	case err == nil:
		return ex, nil
	case ctx.Err() != nil:
		return Explanation{}, ctx.Err()
	case errors.Is(dctx.Err(), context.DeadlineExceeded):
		ex.Partial = true
		if ex.Markdown != "" {
			ex.Markdown += fmt.Sprintf("\n\n*… cut off after %s*", deadline.Round(time.Millisecond))
		}
		return ex, nil
	}
	return Explanation{}, fmt.Errorf("explain %s: %w", ex.Subject, err)
}

// clean trims the answer and unwraps it when the whole of it is fenced as
// Markdown.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if body, ok := lang.Unwrap(s, "markdown", "md", ""); ok {
		return strings.TrimSpace(body)
	}
	return s
}
