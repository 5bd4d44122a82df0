package gpusim

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// llamaRequest is the body of /infill and /completion. Prompt is a string or
// a list of token ids.
type llamaRequest struct {
	Model          string          `json:"model"`
	Prompt         json.RawMessage `json:"prompt"`
	InputPrefix    string          `json:"input_prefix"`
	InputSuffix    string          `json:"input_suffix"`
	InputExtra     []extraFile     `json:"input_extra"`
	NPredict       *int            `json:"n_predict"`
	Stop           []string        `json:"stop"`
	CachePrompt    *bool           `json:"cache_prompt"`
	IDSlot         *int            `json:"id_slot"`
	TMaxPredictMS  int64           `json:"t_max_predict_ms"`
	Stream         bool            `json:"stream"`
	ResponseFields []string        `json:"response_fields"`
}

// llamaSimilarity is llama-server's default --slot-prompt-similarity: a slot
// is chosen for its content when that covers this share of the prompt.
const llamaSimilarity = 0.1

// llamaErrorTypes are llama-server's error types by status.
var llamaErrorTypes = map[int]string{
	400: "invalid_request_error", 404: "not_found_error", 500: "server_error", 501: "not_supported_error", 503: "unavailable_error",
}

func llamaError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "message": msg, "type": llamaErrorTypes[status]}})
}

// llamaDecode decodes and checks a request, answering llama-server's errors;
// it returns the prompt text (a string prompt, or "" with tokens) and
// whether the request may go on.
func (a *api) llamaDecode(w http.ResponseWriter, r *http.Request, q *llamaRequest) (string, []int, bool) {
	if err := decode(r, q); err != nil {
		llamaError(w, http.StatusBadRequest, err.Error())
		return "", nil, false
	}
	if q.Model != "" && !a.srv.knows(q.Model) {
		llamaError(w, http.StatusNotFound, "model '"+q.Model+"' not found")
		return "", nil, false
	}
	if q.IDSlot != nil && *q.IDSlot >= a.srv.cfg.Preset.Slots {
		llamaError(w, http.StatusBadRequest, "invalid slot id")
		return "", nil, false
	}
	var text string
	var ids []int
	if len(q.Prompt) > 0 && string(q.Prompt) != "null" && json.Unmarshal(q.Prompt, &text) != nil {
		if err := json.Unmarshal(q.Prompt, &ids); err != nil {
			llamaError(w, http.StatusBadRequest, "prompt: expected a string or a list of token ids")
			return "", nil, false
		}
	}
	return text, ids, true
}

// job builds the job of a request whose prompt has tokens, the generation
// coming from Generate(prompt, suffix).
func (a *api) llamaJob(q *llamaRequest, tokens []int, prompt, suffix string) job {
	j := job{mode: modeSlot, slot: -1, cachePrompt: q.CachePrompt == nil || *q.CachePrompt, similarity: llamaSimilarity, tokens: tokens}
	if q.IDSlot != nil && *q.IDSlot >= 0 {
		j.slot = *q.IDSlot
	}
	j.tMaxPredict = time.Duration(q.TMaxPredictMS) * time.Millisecond
	limit := -1
	if q.NPredict != nil && *q.NPredict >= 0 {
		limit = *q.NPredict
	}
	// Generation also ends where the slot's context does.
	room := max(a.srv.cfg.Preset.ContextLength-len(tokens), 0)
	if limit < 0 || limit > room {
		limit = room
	}
	j.out = a.output(prompt, suffix, limit, q.Stop)
	return j
}

func (a *api) llamaInfill(w http.ResponseWriter, r *http.Request) {
	var q llamaRequest
	text, _, ok := a.llamaDecode(w, r, &q)
	if !ok {
		return
	}
	nPredict := -1
	if q.NPredict != nil {
		nPredict = *q.NPredict
	}
	tokens := infillPrompt(q.InputExtra, q.InputPrefix, q.InputSuffix, text, a.srv.cfg.Preset.ContextLength, nPredict)
	a.llamaAnswer(w, r, &q, a.llamaJob(&q, tokens, q.InputPrefix+text, q.InputSuffix))
}

func (a *api) llamaCompletion(w http.ResponseWriter, r *http.Request) {
	var q llamaRequest
	text, ids, ok := a.llamaDecode(w, r, &q)
	if !ok {
		return
	}
	tokens := ids
	if ids == nil {
		tokens = Tokenize(text)
	}
	if len(tokens) == 0 {
		llamaError(w, http.StatusBadRequest, "\"prompt\" must be provided")
		return
	}
	a.llamaAnswer(w, r, &q, a.llamaJob(&q, tokens, text, ""))
}

// llamaAnswer runs j and streams llama-server's events, or answers the final
// object alone when the request did not ask to stream.
func (a *api) llamaAnswer(w http.ResponseWriter, r *http.Request, q *llamaRequest, j job) {
	if len(j.tokens) >= a.srv.cfg.Preset.ContextLength {
		llamaError(w, http.StatusBadRequest, "the request exceeds the available context size, try increasing it")
		return
	}
	var st *stream
	var all []byte
	var res []result
	predicted := 0
	err := a.run(r.Context(), []job{j}, func() {
		if q.Stream {
			st = startStream(w, "text/event-stream")
		}
	}, func(ev event) error {
		if !ev.done {
			predicted++
			if !q.Stream {
				all = append(all, ev.text...)
				return nil
			}
			return st.event(map[string]any{"index": 0, "content": ev.text, "tokens": []int{ev.token}, "stop": false,
				"id_slot": -1, "tokens_predicted": predicted, "tokens_evaluated": len(j.tokens)})
		}
		res = append(res, ev.res)
		final := a.llamaFinal(q, ev.res, string(all))
		if !q.Stream {
			writeJSON(w, http.StatusOK, final)
			return nil
		}
		return st.event(final)
	})
	a.log(r.URL.Path, res, err)
	switch {
	case err == nil || r.Context().Err() != nil:
	case st != nil:
		b, _ := json.Marshal(map[string]any{"code": 500, "message": err.Error(), "type": "server_error"})
		st.write(append(append([]byte("error: "), b...), '\n', '\n'))
	case errors.Is(err, ErrCapacity):
		llamaError(w, http.StatusBadRequest, "the request exceeds the available context size, try increasing it")
	default:
		llamaError(w, http.StatusInternalServerError, err.Error())
	}
}
