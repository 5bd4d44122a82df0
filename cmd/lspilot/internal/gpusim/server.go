package gpusim

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/clock"
)

// Config configures a simulated server.
type Config struct {
	// Preset is the model and hardware of every replica; see Presets. The
	// zero Preset means h100-7b.
	Preset Preset
	// Replicas is the number of replicas; 0 means 1.
	Replicas int
	// Clock drives the schedulers; nil means clock.Real().
	Clock clock.Clock
	// Generate returns the full completion the model would write for a
	// prompt and suffix; the server streams it token by token, cut by stop
	// sequences and token limits. For chat requests prompt is the
	// conversation in ChatML and suffix is empty; for raw prompts suffix is
	// empty. Nil means DefaultGenerate. It must be safe for concurrent use.
	Generate func(prompt, suffix string) string
	// Model is the model name the server answers to; empty means the
	// preset's. Requests naming another model get 404.
	Model string
	// Logger receives one debug line per request; nil means none.
	Logger *zap.Logger
}

// Server is a simulated inference server of one or more replicas. Its
// methods are safe for concurrent use.
type Server struct {
	cfg       Config
	replicas  []*replica
	handlers  []http.Handler
	closeOnce sync.Once
}

// NewServer starts the replicas' schedulers; Close stops them.
func NewServer(cfg Config) *Server {
	if cfg.Preset.Name == "" {
		cfg.Preset = presets[0]
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real()
	}
	if cfg.Generate == nil {
		cfg.Generate = DefaultGenerate
	}
	if cfg.Model == "" {
		cfg.Model = cfg.Preset.Model
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	cfg.Preset.Slots = max(cfg.Preset.Slots, 1)
	cfg.Logger = cfg.Logger.Named("gpusim")
	s := &Server{cfg: cfg}
	for i := range cfg.Replicas {
		r := newReplica(i, cfg.Preset, cfg.Clock, cfg.Logger.With(zap.Int("replica", i)))
		s.replicas = append(s.replicas, r)
		s.handlers = append(s.handlers, newAPI(s, r))
	}
	return s
}

// Handler serves every replica on one listener: replica i under the path
// prefix /r/{i}/ (such as /r/1/v1/completions), and replica 0 also at the
// root.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rest, ok := strings.CutPrefix(req.URL.Path, "/r/")
		if !ok {
			s.handlers[0].ServeHTTP(w, req)
			return
		}
		idx, tail, _ := strings.Cut(rest, "/")
		i, err := strconv.Atoi(idx)
		if err != nil || i < 0 || i >= len(s.handlers) {
			http.Error(w, "no replica "+idx, http.StatusNotFound)
			return
		}
		r2 := new(http.Request)
		*r2 = *req
		u := *req.URL
		u.Path, u.RawPath = "/"+tail, ""
		r2.URL = &u
		s.handlers[i].ServeHTTP(w, r2)
	})
}

// Replica returns the handler of replica i alone, for one listener per
// replica. It panics when i is out of range.
func (s *Server) Replica(i int) http.Handler { return s.handlers[i] }

// Replicas returns the number of replicas.
func (s *Server) Replicas() int { return len(s.replicas) }

// Model returns the model name the server answers to.
func (s *Server) Model() string { return s.cfg.Model }

// Preset returns the preset the replicas simulate.
func (s *Server) Preset() Preset { return s.cfg.Preset }

// Stats returns every replica's counters and their total.
func (s *Server) Stats() Stats {
	var st Stats
	for _, r := range s.replicas {
		rs := r.snapshot()
		st.Replicas = append(st.Replicas, rs)
		st.Total.add(rs)
	}
	return st
}

// Close stops the schedulers; requests still running end with an error.
// It waits for the schedulers' goroutines and is safe to call twice. The
// HTTP listeners are the caller's to close.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		for _, r := range s.replicas {
			r.stop()
		}
	})
	return nil
}

// knows reports whether name is the served model, as Ollama also accepts
// it with the ":latest" tag.
func (s *Server) knows(name string) bool {
	return name == s.cfg.Model || name == s.cfg.Model+":latest" || strings.TrimSuffix(name, ":latest") == s.cfg.Model
}
