package gpusim

import (
	"net/http"
	"strings"
	"time"
)

// llamaStopTypes are llama-server's stop_type values.
var llamaStopTypes = map[finish]string{finishEOS: "eos", finishStop: "word", finishLength: "limit", finishTime: "limit"}

// llamaFinal is the last event of a generation: its counts, timings and why
// it stopped, trimmed to response_fields when the request lists them.
func (a *api) llamaFinal(q *llamaRequest, res result, content string) map[string]any {
	prefilled := res.promptTokens - res.cachedTokens
	m := map[string]any{
		"index": 0, "content": content, "tokens": []int{}, "id_slot": res.slot, "stop": true, "model": a.srv.cfg.Model,
		"tokens_predicted": res.generated, "tokens_evaluated": res.promptTokens, "truncated": false,
		"stop_type": llamaStopTypes[res.reason], "stopping_word": res.stopWord,
		// tokens_cached is the slot's n_past: prompt and generation.
		"tokens_cached": res.promptTokens + res.generated,
		"timings": map[string]any{
			"cache_n": res.cachedTokens, "prompt_n": prefilled, "prompt_ms": millis(res.promptEval),
			"prompt_per_token_ms": perToken(res.promptEval, prefilled), "prompt_per_second": perSecond(res.promptEval, prefilled),
			"predicted_n": res.generated, "predicted_ms": millis(res.eval),
			"predicted_per_token_ms": perToken(res.eval, res.generated), "predicted_per_second": perSecond(res.eval, res.generated),
		},
	}
	if len(q.ResponseFields) == 0 {
		return m
	}
	out := make(map[string]any, len(q.ResponseFields))
	for _, f := range q.ResponseFields {
		if v, ok := nested(m, f); ok {
			out[f] = v
		}
	}
	return out
}

// nested looks up a path such as "timings/prompt_n" in m.
func nested(m map[string]any, path string) (any, bool) {
	var v any = m
	for _, key := range strings.Split(path, "/") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[key]; !ok {
			return nil, false
		}
	}
	return v, true
}

func perToken(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return millis(d) / float64(n)
}

func perSecond(d time.Duration, n int) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func (a *api) llamaTokenize(w http.ResponseWriter, r *http.Request) {
	var q struct {
		Content    string `json:"content"`
		WithPieces bool   `json:"with_pieces"`
	}
	if err := decode(r, &q); err != nil {
		llamaError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !q.WithPieces {
		writeJSON(w, http.StatusOK, map[string]any{"tokens": Tokenize(q.Content)})
		return
	}
	pieces := Pieces(q.Content)
	out := make([]any, len(pieces))
	for i, p := range pieces {
		out[i] = map[string]any{"id": pieceID(p), "piece": p}
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
}

func (a *api) llamaProps(w http.ResponseWriter, _ *http.Request) {
	p := a.srv.cfg.Preset
	writeJSON(w, http.StatusOK, map[string]any{
		"default_generation_settings": map[string]any{
			"n_ctx":  p.ContextLength,
			"params": map[string]any{"n_predict": -1, "cache_prompt": true},
		},
		"total_slots":   p.Slots,
		"model_path":    "/models/" + a.srv.cfg.Model + ".gguf",
		"model_alias":   a.srv.cfg.Model,
		"chat_template": chatTemplate,
		"build_info":    "gpusim-" + p.Name,
	})
}

func (a *api) llamaSlots(w http.ResponseWriter, _ *http.Request) {
	a.r.mu.Lock()
	slots := make([]any, len(a.r.kv.slots))
	for i, s := range a.r.kv.slots {
		slots[i] = map[string]any{"id": i, "id_task": -1, "n_ctx": a.srv.cfg.Preset.ContextLength, "speculative": false, "is_processing": s.busy}
	}
	a.r.mu.Unlock()
	writeJSON(w, http.StatusOK, slots)
}

func (a *api) llamaHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
