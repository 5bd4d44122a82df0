package openai

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
	"github.com/lspilot/lspilot/inference/ollama"
)

// decoder feeds the events of one stream to its sinks, one per prompt, and
// gathers what the server reports at the end.
type decoder struct {
	o       inference.Origin
	sinks   []*stream.Sink
	watch   *ollama.Watch // told of every event; nil for none
	finish  []string      // finish_reason per prompt, "" until seen
	done    bool          // [DONE] seen
	model   string
	usage   *usage
	timings *timings
}

// read consumes the stream until [DONE], its end or an error. Errors of the
// sinks come back unchanged.
func (d *decoder) read(sse *stream.SSEReader) error {
	for {
		field, data, err := sse.Next()
		switch {
		case errors.Is(err, io.EOF):
			d.end()
			return nil
		case err != nil:
			return d.o.ReadError(err)
		}
		d.watch.Text()
		switch field {
		case "data":
			if stream.IsDone(data) {
				d.done = true
				d.end()
				return nil
			}
			if err := d.event(data); err != nil {
				return err
			}
		case "error":
			return d.o.StreamError(stream.ErrorMessage(data))
		case "", "event", "id", "retry":
			d.sinks[0].Alive()
		default:
			return d.o.Error(inference.ErrMalformed, 0, "a line of the event stream has no known field", nil)
		}
	}
}

// event handles one data event.
func (d *decoder) event(data []byte) error {
	var c chunk
	if err := json.Unmarshal(data, &c); err != nil {
		return d.o.Error(inference.ErrMalformed, 0, "an event is not JSON", nil)
	}
	if (len(c.Error) > 0 && string(c.Error) != "null") || c.Object == "error" {
		return d.o.StreamError(stream.ErrorMessage(data))
	}
	if c.Model != "" {
		d.model = c.Model
	}
	if c.Usage != nil {
		d.usage = c.Usage
	}
	if c.Timings != nil {
		d.timings = c.Timings
	}
	if len(c.Choices) == 0 {
		d.sinks[0].Alive()
	}
	for _, ch := range c.Choices {
		if ch.Index < 0 || ch.Index >= len(d.sinks) {
			return d.o.Error(inference.ErrMalformed, 0, fmt.Sprintf("choice index %d is out of range", ch.Index), nil)
		}
		err := d.sinks[ch.Index].Text(ch.Text + ch.Delta.Content)
		// ErrStop ends one prompt of a batch; the others go on.
		if err != nil && (!errors.Is(err, inference.ErrStop) || d.allStopped()) {
			return err
		}
		if ch.FinishReason != nil && *ch.FinishReason != "" {
			d.finish[ch.Index] = *ch.FinishReason
		}
	}
	return nil
}

func (d *decoder) allStopped() bool {
	for _, s := range d.sinks {
		if !s.Stopped() {
			return false
		}
	}
	return true
}

// end reports the end of each prompt the server finished.
func (d *decoder) end() {
	for i, s := range d.sinks {
		if d.done || d.finish[i] != "" {
			s.End(d.stats(i))
		}
	}
}

// stats are what the server reported for prompt i; usage and timings cover
// the whole request, so they only describe a single prompt.
func (d *decoder) stats(i int) inference.Stats {
	st := inference.Stats{Model: d.model, StopReason: stopReason(d.finish[i]), Slot: -1}
	if len(d.sinks) != 1 {
		return st
	}
	if u := d.usage; u != nil {
		st.PromptTokens, st.GeneratedTokens = u.PromptTokens, u.CompletionTokens
		if u.PromptTokensDetails != nil {
			st.CachedTokens, st.CacheReported = u.PromptTokensDetails.CachedTokens, true
		}
	}
	if t := d.timings; t != nil {
		st.PromptEval, st.Eval = millis(t.PromptMS), millis(t.PredictedMS)
		if t.CacheN != nil {
			st.CachedTokens, st.CacheReported = *t.CacheN, true
		}
	}
	return st
}

func millis(ms float64) time.Duration {
	return time.Duration(ms * float64(time.Millisecond))
}
