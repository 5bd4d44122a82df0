package gpusim

import (
	"errors"
	"time"
)

// cacheMode is how a request reuses the KV cache.
type cacheMode int

const (
	// modePaged: vLLM-style prefix caching over hashed blocks.
	modePaged cacheMode = iota
	// modeSlot: llama.cpp- and Ollama-style slots that keep their last
	// content.
	modeSlot
)

// job is what an API handler asks a replica to run.
type job struct {
	mode   cacheMode
	tokens []int
	out    output
	// slot pins a slot (llama.cpp id_slot); -1 lets the replica choose.
	slot int
	// cachePrompt: reuse the slot's content (llama.cpp cache_prompt).
	cachePrompt bool
	// similarity is the share of the prompt a slot's content must match
	// for the slot to be chosen for it, else the least recently used idle
	// slot is.
	similarity float64
	// tMaxPredict stops generation at the first token after a line end once
	// generation has lasted this long (llama.cpp t_max_predict_ms).
	tMaxPredict time.Duration
}

// event is one message from a replica to the handler of a request: a token's
// visible text, or the end of one sequence of the request.
type event struct {
	index int
	text  string
	token int
	// done ends the sequence; res or err says how.
	done bool
	res  result
	err  error
}

// result is what a finished sequence reports.
type result struct {
	reason   finish
	stopWord string
	// slot is the slot that ran the sequence, -1 for prefix-cached ones.
	slot         int
	promptTokens int
	cachedTokens int
	generated    int
	// queued is the wait before admission; promptEval the time from the
	// first step with its prefill to the end of prefill; eval the time from
	// there to the end; total the time from arrival to the end.
	queued, promptEval, eval, total time.Duration
	// start is when the sequence arrived.
	start time.Time
}

// ErrClosed reports a request that the server's Close ended.
var ErrClosed = errors.New("gpusim: server closed")

// ErrCapacity reports a request whose prompt and completion cannot fit a
// replica's KV cache at all.
var ErrCapacity = errors.New("the request exceeds the available context size")

// ErrBadSlot reports a pinned slot that the replica does not have.
var ErrBadSlot = errors.New("invalid slot id")

// seq is one running or queued sequence. Fields below job are guarded by the
// replica's mutex.
type seq struct {
	job
	index  int
	events chan<- event

	state     seqState
	slotIdx   int
	cached    int
	computed  int // prompt tokens in the KV cache
	generated int
	blocks    []*block
	reserved  int // blocks reserved and not yet indexed
	cancelled bool
	newline   bool

	arrived, admitted, prefillStart, prefillEnd time.Time
}

type seqState int

const (
	stateQueued seqState = iota
	stateRunning
	stateDone
)

// content is what the sequence has in the KV cache: its computed prompt
// tokens and the tokens it generated.
func (s *seq) content() []int {
	out := append([]int(nil), s.tokens[:s.computed]...)
	return append(out, s.out.ids[:s.generated]...)
}

// tokenAt is token i of the sequence's content.
func (s *seq) tokenAt(i int) int {
	if i < s.computed {
		return s.tokens[i]
	}
	return s.out.ids[i-s.computed]
}

// need is the number of blocks the sequence takes at most.
func (s *seq) need() int { return blocksFor(len(s.tokens) + len(s.out.ids)) }

// commonPrefix is the length of the common prefix of a and b.
func commonPrefix(a, b []int) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
