package complete

import (
	"sync/atomic"

	"github.com/lspilot/lspilot/inference"
)

// counters are the engine's running totals.
type counters struct {
	requests, typedThrough, joined, debounced, cancelled atomic.Int64
	backendCalls, superseded, errors, empty              atomic.Int64
	promptTokens, cachedTokens, generatedTokens          atomic.Int64
	shown, accepted, partial, acceptedChars              atomic.Int64
	warmups, alternativeCalls, shed, requeued            atomic.Int64
}

func (c *counters) record(s inference.Stats) {
	c.promptTokens.Add(int64(s.PromptTokens))
	c.cachedTokens.Add(int64(s.CachedTokens))
	c.generatedTokens.Add(int64(s.GeneratedTokens))
}

// Stats is a snapshot of the engine's totals.
type Stats struct {
	// Requests counts Complete calls.
	Requests int64 `json:"requests"`
	// TypedThrough counts requests answered from the suggestion on screen.
	TypedThrough int64 `json:"typedThrough"`
	// Joined counts requests answered by a generation already streaming.
	Joined int64 `json:"joined"`
	// Debounced counts requests dropped for a newer one before any backend call.
	Debounced int64 `json:"debounced"`
	// Cancelled counts requests the client cancelled while they waited.
	Cancelled int64 `json:"cancelled"`
	// BackendCalls counts generations started for the first suggestion.
	BackendCalls int64 `json:"backendCalls"`
	// Superseded counts generations cancelled mid-stream by a newer request.
	Superseded int64 `json:"superseded"`
	// AlternativeCalls counts the sampled generations made for
	// alternatives, which BackendCalls leaves out.
	AlternativeCalls int64 `json:"alternativeCalls"`
	// Requeued counts requests sent again after the scheduler dropped them
	// unstarted while they were still the newest of their document.
	Requeued int64 `json:"requeued"`
	// Shed counts automatic requests not sent because the backend was
	// saturated (see LoadLevel).
	Shed int64 `json:"shed"`
	// Warmups counts prompts sent to be cached while the user was idle.
	Warmups int64 `json:"warmups"`
	// Errors counts failed generations; Empty those with nothing to show.
	Errors int64 `json:"errors"`
	Empty  int64 `json:"empty"`
	// Token totals as the backend reported them.
	PromptTokens    int64 `json:"promptTokens"`
	CachedTokens    int64 `json:"cachedTokens"`
	GeneratedTokens int64 `json:"generatedTokens"`
	// Editor feedback: suggestions shown, accepted, partially accepted.
	Shown    int64 `json:"shown"`
	Accepted int64 `json:"accepted"`
	Partial  int64 `json:"partiallyAccepted"`
	// AcceptedChars counts the characters of suggestions accepted, wholly
	// or in part, as the editor reported them.
	AcceptedChars int64 `json:"acceptedChars"`
	// LoadLevel is how reserved automatic requests are now, from 0 (a
	// request at every keystroke the suggestion on screen cannot answer)
	// through 1 (waits as the typing rhythm says) to MaxLoadLevel (most
	// requests shed): the backends' load as the engine reads it, or the
	// configured eagerness where that is more reserved.
	LoadLevel float64 `json:"loadLevel"`
}

// Stats returns the engine's totals.
func (e *Engine) Stats() Stats {
	c := &e.stats
	return Stats{
		Requests: c.requests.Load(), TypedThrough: c.typedThrough.Load(), Joined: c.joined.Load(),
		Debounced: c.debounced.Load(), Cancelled: c.cancelled.Load(), BackendCalls: c.backendCalls.Load(),
		Superseded: c.superseded.Load(), AlternativeCalls: c.alternativeCalls.Load(), Warmups: c.warmups.Load(), Shed: c.shed.Load(), Requeued: c.requeued.Load(), Errors: c.errors.Load(), Empty: c.empty.Load(),
		PromptTokens: c.promptTokens.Load(), CachedTokens: c.cachedTokens.Load(),
		GeneratedTokens: c.generatedTokens.Load(),
		Shown:           c.shown.Load(), Accepted: c.accepted.Load(), Partial: c.partial.Load(),
		AcceptedChars: c.acceptedChars.Load(), LoadLevel: e.level(),
	}
}

// Feedback is what the editor reports about a suggestion.
type Feedback int

// The kinds of feedback.
const (
	FeedbackShown Feedback = iota
	FeedbackAccepted
	FeedbackPartiallyAccepted
)

// Report records editor feedback about a suggestion.
func (e *Engine) Report(f Feedback) {
	switch f {
	case FeedbackShown:
		e.stats.shown.Add(1)
	case FeedbackAccepted:
		e.stats.accepted.Add(1)
	case FeedbackPartiallyAccepted:
		e.stats.partial.Add(1)
	}
}

// ReportAcceptedChars records that the user took n characters of a
// suggestion.
func (e *Engine) ReportAcceptedChars(n int) {
	if n > 0 {
		e.stats.acceptedChars.Add(int64(n))
	}
}
