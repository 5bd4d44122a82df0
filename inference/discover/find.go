package discover

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// DefaultTimeout bounds a search. A server on this machine answers its
// listing in milliseconds and an absent one is refused at once, so only a
// port held by something that never answers waits this long.
const DefaultTimeout = 2 * time.Second

// Errors of a target that offers no model.
var (
	// ErrNothingListens: the connection was refused.
	ErrNothingListens = errors.New("nothing listens there")
	// ErrNotTheServer: something answered, but not as the server would.
	ErrNotTheServer = errors.New("something answers there, but not as the server does")
	// ErrNoModels: the server answered and has no model.
	ErrNoModels = errors.New("the server has no model")
)

// Server is what one target answered.
type Server struct {
	Target
	// Models are the usable models, best first (see Sort); embedding
	// models are left out.
	Models []Model
	// Err says why the target offers no model (ErrNothingListens,
	// ErrNotTheServer, ErrNoModels, a timeout); nil when it offers some.
	Err error
}

// Answered reports whether a server of the target's kind answered.
func (s Server) Answered() bool {
	return s.Err == nil || errors.Is(s.Err, ErrNoModels)
}

// Result is the outcome of Find: every target, in the order looked at.
type Result struct {
	Servers []Server
}

// Pick returns the best model of all servers: the best tier wins, and on a
// tie the earlier server (Ollama before llama-server). ok is false when no
// server offers a model.
func (r Result) Pick() (s Server, m Model, ok bool) {
	best := TierUnusable
	for _, srv := range r.Servers {
		if len(srv.Models) == 0 {
			continue
		}
		if t, _ := Rank(srv.Models[0]); !ok || t < best {
			s, m, ok, best = srv, srv.Models[0], true, t
		}
	}
	return s, m, ok
}

// Options tune Find.
type Options struct {
	// Timeout bounds the whole search; 0 means DefaultTimeout.
	Timeout time.Duration
	// AnyOwner lists a server whoever runs it; otherwise a server on this
	// machine that listens as another person's account is refused
	// (ErrOtherUser), since anyone may take a free port first.
	AnyOwner bool
}

// Find probes every target in parallel and lists its models. It returns
// when all have answered or the timeout has passed.
func Find(ctx context.Context, targets []Target, opts Options) Result {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	hc := newClient()
	defer hc.CloseIdleConnections()
	res := Result{Servers: make([]Server, len(targets))}
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() {
			if !opts.AnyOwner {
				if err := checkOwner(t.URL, os.Getuid()); err != nil {
					res.Servers[i] = Server{Target: t, Err: err}
					return
				}
			}
			res.Servers[i] = probe(ctx, hc, t, opts.Timeout)
		})
	}
	wg.Wait()
	return res
}

// List lists and ranks the models of one server, as Find does for each
// target, whoever runs it; lspilot doctor uses it for a configured server.
func List(ctx context.Context, t Target, opts Options) Server {
	opts.AnyOwner = true
	return Find(ctx, []Target{t}, opts).Servers[0]
}

// probe lists the models of one target.
func probe(ctx context.Context, hc *http.Client, t Target, timeout time.Duration) Server {
	var (
		models []Model
		err    error
	)
	switch t.Kind {
	case inference.KindLlamaCpp:
		models, err = llamaServerModels(ctx, hc, t.URL)
	case inference.KindOpenAI:
		models, err = openAIModels(ctx, hc, t.URL)
	default:
		models, err = ollamaModels(ctx, hc, t.URL)
	}
	s := Server{Target: t, Err: describe(err, timeout)}
	for _, m := range models {
		if tier, _ := Rank(m); tier != TierUnusable {
			s.Models = append(s.Models, m)
		}
	}
	Sort(s.Models)
	if s.Err == nil && len(s.Models) == 0 {
		s.Err = ErrNoModels
	}
	return s
}

// describe turns transport errors into the package's errors.
func describe(err error, timeout time.Duration) error {
	var ne net.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrNothingListens
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("no answer within %v", timeout)
	}
	return err
}

// newClient is an HTTP client for loopback probes: no proxy, quick dial.
func newClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:       nil,
		DialContext: (&net.Dialer{Timeout: 500 * time.Millisecond}).DialContext,
	}}
}
