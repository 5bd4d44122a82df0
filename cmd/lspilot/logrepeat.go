package main

import (
	"sync"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// limitRepeats wraps core so that, per level and message, the first burst
// entries of each tick pass and the rest are dropped. The number dropped is
// reported by one summary line before the next entry of that message that
// passes, or when the logger is synced.
func limitRepeats(core zapcore.Core, tick time.Duration, burst int) zapcore.Core {
	r := &repeats{out: core, dropped: make(map[repeatKey]int)}
	return &repeatCore{
		Core:    zapcore.NewSamplerWithOptions(core, tick, burst, 0, zapcore.SamplerHook(r.hook)),
		repeats: r,
	}
}

// repeatKey is what the sampler counts by.
type repeatKey struct {
	level zapcore.Level
	msg   string
}

// repeats counts the entries the sampler dropped.
type repeats struct {
	out     zapcore.Core // writes the summaries
	mu      sync.Mutex
	dropped map[repeatKey]int // guarded by mu
}

// hook is called by the sampler for every entry it decides on.
func (r *repeats) hook(ent zapcore.Entry, dec zapcore.SamplingDecision) {
	key := repeatKey{ent.Level, ent.Message}
	r.mu.Lock()
	defer r.mu.Unlock()
	if dec&zapcore.LogDropped != 0 {
		r.dropped[key]++
		return
	}
	if n := r.dropped[key]; n > 0 {
		delete(r.dropped, key)
		r.summarize(ent, n)
	}
}

// flush reports every count not reported yet.
func (r *repeats) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for key, n := range r.dropped {
		r.summarize(zapcore.Entry{Level: key.level, Message: key.msg, Time: time.Now()}, n)
	}
	clear(r.dropped)
}

// summarize writes the summary of n dropped entries like ent. Called with
// r.mu held.
func (r *repeats) summarize(ent zapcore.Entry, n int) {
	msg := ent.Message
	ent.Message, ent.Caller, ent.Stack = "suppressed repeated log lines", zapcore.EntryCaller{}, ""
	r.out.Write(ent, []zapcore.Field{zap.String("repeated", msg), zap.Int("suppressed", n)})
}

// repeatCore is the sampler, with a Sync that reports the counts first.
type repeatCore struct {
	zapcore.Core
	repeats *repeats
}

func (c *repeatCore) With(fields []zapcore.Field) zapcore.Core {
	return &repeatCore{Core: c.Core.With(fields), repeats: c.repeats}
}

func (c *repeatCore) Sync() error {
	c.repeats.flush()
	return c.Core.Sync()
}
