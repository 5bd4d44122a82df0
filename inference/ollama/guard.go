package ollama

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// exchange records what the transport saw of one streamed request, for the
// error mapping after api.Client returns (it drops read errors and headers).
// It is used by the goroutine that runs the request only.
type exchange struct {
	status int
	header http.Header
	// err is the first stream problem: ErrLineTooLong, ErrMalformed, a
	// cut stream (io.ErrUnexpectedEOF) or a read error; line is its line.
	err  error
	line int
}

type exchangeKey struct{}

// errGuard stops api.Client's line scanner once the guard recorded a problem.
var errGuard = errors.New("stream rejected")

// transport adds the API key, the request id (RequestIDHeader) and the
// affinity header and, for requests that carry an exchange in their
// context, records the answer and guards its body.
type transport struct {
	base    http.RoundTripper
	auth    string
	maxLine int
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if t.auth != "" || inference.RequestID(ctx) != "" || stream.HasAffinity(ctx) {
		r = r.Clone(ctx)
		if t.auth != "" {
			r.Header.Set("Authorization", t.auth)
		}
		stream.SetRequestIDHeader(ctx, r.Header)
		stream.SetAffinityHeader(ctx, r.Header)
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	x, ok := r.Context().Value(exchangeKey{}).(*exchange)
	if !ok {
		return resp, nil
	}
	x.status, x.header = resp.StatusCode, resp.Header
	resp.Body = &guard{
		body:     resp.Body,
		lines:    stream.NewLineReader(resp.Body, t.maxLine),
		x:        x,
		validate: resp.StatusCode/100 == 2,
	}
	return resp, nil
}

// guard hands the api client whole lines only, each checked to be JSON, and
// records why it stopped early.
type guard struct {
	body     io.ReadCloser
	lines    *stream.LineReader
	x        *exchange
	validate bool
	n        int // lines read
	buf      []byte
	pending  []byte
	done     bool
}

func (g *guard) Read(p []byte) (int, error) {
	if len(g.pending) == 0 {
		if g.done {
			return 0, io.EOF
		}
		if err := g.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// next loads the next line into pending.
func (g *guard) next() error {
	line, err := g.lines.ReadLine()
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		g.done = true
		return io.EOF
	case errors.Is(err, io.ErrUnexpectedEOF) && (!g.validate || json.Valid(line)):
		g.done = true // a complete last line without its line end
	default:
		return g.fail(err)
	}
	g.n++
	if g.validate && len(line) > 0 && !json.Valid(line) {
		return g.fail(inference.ErrMalformed)
	}
	g.buf = append(append(g.buf[:0], line...), '\n')
	g.pending = g.buf
	return nil
}

func (g *guard) fail(err error) error {
	if g.x.err == nil {
		g.x.err, g.x.line = err, g.n
	}
	g.done = true
	return errGuard
}

func (g *guard) Close() error { return g.body.Close() }

func withExchange(ctx context.Context) (context.Context, *exchange) {
	x := &exchange{}
	return context.WithValue(ctx, exchangeKey{}, x), x
}
