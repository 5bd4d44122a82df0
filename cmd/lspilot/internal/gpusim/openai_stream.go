package gpusim

import (
	"errors"
	"fmt"
	"net/http"
)

// openaiAnswer runs jobs, one per prompt, and streams their choices as
// server-sent events ending in [DONE], with a usage event when the request
// asked for stream_options.include_usage; or answers one object when it did
// not ask to stream.
func (a *api) openaiAnswer(w http.ResponseWriter, r *http.Request, q *openaiRequest, jobs []job, chat bool) {
	id, object := fmt.Sprintf("cmpl-%d", responseID.Add(1)), "text_completion"
	if chat {
		id, object = "chat"+id, "chat.completion.chunk"
	}
	model := q.Model
	if model == "" {
		model = a.srv.cfg.Model
	}
	created := a.srv.cfg.Clock.Now().Unix()
	frame := func(choices []any) map[string]any {
		return map[string]any{"id": id, "object": object, "created": created, "model": model, "choices": choices}
	}
	choice := func(i int, text string, finish any) map[string]any {
		c := map[string]any{"index": i, "logprobs": nil, "finish_reason": finish}
		if chat {
			c["delta"] = map[string]any{"content": text}
		} else {
			c["text"], c["stop_reason"] = text, nil
		}
		return c
	}
	texts := make([][]byte, len(jobs))
	results := make([]result, len(jobs))
	var st *stream
	err := a.run(r.Context(), jobs, func() {
		if !q.Stream {
			return
		}
		st = startStream(w, "text/event-stream")
		if chat {
			st.event(frame([]any{map[string]any{"index": 0, "delta": map[string]any{"role": "assistant", "content": ""}, "logprobs": nil, "finish_reason": nil}}))
		}
	}, func(ev event) error {
		switch {
		case ev.done:
			results[ev.index] = ev.res
			if q.Stream {
				return st.event(frame([]any{choice(ev.index, "", openaiReason(ev.res.reason))}))
			}
		case q.Stream:
			return st.event(frame([]any{choice(ev.index, ev.text, nil)}))
		default:
			texts[ev.index] = append(texts[ev.index], ev.text...)
		}
		return nil
	})
	a.log(r.URL.Path, results, err)
	switch {
	case err == nil && q.Stream:
		if q.StreamOptions != nil && q.StreamOptions.IncludeUsage {
			f := frame([]any{})
			f["usage"] = openaiUsage(results)
			st.event(f)
		}
		st.write([]byte("data: [DONE]\n\n"))
	case err == nil:
		choices := make([]any, len(jobs))
		for i := range jobs {
			c := choice(i, string(texts[i]), openaiReason(results[i].reason))
			if chat {
				delete(c, "delta")
				c["message"] = message{Role: "assistant", Content: string(texts[i])}
			}
			choices[i] = c
		}
		f := frame(choices)
		f["object"] = map[bool]string{false: "text_completion", true: "chat.completion"}[chat]
		f["usage"] = openaiUsage(results)
		writeJSON(w, http.StatusOK, f)
	case r.Context().Err() != nil:
	case st != nil:
		st.event(map[string]any{"error": map[string]any{"message": err.Error(), "type": "InternalServerError", "code": 500}})
	case errors.Is(err, ErrCapacity):
		openaiError(w, http.StatusBadRequest, "BadRequestError", err.Error())
	default:
		openaiError(w, http.StatusInternalServerError, "InternalServerError", err.Error())
	}
}

// openaiUsage sums the token counts of a request's prompts.
func openaiUsage(results []result) map[string]any {
	var prompt, cached, completion int
	for _, r := range results {
		prompt += r.promptTokens
		cached += r.cachedTokens
		completion += r.generated
	}
	return map[string]any{
		"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
		"prompt_tokens_details": map[string]any{"cached_tokens": cached},
	}
}

func openaiReason(f finish) string {
	if f == finishLength {
		return "length"
	}
	return "stop"
}
