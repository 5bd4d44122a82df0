package backendtest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Generate runs req on b and collects the text.
func Generate(ctx context.Context, b inference.Backend, req *inference.Request) (string, inference.Stats, error) {
	var sb strings.Builder
	st, err := b.Generate(ctx, req, func(c inference.Chunk) error {
		sb.WriteString(c.Text)
		return nil
	})
	return sb.String(), st, err
}

// Config returns a backend configuration for a test server: a small line
// bound, default retries and an idle timeout generous enough for a loaded
// machine.
func Config(url string) inference.BackendConfig {
	return inference.BackendConfig{
		Name:         "test",
		URL:          url,
		Model:        "coder",
		IdleTimeout:  5 * time.Second,
		MaxLineBytes: 4096,
	}
}

// stallConfig is Config with a short idle timeout, for the stall checks.
func stallConfig(url string) inference.BackendConfig {
	cfg := Config(url)
	cfg.IdleTimeout = 300 * time.Millisecond
	return cfg
}

// Run checks the backend against servers speaking d: streaming, every error
// kind, retries, that early stop and cancellation reach the server, that
// the request id of the context reaches it as a header, and that a
// configured affinity header carries the session's key.
func Run(t *testing.T, d Dialect, newBackend NewBackend) {
	t.Run("streams", func(t *testing.T) { checkStream(t, d, newBackend) })
	t.Run("stream errors", func(t *testing.T) { checkStreamErrors(t, d, newBackend) })
	t.Run("stalls", func(t *testing.T) { checkStalls(t, d, newBackend) })
	t.Run("answers", func(t *testing.T) { checkAnswers(t, d, newBackend) })
	t.Run("retries", func(t *testing.T) { checkRetries(t, d, newBackend) })
	t.Run("unreachable", func(t *testing.T) { checkUnreachable(t, d, newBackend) })
	t.Run("disconnect", func(t *testing.T) { checkDisconnect(t, d, newBackend) })
	t.Run("request id", func(t *testing.T) { checkRequestID(t, d, newBackend) })
	t.Run("affinity", func(t *testing.T) { checkAffinity(t, d, newBackend) })
}

func checkStream(t *testing.T, d Dialect, newBackend NewBackend) {
	tests := []struct {
		name       string
		give       []string
		req        func(*inference.Request)
		want       string
		wantReason inference.StopReason
	}{
		{name: "text and end", give: []string{d.Chunk("Hello"), d.Chunk(", world"), d.End}, want: "Hello, world"},
		{name: "no end marker", give: []string{d.Chunk("Hel"), d.Chunk("lo")}, want: "Hello", wantReason: inference.StopStreamEnd},
		{name: "stop sequence split across chunks", give: []string{d.Chunk("a + b<|"), d.Chunk("end|>junk"), d.End},
			req: func(r *inference.Request) { r.Options.Stop = []string{"<|end|>"} }, want: "a + b", wantReason: inference.StopSequence},
		{name: "single line", give: []string{d.Chunk("a + b"), d.Chunk("\n}"), d.End},
			req: func(r *inference.Request) { r.SingleLine = true }, want: "a + b", wantReason: inference.StopSingleLine},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, func(w http.ResponseWriter, r *http.Request) { Write(w, d.ContentType, tt.give...) })
			req := FIMRequest()
			if tt.req != nil {
				tt.req(req)
			}
			got, st, err := Generate(context.Background(), newBackend(t, Config(srv.URL)), req)
			if err != nil {
				t.Fatalf("Generate() error = %v", err)
			}
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if tt.wantReason != "" && st.StopReason != tt.wantReason || st.StopReason == "" {
				t.Errorf("stop reason = %q, want %q", st.StopReason, tt.wantReason)
			}
			if st.Attempts != 1 || st.TimeToFirstChunk <= 0 {
				t.Errorf("attempts = %d, time to first chunk = %v", st.Attempts, st.TimeToFirstChunk)
			}
		})
	}
}

func checkStreamErrors(t *testing.T, d Dialect, newBackend NewBackend) {
	partial := d.Chunk("bcdef")
	partial = partial[:len(partial)/2]
	tests := []struct {
		name     string
		handler  func(w http.ResponseWriter, r *http.Request)
		wantText string
		wantErr  error
		wantMsg  string
	}{
		{name: "cut mid-line", wantText: "a", wantErr: inference.ErrTruncated,
			handler: func(w http.ResponseWriter, r *http.Request) { Write(w, d.ContentType, d.Chunk("a"), partial) }},
		{name: "connection dropped", wantText: "a", wantErr: inference.ErrTruncated,
			handler: func(w http.ResponseWriter, r *http.Request) {
				Write(w, d.ContentType, d.Chunk("a"), partial)
				panic(http.ErrAbortHandler)
			}},
		{name: "garbage line", wantText: "a", wantErr: inference.ErrMalformed,
			handler: func(w http.ResponseWriter, r *http.Request) { Write(w, d.ContentType, d.Chunk("a"), d.Garbage, d.End) }},
		{name: "oversized line", wantText: "a", wantErr: inference.ErrLineTooLong,
			handler: func(w http.ResponseWriter, r *http.Request) {
				Write(w, d.ContentType, d.Chunk("a"), d.LongLine(8192), d.End)
			}},
		{name: "error inside the stream", wantText: "a", wantErr: inference.ErrServer, wantMsg: "the runner crashed",
			handler: func(w http.ResponseWriter, r *http.Request) {
				Write(w, d.ContentType, d.Chunk("a"), d.StreamError("the runner crashed"))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, tt.handler)
			got, _, err := Generate(context.Background(), newBackend(t, Config(srv.URL)), FIMRequest())
			wantKind(t, err, tt.wantErr)
			if got != tt.wantText {
				t.Errorf("text = %q, want %q", got, tt.wantText)
			}
			if !strings.Contains(errString(err), tt.wantMsg) {
				t.Errorf("error %q does not say %q", errString(err), tt.wantMsg)
			}
			if srv.Requests() != 1 {
				t.Errorf("requests = %d, want 1: a failed stream must not be retried", srv.Requests())
			}
		})
	}
}

func checkStalls(t *testing.T, d Dialect, newBackend NewBackend) {
	t.Run("accepts and never answers", func(t *testing.T) {
		srv := NewServer(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		_, _, err := Generate(context.Background(), newBackend(t, stallConfig(srv.URL)), FIMRequest())
		wantKind(t, err, inference.ErrStalled)
	})
	t.Run("silent listener", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go holdConnections(ln)
		_, _, err = Generate(context.Background(), newBackend(t, stallConfig("http://"+ln.Addr().String())), FIMRequest())
		wantKind(t, err, inference.ErrStalled)
	})
	t.Run("between chunks", func(t *testing.T) {
		srv := NewServer(t, func(w http.ResponseWriter, r *http.Request) {
			Write(w, d.ContentType, d.Chunk("a"))
			<-r.Context().Done()
		})
		got, _, err := Generate(context.Background(), newBackend(t, stallConfig(srv.URL)), FIMRequest())
		wantKind(t, err, inference.ErrStalled)
		if got != "a" {
			t.Errorf("text = %q, want a", got)
		}
	})
}

// holdConnections accepts connections and never answers; it returns when ln
// is closed, closing what it holds.
func holdConnections(ln net.Listener) {
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		conns = append(conns, c)
	}
}

func wantKind(t *testing.T, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error = %v, want %v", err, kind)
	}
	if inference.AsBackendError(err) == nil && kind != context.Canceled {
		t.Errorf("error %v is not a *BackendError", err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
