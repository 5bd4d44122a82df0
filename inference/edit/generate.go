package edit

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// generate streams one answer to msgs. onText, when not nil, receives the
// answer so far as it grows. Streaming stops once the answer passes
// MaxFileBytes; diffing then refuses it as too large.
func (e *Engine) generate(ctx context.Context, req Request, msgs []inference.Message, attempt int,
	onText func(string)) (string, error) {
	e.stats.attempts.Add(1)
	start := time.Now()
	answer, st, err := inference.StreamChat(ctx, e.gen, req.Language, inference.Request{
		Model:    e.cfg.Model,
		Lane:     inference.LaneAction,
		Session:  req.Session,
		Messages: msgs,
		Options:  inference.Options{MaxTokens: e.cfg.MaxTokens, Temperature: e.cfg.Temperature, NumCtx: e.cfg.NumCtx},
	}, e.cfg.MaxFileBytes, onText)
	if ce := e.logger.Check(zap.DebugLevel, "edit answer"); ce != nil {
		ce.Write(zap.String("session", req.Session), zap.String("action", req.Action), zap.Int("attempt", attempt),
			zap.Int("promptBytes", promptBytes(msgs)), zap.Int("answerBytes", len(answer)),
			zap.Int("promptTokens", st.PromptTokens), zap.Int("generatedTokens", st.GeneratedTokens),
			zap.String("stop", string(st.StopReason)), zap.Duration("took", time.Since(start)), zap.Error(err))
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			err = cerr
		}
		return "", fmt.Errorf("generate %s: %w", req.Action, err)
	}
	return answer, nil
}

// promptBytes returns the size of a chat, for logs.
func promptBytes(msgs []inference.Message) int {
	n := 0
	for _, m := range msgs {
		n += len(m.Content)
	}
	return n
}
