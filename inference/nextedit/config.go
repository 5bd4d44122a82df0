package nextedit

// Config tunes the engine. Zero values take the defaults.
type Config struct {
	// Model names the model; empty means each backend's configured model.
	Model string
	// Format is "auto" (or empty: detect from the model name) or a format
	// name (Formats).
	Format string
	// MaxTokens bounds an answer. Default 512.
	MaxTokens int
	// Temperature is the sampling temperature. Default 0.
	Temperature *float64
	// NumCtx fixes Ollama's context window; 0 leaves it to the backend.
	NumCtx int
	// ContextLines is the lines of the file shown above and below the
	// editable region. Default 20.
	ContextLines int
	// History bounds the recorded edits.
	History HistoryConfig
	// PrefetchRatio bounds prefetching: a prefetch starts only while model
	// calls stay within this many times the edits shown. Default 1.5; a
	// negative value turns prefetching off.
	PrefetchRatio float64
}

// Defaults.
const (
	DefaultMaxTokens     = 512
	DefaultContextLines  = 20
	DefaultPrefetchRatio = 1.5
)

func (c Config) withDefaults() Config {
	if c.MaxTokens <= 0 {
		c.MaxTokens = DefaultMaxTokens
	}
	t := 0.0
	if c.Temperature != nil {
		t = *c.Temperature
	}
	c.Temperature = &t
	if c.ContextLines <= 0 {
		c.ContextLines = DefaultContextLines
	}
	if c.PrefetchRatio == 0 {
		c.PrefetchRatio = DefaultPrefetchRatio
	}
	return c
}
