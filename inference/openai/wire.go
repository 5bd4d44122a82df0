package openai

import (
	"encoding/json"

	"github.com/lspilot/lspilot/inference"
)

// completionRequest is the body of /v1/completions; Prompt is a string or,
// for a batch, a list of strings. PromptCacheKey, in both bodies, is the
// session's inference.AffinityKey: OpenAI routes on it, servers that do not
// know it ignore it.
type completionRequest struct {
	Model          string         `json:"model"`
	Prompt         any            `json:"prompt"`
	Suffix         string         `json:"suffix,omitempty"`
	MaxTokens      int            `json:"max_tokens,omitempty"`
	Temperature    *float64       `json:"temperature,omitempty"`
	TopP           float64        `json:"top_p,omitempty"`
	TopK           int            `json:"top_k,omitempty"`
	Seed           *int           `json:"seed,omitempty"`
	Stop           []string       `json:"stop,omitempty"`
	Stream         bool           `json:"stream"`
	StreamOptions  *streamOptions `json:"stream_options,omitempty"`
	PromptCacheKey string         `json:"prompt_cache_key,omitempty"`
}

// chatRequest is the body of /v1/chat/completions.
type chatRequest struct {
	Model          string         `json:"model"`
	Messages       []message      `json:"messages"`
	MaxTokens      int            `json:"max_tokens,omitempty"`
	Temperature    *float64       `json:"temperature,omitempty"`
	TopP           float64        `json:"top_p,omitempty"`
	TopK           int            `json:"top_k,omitempty"`
	Seed           *int           `json:"seed,omitempty"`
	Stop           []string       `json:"stop,omitempty"`
	Stream         bool           `json:"stream"`
	StreamOptions  *streamOptions `json:"stream_options,omitempty"`
	PromptCacheKey string         `json:"prompt_cache_key,omitempty"`
}

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// chunk is one streamed event of either endpoint; vLLM reports errors as
// {"object":"error","message":...}, others as {"error":...}.
type chunk struct {
	Model   string          `json:"model"`
	Object  string          `json:"object"`
	Choices []choice        `json:"choices"`
	Usage   *usage          `json:"usage"`
	Timings *timings        `json:"timings"`
	Error   json.RawMessage `json:"error"`
}

type choice struct {
	Index        int     `json:"index"`
	Text         string  `json:"text"`
	Delta        delta   `json:"delta"`
	FinishReason *string `json:"finish_reason"`
}

type delta struct {
	Content string `json:"content"`
}

type usage struct {
	PromptTokens        int `json:"prompt_tokens"`
	CompletionTokens    int `json:"completion_tokens"`
	PromptTokensDetails *struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
}

// timings are llama-server's own figures, which it adds to OpenAI answers.
type timings struct {
	CacheN      *int    `json:"cache_n"`
	PromptN     int     `json:"prompt_n"`
	PromptMS    float64 `json:"prompt_ms"`
	PredictedN  int     `json:"predicted_n"`
	PredictedMS float64 `json:"predicted_ms"`
}

// modelList is the answer of /v1/models; max_model_len is vLLM's.
type modelList struct {
	Data []struct {
		ID          string `json:"id"`
		MaxModelLen int    `json:"max_model_len"`
	} `json:"data"`
}

func stopReason(r string) inference.StopReason {
	if r == "length" {
		return inference.StopMaxTokens
	}
	return inference.StopEOS
}
