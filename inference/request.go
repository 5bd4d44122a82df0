package inference

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Request is one generation: a fill-in-the-middle completion, a raw prompt or
// a chat exchange. Exactly one of three shapes is used:
//
//   - FIM through the server's template: Prompt is the prefix, Suffix the text
//     after the cursor, Extra optional repository context;
//   - Raw: Prompt is already laid out with the model's FIM tokens and goes to
//     the server untouched (Suffix and Extra must be empty);
//   - chat: Messages holds the conversation and Prompt is empty.
type Request struct {
	// Model names the model on the server; empty means the backend's
	// configured model.
	Model string
	// Prompt is the full prompt when Raw is set, else the text before the
	// cursor.
	Prompt string
	// Suffix is the text after the cursor, for servers that assemble FIM
	// prompts themselves.
	Suffix string
	// Extra is repository context placed before the prefix (llama.cpp
	// input_extra); backends without support reject it.
	Extra []ContextFile
	// Raw says that Prompt already carries the model's FIM tokens.
	Raw bool
	// Messages is the conversation for chat models.
	Messages []Message
	// Options are the sampling options.
	Options Options
	// SingleLine stops generation at the first line end that follows
	// non-space text; the line end itself is not delivered.
	SingleLine bool
	// TimeBudget bounds generation time, measured from the first chunk: once
	// it has passed, generation stops at the next line end. llama.cpp also
	// gets it as t_max_predict_ms.
	TimeBudget time.Duration
	// Slot pins a llama.cpp slot (id_slot); nil lets the server choose.
	Slot *int
	// NoCachePrompt turns off llama.cpp prompt caching (cache_prompt), which
	// is on by default.
	NoCachePrompt bool
	// NIndent is the minimum indentation of generated lines (llama.cpp
	// n_indent); 0 leaves it unset.
	NIndent int
	// Lane is the request's priority class, for the scheduler.
	Lane Lane
	// Session names the editor session that asked, for fairness and slot
	// pinning; servers never see it, only its AffinityKey.
	Session string
}

// Lane is a request's priority class: lower lanes are served first.
type Lane int8

// The lanes, in priority order.
const (
	// LaneInline is inline completion as the user types.
	LaneInline Lane = iota
	// LaneList is the completion list.
	LaneList
	// LaneNextEdit is next-edit suggestions: the edit the user is likely
	// to make next, shown when typing pauses.
	LaneNextEdit
	// LaneHover is hover and explanations.
	LaneHover
	// LaneAction is code actions.
	LaneAction
	// LaneWarmup is background work: warm-up and calibration requests.
	LaneWarmup
)

// Lanes lists every lane in priority order.
var Lanes = []Lane{LaneInline, LaneList, LaneNextEdit, LaneHover, LaneAction, LaneWarmup}

// String returns the lane's name.
func (l Lane) String() string {
	switch l {
	case LaneInline:
		return "inline"
	case LaneList:
		return "list"
	case LaneNextEdit:
		return "nextedit"
	case LaneHover:
		return "hover"
	case LaneAction:
		return "action"
	case LaneWarmup:
		return "warmup"
	}
	return "lane" + strconv.Itoa(int(l))
}

// Options are the sampling options of a [Request]. Zero values leave the
// server's default in place, except where a field says otherwise.
type Options struct {
	// MaxTokens bounds the number of generated tokens (num_predict,
	// max_tokens, n_predict); 0 keeps the server default.
	MaxTokens int
	// Temperature is the sampling temperature; nil keeps the server default
	// and 0 asks for greedy decoding.
	Temperature *float64
	// TopP is nucleus sampling; 0 keeps the server default.
	TopP float64
	// TopK is top-k sampling; 0 keeps the server default.
	TopK int
	// Seed fixes the sampler's random seed.
	Seed *int
	// Stop lists stop sequences; they are sent to the server and also
	// enforced client-side, and are never delivered.
	Stop []string
	// NumCtx fixes the context window in tokens (Ollama num_ctx). Changing
	// it makes Ollama reload the model, so keep it constant.
	NumCtx int
	// KeepAlive is how long Ollama keeps the model loaded after the request;
	// 0 keeps the server default and a negative value keeps it forever.
	KeepAlive time.Duration
	// Samplers orders llama.cpp's sampler chain; empty keeps the default.
	Samplers []string
}

// ContextFile is one file of repository context sent with a FIM request.
type ContextFile struct {
	// Name is the file name, usually relative to the workspace root.
	Name string
	// Text is the part of the file worth showing to the model.
	Text string
}

// Message is one turn of a chat.
type Message struct {
	// Role is "system", "user" or "assistant".
	Role string
	// Content is the text of the turn.
	Content string
}

// IsChat reports whether the request is a chat exchange.
func (r *Request) IsChat() bool { return len(r.Messages) > 0 }

// Validate reports a request whose fields contradict each other. The error
// wraps [ErrInvalidRequest].
func (r *Request) Validate() error {
	switch {
	case r == nil:
		return invalid("nil request")
	case r.IsChat() && (r.Prompt != "" || r.Suffix != "" || r.Raw || len(r.Extra) > 0):
		return invalid("a chat request takes messages only, not prompt, suffix, raw or extra")
	case r.Raw && r.Suffix != "":
		return invalid("a raw prompt carries its own FIM tokens and takes no suffix")
	case r.Raw && len(r.Extra) > 0:
		return invalid("a raw prompt carries its own context and takes no extra files")
	case r.Options.MaxTokens < 0:
		return invalid(fmt.Sprintf("max tokens %d is negative", r.Options.MaxTokens))
	case r.TimeBudget < 0:
		return invalid(fmt.Sprintf("time budget %v is negative", r.TimeBudget))
	}
	for i, m := range r.Messages {
		if m.Role == "" {
			return invalid(fmt.Sprintf("message %d has no role", i))
		}
	}
	for i, s := range r.Options.Stop {
		if s == "" {
			return invalid(fmt.Sprintf("stop sequence %d is empty", i))
		}
	}
	return nil
}

func invalid(msg string) error {
	return fmt.Errorf("%w: %s", ErrInvalidRequest, msg)
}

// ErrInvalidRequest reports a [Request] that no backend could send.
var ErrInvalidRequest = errors.New("invalid request")
