package gpusim

import (
	"errors"
	"net/http"
	"time"
)

// ollamaVersionString is the Ollama release whose API the simulator speaks.
const ollamaVersionString = "0.17.4"

// ollamaRequest is the body of /api/generate and /api/chat.
type ollamaRequest struct {
	Model    string         `json:"model"`
	Prompt   string         `json:"prompt"`
	Suffix   string         `json:"suffix"`
	Raw      bool           `json:"raw"`
	Messages []message      `json:"messages"`
	Stream   *bool          `json:"stream"`
	Options  map[string]any `json:"options"`
}

// ollamaOptions reads num_predict (≤ 0: no limit), stop and num_ctx.
func (q *ollamaRequest) options() (maxTokens int, stops []string, numCtx int) {
	maxTokens = -1
	if v, ok := q.Options["num_predict"].(float64); ok && v > 0 {
		maxTokens = int(v)
	}
	if v, ok := q.Options["num_ctx"].(float64); ok && v > 0 {
		numCtx = int(v)
	}
	if list, ok := q.Options["stop"].([]any); ok {
		for _, s := range list {
			if s, ok := s.(string); ok {
				stops = append(stops, s)
			}
		}
	}
	return maxTokens, stops, numCtx
}

func ollamaError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// ollamaCheck answers the errors Ollama gives before generating and reports
// whether the request may go on.
func (a *api) ollamaCheck(w http.ResponseWriter, r *http.Request, q *ollamaRequest) bool {
	switch err := decode(r, q); {
	case err != nil:
		ollamaError(w, http.StatusBadRequest, err.Error())
	case q.Model == "":
		ollamaError(w, http.StatusBadRequest, "model is required")
	case !a.srv.knows(q.Model):
		ollamaError(w, http.StatusNotFound, "model '"+q.Model+"' not found")
	default:
		return true
	}
	return false
}

func (a *api) ollamaGenerate(w http.ResponseWriter, r *http.Request) {
	var q ollamaRequest
	if !a.ollamaCheck(w, r, &q) {
		return
	}
	if q.Prompt == "" && q.Suffix == "" {
		a.ollamaLoad(w, &q, "response")
		return
	}
	maxTokens, stops, _ := q.options()
	j := job{mode: modeSlot, slot: -1, cachePrompt: true}
	if q.Suffix != "" && !q.Raw {
		j.tokens = fimPrompt(q.Prompt, q.Suffix)
		j.out = a.output(q.Prompt, q.Suffix, maxTokens, stops)
	} else {
		// A raw request ignores its suffix, as Ollama does.
		j.tokens = Tokenize(q.Prompt)
		j.out = a.output(q.Prompt, "", maxTokens, stops)
	}
	a.ollamaAnswer(w, r, &q, j, "response")
}

func (a *api) ollamaChat(w http.ResponseWriter, r *http.Request) {
	var q ollamaRequest
	if !a.ollamaCheck(w, r, &q) {
		return
	}
	if len(q.Messages) == 0 {
		a.ollamaLoad(w, &q, "message")
		return
	}
	maxTokens, stops, _ := q.options()
	j := job{mode: modeSlot, slot: -1, cachePrompt: true}
	var text string
	j.tokens, text = chatPrompt(q.Messages)
	j.out = a.output(text, "", maxTokens, stops)
	a.ollamaAnswer(w, r, &q, j, "message")
}

// ollamaLine is one answer line whose text sits in field ("response" or
// "message").
func (a *api) ollamaLine(q *ollamaRequest, field, text string) map[string]any {
	m := map[string]any{"model": q.Model, "created_at": a.srv.cfg.Clock.Now().UTC().Format(time.RFC3339Nano), "done": false}
	if field == "message" {
		m["message"] = message{Role: "assistant", Content: text}
	} else {
		m["response"] = text
	}
	return m
}

// ollamaLoad answers a request without a prompt, which only loads the model.
func (a *api) ollamaLoad(w http.ResponseWriter, q *ollamaRequest, field string) {
	m := a.ollamaLine(q, field, "")
	m["done"], m["done_reason"] = true, "load"
	writeJSON(w, http.StatusOK, m)
}

// ollamaAnswer runs j and streams NDJSON lines, or answers one object when
// the request set "stream": false.
func (a *api) ollamaAnswer(w http.ResponseWriter, r *http.Request, q *ollamaRequest, j job, field string) {
	if len(j.tokens) > a.ollamaContext(q) {
		ollamaError(w, http.StatusBadRequest, "the input length exceeds the context length")
		return
	}
	streaming := q.Stream == nil || *q.Stream
	var st *stream
	var all []byte
	var res []result
	err := a.run(r.Context(), []job{j}, func() {
		if streaming {
			st = startStream(w, "application/x-ndjson")
		}
	}, func(ev event) error {
		if !ev.done && streaming {
			return st.line(a.ollamaLine(q, field, ev.text))
		}
		if !ev.done {
			all = append(all, ev.text...)
			return nil
		}
		res = append(res, ev.res)
		m := a.ollamaLine(q, field, string(all))
		m["done"], m["done_reason"] = true, ollamaReason(ev.res.reason)
		m["total_duration"] = ev.res.total
		m["load_duration"] = 0
		// Ollama counts the whole prompt even when most of it came from
		// its cache; the reuse shows in prompt_eval_duration.
		m["prompt_eval_count"] = ev.res.promptTokens
		m["prompt_eval_duration"] = ev.res.promptEval
		m["eval_count"] = ev.res.generated
		m["eval_duration"] = ev.res.eval
		if !streaming {
			writeJSON(w, http.StatusOK, m)
			return nil
		}
		return st.line(m)
	})
	a.log(r.URL.Path, res, err)
	switch {
	case err == nil || r.Context().Err() != nil:
	case st != nil:
		st.line(map[string]string{"error": err.Error()})
	case errors.Is(err, ErrCapacity):
		ollamaError(w, http.StatusBadRequest, "the input length exceeds the context length")
	default:
		ollamaError(w, http.StatusInternalServerError, err.Error())
	}
}

// ollamaContext is the context length a request gets: num_ctx when set, else
// the model's.
func (a *api) ollamaContext(q *ollamaRequest) int {
	if _, _, n := q.options(); n > 0 {
		return n
	}
	return a.srv.cfg.Preset.ContextLength
}

func ollamaReason(f finish) string {
	if f == finishLength {
		return "length"
	}
	return "stop"
}
