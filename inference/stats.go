package inference

import "time"

// Chunk is a piece of generated text, delivered in order. Text is never
// empty and never holds a stop sequence or anything after one.
type Chunk struct {
	Text string
}

// StopReason says why generation ended.
type StopReason string

// The reasons generation ends.
const (
	// StopEOS: the model ended the text. Servers that match stop sequences
	// themselves often report those as an end of text too.
	StopEOS StopReason = "eos"
	// StopSequence: a stop sequence matched (Stats.StopSequence says which
	// when it is known).
	StopSequence StopReason = "stop_sequence"
	// StopMaxTokens: the token limit was reached.
	StopMaxTokens StopReason = "max_tokens"
	// StopSingleLine: single-line mode reached a line end.
	StopSingleLine StopReason = "single_line"
	// StopBudget: the time budget ran out and the current line ended.
	StopBudget StopReason = "budget"
	// StopClient: the callback returned ErrStop.
	StopClient StopReason = "client"
	// StopStreamEnd: the stream ended without the server's end marker, as
	// Ollama does when it cuts a run of repeated tokens. It is not an error.
	StopStreamEnd StopReason = "stream_end"
	// StopLoad: the request only loaded the model (an empty Ollama prompt).
	StopLoad StopReason = "load"
)

// Stats summarises one generation. Durations the server does not report are
// zero.
type Stats struct {
	// Model is the model that answered, as the server named it.
	Model string
	// PromptTokens is the prompt length as the server counted it. Ollama
	// counts the whole prompt even when most of it came from its cache.
	PromptTokens int
	// CachedTokens is the part of the prompt served from the server's KV
	// cache, meaningful only when CacheReported is set (llama.cpp
	// timings.cache_n, OpenAI prompt_tokens_details.cached_tokens).
	CachedTokens int
	// CacheReported says that the server reported CachedTokens.
	CacheReported bool
	// GeneratedTokens is the number of tokens generated, from the server's
	// count when it sent one, else the number of chunks received.
	GeneratedTokens int
	// PromptEval is the server's prompt processing time; with a warm cache
	// it shrinks to the uncached tail, which makes it the best signal of KV
	// reuse on Ollama.
	PromptEval time.Duration
	// Eval is the server's generation time.
	Eval time.Duration
	// Load is the time the server spent loading the model (Ollama).
	Load time.Duration
	// TimeToFirstChunk is measured by the client from the start of the
	// successful attempt to the first generated text.
	TimeToFirstChunk time.Duration
	// Total is the client-side wall time, retries included.
	Total time.Duration
	// StopReason says why generation ended.
	StopReason StopReason
	// StopSequence is the stop sequence that matched, when known.
	StopSequence string
	// Slot is the llama.cpp slot that served the request, -1 when unknown.
	Slot int
	// Attempts is the number of HTTP attempts made, retries included.
	Attempts int
	// Replayed says the answer came from a cache in front of the server, or
	// from a generation already streaming when the request joined it: its
	// timings say nothing of how fast the server answers.
	Replayed bool
}
