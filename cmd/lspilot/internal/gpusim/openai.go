package gpusim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
)

// openaiRequest is the body of /v1/completions and /v1/chat/completions.
// Prompt and Stop are a string or a list of strings.
type openaiRequest struct {
	Model               string          `json:"model"`
	Prompt              json.RawMessage `json:"prompt"`
	Suffix              string          `json:"suffix"`
	Messages            []message       `json:"messages"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Stop                json.RawMessage `json:"stop"`
	Stream              bool            `json:"stream"`
	StreamOptions       *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
}

// stringOrList decodes a string or a list of strings; null is no strings.
func stringOrList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("expected a string or a list of strings")
	}
	return list, nil
}

// openaiError writes vLLM's error answer.
func openaiError(w http.ResponseWriter, status int, typ, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": status}})
}

// responseID numbers answers across the process.
var responseID atomic.Uint64

// openaiCheck decodes the request and answers the errors vLLM gives before
// generating; it reports whether the request may go on.
func (a *api) openaiCheck(w http.ResponseWriter, r *http.Request, q *openaiRequest) ([]string, bool) {
	if err := decode(r, q); err != nil {
		openaiError(w, http.StatusBadRequest, "BadRequestError", err.Error())
		return nil, false
	}
	if q.Model != "" && !a.srv.knows(q.Model) {
		openaiError(w, http.StatusNotFound, "NotFoundError", fmt.Sprintf("The model `%s` does not exist.", q.Model))
		return nil, false
	}
	stops, err := stringOrList(q.Stop)
	if err != nil {
		openaiError(w, http.StatusBadRequest, "BadRequestError", "stop: "+err.Error())
		return nil, false
	}
	return stops, true
}

// maxTokens is the request's limit: max_tokens, else max_completion_tokens,
// else def; negative means up to the context length.
func (q *openaiRequest) maxTokens(def int) int {
	switch {
	case q.MaxTokens != nil:
		return *q.MaxTokens
	case q.MaxCompletionTokens != nil:
		return *q.MaxCompletionTokens
	}
	return def
}

// openaiLimit is the token limit of a prompt of n tokens: limit, or what is
// left of the context when limit is negative.
func (a *api) openaiLimit(limit, n int) int {
	if limit < 0 {
		return max(a.srv.cfg.Preset.ContextLength-n, 0)
	}
	return limit
}

// openaiFits answers vLLM's error for a prompt and limit beyond the model's
// context and reports whether they fit.
func (a *api) openaiFits(w http.ResponseWriter, jobs []job, limit int) bool {
	ctx := a.srv.cfg.Preset.ContextLength
	for _, j := range jobs {
		n := len(j.tokens)
		want := a.openaiLimit(limit, n)
		if n+want > ctx {
			openaiError(w, http.StatusBadRequest, "BadRequestError", fmt.Sprintf("This model's maximum context length is %d tokens. "+
				"However, you requested %d tokens (%d in the messages, %d in the completion). "+
				"Please reduce the length of the messages or completion.", ctx, n+want, n, want))
			return false
		}
	}
	return true
}

func (a *api) openaiCompletions(w http.ResponseWriter, r *http.Request) {
	var q openaiRequest
	stops, ok := a.openaiCheck(w, r, &q)
	if !ok {
		return
	}
	prompts, err := stringOrList(q.Prompt)
	if err != nil || len(prompts) == 0 {
		openaiError(w, http.StatusBadRequest, "BadRequestError", "prompt: expected a string or a non-empty list of strings")
		return
	}
	// vLLM's completions default to 16 tokens, as OpenAI's legacy API.
	limit := q.maxTokens(16)
	jobs := make([]job, len(prompts))
	for i, p := range prompts {
		jobs[i] = job{mode: modePaged, slot: -1, cachePrompt: true, tokens: Tokenize(p)}
		if q.Suffix != "" {
			jobs[i].tokens = fimPrompt(p, q.Suffix)
		}
	}
	if !a.openaiFits(w, jobs, limit) {
		return
	}
	for i, p := range prompts {
		jobs[i].out = a.output(p, q.Suffix, a.openaiLimit(limit, len(jobs[i].tokens)), stops)
	}
	a.openaiAnswer(w, r, &q, jobs, false)
}

func (a *api) openaiChat(w http.ResponseWriter, r *http.Request) {
	var q openaiRequest
	stops, ok := a.openaiCheck(w, r, &q)
	if !ok {
		return
	}
	if len(q.Messages) == 0 {
		openaiError(w, http.StatusBadRequest, "BadRequestError", "messages: at least one message is required")
		return
	}
	tokens, text := chatPrompt(q.Messages)
	jobs := []job{{mode: modePaged, slot: -1, cachePrompt: true, tokens: tokens}}
	limit := q.maxTokens(-1)
	if !a.openaiFits(w, jobs, limit) {
		return
	}
	jobs[0].out = a.output(text, "", a.openaiLimit(limit, len(tokens)), stops)
	a.openaiAnswer(w, r, &q, jobs, true)
}

func (a *api) openaiModels(w http.ResponseWriter, _ *http.Request) {
	m := a.srv.cfg.Model
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": []any{map[string]any{
		"id": m, "object": "model", "created": 0, "owned_by": "vllm", "root": m, "parent": nil,
		"max_model_len": a.srv.cfg.Preset.ContextLength,
	}}})
}
