package inference

import (
	"context"
	"time"
)

// Backend is one inference server (or a set of replicas behind one name) that
// streams generations. Implementations are safe for concurrent use.
type Backend interface {
	// Name is the configured name, for logs and messages.
	Name() string
	// Kind is the server protocol.
	Kind() BackendKind
	// Capabilities says which request shapes and reports the backend
	// supports.
	Capabilities() Capabilities
	// Generate streams the generation of req through fn, in order and on the
	// calling goroutine. fn returning ErrStop ends generation early and
	// successfully; any other error aborts it and is returned as is.
	// Cancelling ctx aborts the HTTP request so that the server sees the
	// disconnect.
	Generate(ctx context.Context, req *Request, fn func(Chunk) error) (Stats, error)
}

// BackendKind names a server protocol.
type BackendKind string

// The supported protocols. KindDetect asks pipeline.Open to probe the server.
const (
	KindDetect   BackendKind = ""
	KindOllama   BackendKind = "ollama"
	KindOpenAI   BackendKind = "openai"
	KindLlamaCpp BackendKind = "llamacpp"
)

// Kinds lists the protocols a configuration may name.
var Kinds = []BackendKind{KindOllama, KindOpenAI, KindLlamaCpp}

// Capabilities describes what a backend can do.
type Capabilities struct {
	// NativeFIM: the server builds FIM prompts from Prompt and Suffix (it may
	// still depend on the model: see ModelInfo.FIM).
	NativeFIM bool
	// ExtraContext: the server places Request.Extra files itself.
	ExtraContext bool
	// Chat: the backend sends Request.Messages to a chat endpoint.
	Chat bool
	// PromptBatches: the backend implements Batcher with one HTTP request.
	PromptBatches bool
	// Slots is the number of parallel slots, 0 when unknown.
	Slots int
	// Tokenizer: the backend implements Tokenizer.
	Tokenizer bool
	// CacheCounters: the server reports cached prompt tokens.
	CacheCounters bool
}

// Support is a three-valued answer for features that may be unknown.
type Support int8

// The values of Support.
const (
	SupportUnknown Support = iota
	Supported
	Unsupported
)

// String returns "unknown", "yes" or "no".
func (s Support) String() string {
	switch s {
	case Supported:
		return "yes"
	case Unsupported:
		return "no"
	}
	return "unknown"
}

// ModelInfo describes a model as its server reports it.
type ModelInfo struct {
	// Name is the model name.
	Name string
	// Family is the model family (architecture), such as "llama" or "qwen2".
	Family string
	// Template is the prompt template (Go template for Ollama, Jinja for
	// llama.cpp), empty when unknown.
	Template string
	// FIM says whether the model fills in the middle natively.
	FIM Support
	// ContextLength is the context window in tokens, 0 when unknown.
	ContextLength int
	// ParameterSize and Quantization come from Ollama, for messages.
	ParameterSize string
	Quantization  string
	// Capabilities are the server's capability names (Ollama), such as
	// "completion" and "insert".
	Capabilities []string
}

// ServerInfo describes a reachable server.
type ServerInfo struct {
	// Version is the server version, empty when the server does not say.
	Version string
	// Latency is the round-trip time of the probe.
	Latency time.Duration
}

// Tokenizer is implemented by backends whose server tokenizes text.
type Tokenizer interface {
	Tokenize(ctx context.Context, text string) ([]int, error)
}

// ModelInspector is implemented by backends that can describe a model. It
// returns an error matching ErrModelNotFound when the server lacks the model.
type ModelInspector interface {
	ModelInfo(ctx context.Context, model string) (ModelInfo, error)
}

// Pinger is implemented by backends that can check that their server answers.
type Pinger interface {
	Ping(ctx context.Context) (ServerInfo, error)
}

// Warmer is implemented by backends that can evaluate a prompt into the
// server's cache without generating more than a token. For Ollama an empty
// prompt only loads the model.
type Warmer interface {
	Warm(ctx context.Context, req *Request) (Stats, error)
}

// Batcher is implemented by backends that send several prompts sharing one
// request's options in a single HTTP request. fn receives the index of the
// prompt each chunk belongs to; ErrStop from fn ends that prompt only.
type Batcher interface {
	GenerateBatch(ctx context.Context, req *Request, prompts []string, fn func(index int, c Chunk) error) ([]Stats, error)
}
