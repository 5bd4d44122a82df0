package backendtest

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

// checkAffinity checks that a backend configured with an affinity header
// sends it on every generation, its value the session's
// inference.AffinityKey: the same for one session across requests, another
// for another session, never the session's name; and that a backend
// configured without one sends none.
func checkAffinity(t *testing.T, d Dialect, newBackend NewBackend) {
	tests := []struct {
		name   string
		header string
	}{
		{name: "lower case", header: "x-smg-routing-key"},
		{name: "canonical case", header: "X-User-Id"},
		{name: "unset"},
	}
	sessions := []string{"4242-1", "4242-2", "4242-1"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu   sync.Mutex
				seen [][]string // the header's values of each request
			)
			srv := NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, affinityValues(r.Header, tt.header))
				mu.Unlock()
				Write(w, d.ContentType, d.Chunk("ok"), d.End)
			})
			cfg := Config(srv.URL)
			cfg.AffinityHeader = tt.header
			b := newBackend(t, cfg)
			var got [][]string
			for _, s := range sessions {
				req := FIMRequest()
				req.Session = s
				mu.Lock()
				seen = nil
				mu.Unlock()
				if _, _, err := Generate(context.Background(), b, req); err != nil {
					t.Fatal(err)
				}
				mu.Lock()
				got = append(got, seen...)
				if len(seen) != 1 {
					t.Fatalf("session %s: the server saw %d requests, want 1", s, len(seen))
				}
				mu.Unlock()
			}
			checkAffinityValues(t, tt.header, sessions, got)
		})
	}
}

// affinityValues returns every value of header name in h, or, for an
// unnamed header, every header whose value is some session's key.
func affinityValues(h http.Header, name string) []string {
	if name != "" {
		return h.Values(name)
	}
	var out []string
	for k, vs := range h {
		for _, v := range vs {
			if len(v) == 32 && strings.Trim(v, "0123456789abcdef") == "" {
				out = append(out, k+": "+v)
			}
		}
	}
	return out
}

func checkAffinityValues(t *testing.T, header string, sessions []string, got [][]string) {
	t.Helper()
	for i, vs := range got {
		switch {
		case header == "" && len(vs) > 0:
			t.Errorf("request %d sent %q with no affinity header configured", i, vs)
		case header == "":
		case len(vs) != 1:
			t.Errorf("request %d: %s = %q, want one value", i, header, vs)
		case vs[0] != inference.AffinityKey(sessions[i]):
			t.Errorf("request %d: %s = %q, want AffinityKey(%q)", i, header, vs[0], sessions[i])
		case strings.Contains(vs[0], sessions[i]):
			t.Errorf("request %d: %s = %q shows the session %q", i, header, vs[0], sessions[i])
		}
	}
	if header == "" || len(got) != 3 || len(got[0]) != 1 || len(got[1]) != 1 || len(got[2]) != 1 {
		return
	}
	if got[0][0] != got[2][0] {
		t.Errorf("one session sent %q, then %q", got[0][0], got[2][0])
	}
	if got[0][0] == got[1][0] {
		t.Errorf("two sessions share the key %q", got[0][0])
	}
}
