package explain

import "time"

// Config tunes the engine. Zero values take the defaults.
type Config struct {
	// Model names the model; empty means each backend's configured model.
	Model string
	// Deadline bounds an explanation; after it, what has streamed is
	// returned with a marker. Default 3 s.
	Deadline time.Duration
	// MinDelay is the least time between two model calls of a session; 0
	// means no limit.
	MinDelay time.Duration
	// MaxTokens bounds the answer. Default 320.
	MaxTokens int
	// Temperature is the sampling temperature. Default 0.2.
	Temperature *float64
	// NumCtx fixes Ollama's context window; 0 leaves it to the backend.
	NumCtx int
	// ContextLines is how many lines either side of the subject go into the
	// prompt. Default 40.
	ContextLines int
	// CacheSize and CacheTTL bound the answer cache. Defaults 512 and 10 min.
	CacheSize int
	CacheTTL  time.Duration
}

// Defaults.
const (
	DefaultDeadline     = 3 * time.Second
	DefaultMaxTokens    = 320
	DefaultContextLines = 40
	DefaultCacheSize    = 512
	DefaultCacheTTL     = 10 * time.Minute
	defaultTemperature  = 0.2
)

func (c Config) withDefaults() Config {
	if c.Deadline <= 0 {
		c.Deadline = DefaultDeadline
	}
	if c.MaxTokens <= 0 {
		c.MaxTokens = DefaultMaxTokens
	}
	if c.Temperature == nil {
		t := defaultTemperature
		c.Temperature = &t
	}
	if c.ContextLines <= 0 {
		c.ContextLines = DefaultContextLines
	}
	if c.CacheSize <= 0 {
		c.CacheSize = DefaultCacheSize
	}
	if c.CacheTTL <= 0 {
		c.CacheTTL = DefaultCacheTTL
	}
	return c
}
