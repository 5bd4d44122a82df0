package ollamatest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/ollama/ollama/api"
)

// wedgeTries bounds the hang-ups Wedge makes; each wedges the model with a
// probability of a few percent on the tiny models.
const wedgeTries = 2000

// WedgeTimeout is a time budget for Wedge that a loaded machine keeps to:
// a hang-up takes from 10 ms to half a second there, and wedging the model
// took up to a hundred of them.
const WedgeTimeout = 5 * time.Minute

// wedgeWait is how long Wedge waits for the headers of a request to a
// loaded model before it takes the model for wedged; the tiny models answer
// in milliseconds.
const wedgeWait = 5 * time.Second

// Wedge drives model into Ollama's stuck-slot bug
// (github.com/ollama/ollama/issues/17131): it streams generations and hangs
// up after the first lines, over and over, until a request gets no answer.
// Ollama then holds the model idle but starts no request for it until it is
// unloaded. Wedge returns the number of requests it made.
func (s *Server) Wedge(ctx context.Context, model string) (int, error) {
	hc := &http.Client{Transport: s.transport}
	body, err := json.Marshal(map[string]any{"model": model, "prompt": "package main\n\n",
		"options": map[string]any{"num_predict": 5000, "temperature": 0}})
	if err != nil {
		return 0, err
	}
	// Load the model first, so that a slow load is not taken for a wedge.
	if err := s.Client.Generate(ctx, &api.GenerateRequest{Model: model}, func(api.GenerateResponse) error { return nil }); err != nil {
		return 0, err
	}
	for i := 1; i <= wedgeTries; i++ {
		answered, err := s.hangUp(ctx, hc, body)
		if err != nil {
			return i, err
		}
		if !answered {
			return i, nil
		}
	}
	return wedgeTries, fmt.Errorf("%s still answers after %d hang-ups", model, wedgeTries)
}

// hangUp sends one streamed generation and hangs up after two lines. It
// reports false when no answer came within wedgeWait.
func (s *Server) hangUp(ctx context.Context, hc *http.Client, body []byte) (bool, error) {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, s.URL+"/api/generate", bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	ch := make(chan answer, 1)
	go func() {
		resp, err := hc.Do(req)
		ch <- answer{resp, err}
	}()
	var a answer
	select {
	case a = <-ch:
	case <-time.After(wedgeWait):
		drain(cancel, ch)
		return false, nil
	case <-ctx.Done():
		drain(cancel, ch)
		return false, ctx.Err()
	}
	if a.err != nil {
		return false, a.err
	}
	defer a.resp.Body.Close()
	if a.resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("generate: HTTP %d", a.resp.StatusCode)
	}
	sc := bufio.NewScanner(a.resp.Body)
	for n := 0; n < 2 && sc.Scan(); n++ {
	}
	return true, nil
}

type answer struct {
	resp *http.Response
	err  error
}

// drain gives up a request and closes its answer if one came meanwhile.
func drain(cancel context.CancelFunc, ch <-chan answer) {
	cancel()
	if a := <-ch; a.err == nil {
		a.resp.Body.Close()
	}
}
