package llamacpp

import (
	"encoding/json"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// params are the generation options /infill and /completion share.
type params struct {
	Model          string   `json:"model,omitempty"`
	NPredict       *int     `json:"n_predict,omitempty"`
	Temperature    *float64 `json:"temperature,omitempty"`
	TopK           int      `json:"top_k,omitempty"`
	TopP           float64  `json:"top_p,omitempty"`
	Seed           *int     `json:"seed,omitempty"`
	Stop           []string `json:"stop,omitempty"`
	Samplers       []string `json:"samplers,omitempty"`
	CachePrompt    bool     `json:"cache_prompt"`
	IDSlot         int      `json:"id_slot"`
	TMaxPredictMS  int64    `json:"t_max_predict_ms,omitempty"`
	NIndent        int      `json:"n_indent,omitempty"`
	Stream         bool     `json:"stream"`
	ResponseFields []string `json:"response_fields,omitempty"`
}

// infillRequest is the body of /infill; prompt is text placed after the FIM
// middle token, which lspilot leaves empty.
type infillRequest struct {
	InputPrefix string      `json:"input_prefix"`
	InputSuffix string      `json:"input_suffix"`
	InputExtra  []extraFile `json:"input_extra,omitempty"`
	Prompt      string      `json:"prompt"`
	params
}

type extraFile struct {
	Filename string `json:"filename"`
	Text     string `json:"text"`
}

// completionRequest is the body of /completion.
type completionRequest struct {
	Prompt string `json:"prompt"`
	params
}

// responseFields trims the last event, which otherwise repeats the prompt and
// all generation settings.
var responseFields = []string{
	"content", "stop", "stop_type", "stopping_word", "id_slot", "model",
	"tokens_evaluated", "tokens_predicted", "truncated", "timings",
}

// event is one streamed event of /infill or /completion.
type event struct {
	Content         string          `json:"content"`
	Stop            bool            `json:"stop"`
	StopType        string          `json:"stop_type"`
	StoppingWord    string          `json:"stopping_word"`
	IDSlot          *int            `json:"id_slot"`
	Model           string          `json:"model"`
	TokensEvaluated int             `json:"tokens_evaluated"`
	TokensPredicted int             `json:"tokens_predicted"`
	Timings         *timings        `json:"timings"`
	Error           json.RawMessage `json:"error"`
}

// timings are the server's figures for one request. CacheN is the part of
// the prompt reused from the slot's cache; the event's tokens_cached is not:
// it counts the tokens the slot holds afterwards, prompt and generation.
type timings struct {
	CacheN      *int    `json:"cache_n"`
	PromptN     int     `json:"prompt_n"`
	PromptMS    float64 `json:"prompt_ms"`
	PredictedN  int     `json:"predicted_n"`
	PredictedMS float64 `json:"predicted_ms"`
}

// stats converts the last event.
func (e *event) stats() inference.Stats {
	st := inference.Stats{
		Model:           e.Model,
		PromptTokens:    e.TokensEvaluated,
		GeneratedTokens: e.TokensPredicted,
		Slot:            -1,
	}
	if e.IDSlot != nil {
		st.Slot = *e.IDSlot
	}
	if t := e.Timings; t != nil {
		st.PromptEval = millis(t.PromptMS)
		st.Eval = millis(t.PredictedMS)
		if t.CacheN != nil {
			st.CachedTokens, st.CacheReported = *t.CacheN, true
		}
		if st.GeneratedTokens == 0 {
			st.GeneratedTokens = t.PredictedN
		}
	}
	switch e.StopType {
	case "word":
		st.StopReason, st.StopSequence = inference.StopSequence, e.StoppingWord
	case "limit":
		st.StopReason = inference.StopMaxTokens
	default:
		st.StopReason = inference.StopEOS
	}
	return st
}

func millis(ms float64) time.Duration {
	return time.Duration(ms * float64(time.Millisecond))
}

// props is the part of /props lspilot reads.
type props struct {
	DefaultGenerationSettings struct {
		NCtx int `json:"n_ctx"`
	} `json:"default_generation_settings"`
	TotalSlots   int    `json:"total_slots"`
	ModelPath    string `json:"model_path"`
	ModelAlias   string `json:"model_alias"`
	ChatTemplate string `json:"chat_template"`
	BuildInfo    string `json:"build_info"`
}
