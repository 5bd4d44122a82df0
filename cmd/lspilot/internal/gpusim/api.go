package gpusim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"go.uber.org/zap"
)

// maxBody bounds a request body.
const maxBody = 64 << 20

// api serves the HTTP APIs of one replica.
type api struct {
	srv *Server
	r   *replica
}

func newAPI(s *Server, r *replica) http.Handler {
	a := &api{srv: s, r: r}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "Ollama is running") })
	mux.HandleFunc("POST /api/generate", a.ollamaGenerate)
	mux.HandleFunc("POST /api/chat", a.ollamaChat)
	mux.HandleFunc("POST /api/show", a.ollamaShow)
	mux.HandleFunc("GET /api/version", a.ollamaVersion)
	mux.HandleFunc("GET /api/ps", a.ollamaPS)
	mux.HandleFunc("GET /api/tags", a.ollamaTags)
	mux.HandleFunc("POST /v1/completions", a.openaiCompletions)
	mux.HandleFunc("POST /v1/chat/completions", a.openaiChat)
	mux.HandleFunc("GET /v1/models", a.openaiModels)
	mux.HandleFunc("POST /infill", a.llamaInfill)
	mux.HandleFunc("POST /completion", a.llamaCompletion)
	mux.HandleFunc("POST /completions", a.llamaCompletion)
	mux.HandleFunc("POST /tokenize", a.llamaTokenize)
	mux.HandleFunc("GET /props", a.llamaProps)
	mux.HandleFunc("GET /slots", a.llamaSlots)
	mux.HandleFunc("GET /health", a.llamaHealth)
	return mux
}

// decode reads a JSON request body into v.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return fmt.Errorf("read request body: %w", err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("invalid JSON in request body: %w", err)
	}
	return nil
}

// writeJSON writes v as a JSON answer with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// output plans what the model writes for prompt and suffix.
func (a *api) output(prompt, suffix string, maxTokens int, stops []string) output {
	return planOutput(a.srv.cfg.Generate(prompt, suffix), maxTokens, stops)
}

// run submits jobs, calls started once all were accepted, then fn for every
// event until each sequence is done. When ctx ends or fn fails, it cancels
// the sequences still running and returns the error. A submission error comes
// back before started is called.
func (a *api) run(ctx context.Context, jobs []job, started func(), fn func(event) error) error {
	room := 0
	for _, j := range jobs {
		room += len(j.out.ids) + 1
	}
	ch := make(chan event, room)
	seqs, err := a.r.submit(jobs, ch)
	if err != nil {
		return err
	}
	cancelAll := func() {
		for _, s := range seqs {
			a.r.cancel(s)
		}
	}
	started()
	for left := len(seqs); left > 0; {
		select {
		case ev := <-ch:
			if ev.err != nil {
				cancelAll()
				return ev.err
			}
			if ev.done {
				left--
			}
			if err := fn(ev); err != nil {
				cancelAll()
				return err
			}
		case <-ctx.Done():
			cancelAll()
			return ctx.Err()
		}
	}
	return nil
}

// log writes the request's debug line.
func (a *api) log(path string, res []result, err error) {
	if ce := a.r.logger.Check(zap.DebugLevel, "request"); ce != nil {
		fields := []zap.Field{zap.String("path", path), zap.Error(err)}
		for _, r := range res {
			fields = append(fields, zap.Int("prompt", r.promptTokens), zap.Int("cached", r.cachedTokens),
				zap.Int("generated", r.generated), zap.Duration("total", r.total))
		}
		ce.Write(fields...)
	}
}

// stream writes a streamed answer, flushing after every write. Once a write
// fails it stays failed.
type stream struct {
	w   http.ResponseWriter
	err error
}

func startStream(w http.ResponseWriter, contentType string) *stream {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	s := &stream{w: w}
	s.flush()
	return s
}

// event writes v as a server-sent event.
func (s *stream) event(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.write(append(append([]byte("data: "), b...), '\n', '\n'))
}

// line writes v as a line of NDJSON.
func (s *stream) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.write(append(b, '\n'))
}

func (s *stream) write(b []byte) error {
	if s.err != nil {
		return s.err
	}
	if _, s.err = s.w.Write(b); s.err == nil {
		s.flush()
	}
	return s.err
}

func (s *stream) flush() {
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
}

// millis converts d to float milliseconds, as llama.cpp reports timings.
func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
