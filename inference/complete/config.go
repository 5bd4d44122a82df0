package complete

import (
	"time"

	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/privacy"
	"github.com/lspilot/lspilot/inference/prompt"
	"github.com/lspilot/lspilot/inference/route"
)

// Config tunes the engine. Zero fields take the defaults in withDefaults.
type Config struct {
	// Model is the model to ask for; empty uses the backend's.
	Model string
	// Template is the fim.template setting: "" or "auto" to detect the
	// model family, a family name, or a custom template (see prompt.Resolve).
	Template string
	// MaxTokens bounds a single-line suggestion; MaxTokensMultiline a block.
	MaxTokens, MaxTokensMultiline int
	// Temperature is the sampling temperature; nil means 0, greedy, which
	// gives the same suggestion for the same prompt.
	Temperature *float64
	// TimeBudget bounds generation time once text flows.
	TimeBudget time.Duration
	// Timeout bounds one generation end to end.
	Timeout time.Duration
	// Debounce is the wait before an automatic request at a word boundary
	// reaches the backend until the user's typing rhythm is known;
	// afterwards the wait follows the rhythm within [DebounceMin, Debounce].
	// Inside a word a request waits until the user has clearly stopped
	// typing, within [DebounceMax, DebounceWord].
	Debounce, DebounceMin, DebounceMax, DebounceWord time.Duration
	// Eagerness is how eagerly automatic requests go out: EagernessHigh
	// (the default) asks at every keystroke while the backend has room and
	// backs off towards the debounces above as its load rises;
	// EagernessMedium starts halfway, requests inside a word always waiting
	// for a pause; EagernessLow always waits the debounces.
	Eagerness string
	// NumCtx fixes the backend's context window (Ollama num_ctx).
	NumCtx int
	// ContextChunks bounds the ring of extra context: regions of other
	// files and of earlier edits.
	ContextChunks int
	// Prompt holds the token budgets of context assembly.
	Prompt prompt.Options
	// Clock tells time for the debounce and the typing rhythm; nil is the
	// wall clock. Benchmarks replay in virtual time through it.
	Clock clock.Clock
	// Warmup, when set, sends a session's next prompt to be cached while
	// its user is idle (see route.WarmPolicy); WarmHolder, when set, says
	// what the replica it would go to holds already.
	Warmup     *route.WarmPolicy
	WarmHolder route.Holder
	// Sources add context from the repository, such as definitions, after
	// the ring's, in their order (see Source).
	Sources []Source
	// Strategy turns the engine's ways of saving backend calls off, to
	// compare strategies; the zero value keeps all of them.
	Strategy Strategy
	// Private says which files never reach a backend, neither for their own
	// completion nor as context of another file's; nil holds the built-in
	// patterns only (privacy.Builtin).
	Private *privacy.Matcher
}

// Strategy switches off parts of the engine, to compare request strategies
// in benchmarks.
type Strategy struct {
	// NoTypingThrough answers no request from the suggestion on screen.
	NoTypingThrough bool
	// NoJoin never answers a request from a generation still streaming.
	NoJoin bool
	// NoSupersede lets an older generation run on when a newer request for
	// its document arrives.
	NoSupersede bool
	// FixedDebounce always waits Debounce instead of following the typing
	// rhythm.
	FixedDebounce bool
	// NoAlternatives answers every request with one suggestion, invoked
	// ones and the editor asking again included.
	NoAlternatives bool
}

func (c Config) withDefaults() Config {
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	if c.MaxTokens == 0 {
		c.MaxTokens = 64
	}
	if c.MaxTokensMultiline == 0 {
		c.MaxTokensMultiline = 256
	}
	if c.Temperature == nil {
		zero := 0.0
		c.Temperature = &zero
	}
	def(&c.TimeBudget, 2*time.Second)
	def(&c.Timeout, 15*time.Second)
	def(&c.Debounce, 75*time.Millisecond)
	def(&c.DebounceMin, 15*time.Millisecond)
	def(&c.DebounceMax, 250*time.Millisecond)
	def(&c.DebounceWord, time.Second)
	if c.NumCtx == 0 {
		c.NumCtx = DefaultNumCtx
	}
	if c.Clock == nil {
		c.Clock = clock.Real()
	}
	if c.ContextChunks == 0 {
		c.ContextChunks = 8
	}
	if c.Private == nil {
		c.Private, _ = privacy.New(nil) // the built-in patterns compile
	}
	return c
}

// DefaultNumCtx is the context window completion asks for when none is
// configured. Other features that share a backend should ask for the same:
// Ollama reloads the model when num_ctx changes.
const DefaultNumCtx = 4096
