package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// stepClock is a zapcore.Clock that moves only when told.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time                         { return c.now }
func (c *stepClock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

// logLines decodes the JSON lines written so far.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(buf.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	return lines
}

func countMsg(lines []map[string]any, msg string) (n int, last map[string]any) {
	for _, l := range lines {
		if l["msg"] == msg {
			n, last = n+1, l
		}
	}
	return n, last
}

// TestLimitRepeats floods the daemon's logger with one warning: each tick
// lets the first logBurst through, the next entry that passes is preceded
// by a summary of those dropped, Sync reports the rest, and info lines are
// never dropped.
func TestLimitRepeats(t *testing.T) {
	var buf bytes.Buffer
	clock := &stepClock{now: time.Unix(1000, 0)}
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	logger := zap.New(newLogCore(enc, zapcore.AddSync(&buf), zapcore.DebugLevel), zap.WithClock(clock)).
		With(zap.Int("pid", 1))

	for range 1000 {
		logger.Warn("refused message")
		logger.Debug("request")
	}
	logger.Error("other")
	lines := logLines(t, &buf)
	if n, _ := countMsg(lines, "refused message"); n != logBurst {
		t.Errorf("%d warnings in the first tick, want %d", n, logBurst)
	}
	if n, _ := countMsg(lines, "request"); n != 1000 {
		t.Errorf("%d debug lines, want all 1000", n)
	}
	if n, _ := countMsg(lines, "other"); n != 1 {
		t.Errorf("an error of another message was dropped")
	}

	clock.now = clock.now.Add(logTick)
	logger.Warn("refused message")
	n, sum := countMsg(logLines(t, &buf), "suppressed repeated log lines")
	if n != 1 || sum["suppressed"] != float64(1000-logBurst) || sum["repeated"] != "refused message" {
		t.Fatalf("%d summaries, last %v; want one counting %d dropped", n, sum, 1000-logBurst)
	}

	for range 50 {
		logger.Warn("refused message")
	}
	logger.Sync()
	n, sum = countMsg(logLines(t, &buf), "suppressed repeated log lines")
	if n != 2 || sum["suppressed"] != float64(51-logBurst) {
		t.Errorf("%d summaries after Sync, last %v; want a second counting %d", n, sum, 51-logBurst)
	}
}
