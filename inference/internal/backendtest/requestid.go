package backendtest

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

// checkRequestID checks that a generation under a context with a request id
// sends it as inference.RequestIDHeader, and that one without sends none.
func checkRequestID(t *testing.T, d Dialect, newBackend NewBackend) {
	tests := []struct {
		name string
		give string
	}{
		{name: "with an id", give: "3fa2c1d0-42"},
		{name: "without", give: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu   sync.Mutex
				seen []string
			)
			srv := NewServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, r.Header.Get(inference.RequestIDHeader))
				mu.Unlock()
				Write(w, d.ContentType, d.Chunk("ok"), d.End)
			})
			ctx := inference.WithRequestID(context.Background(), tt.give)
			if _, _, err := Generate(ctx, newBackend(t, Config(srv.URL)), FIMRequest()); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(seen) == 0 {
				t.Fatal("the server saw no request")
			}
			for _, got := range seen {
				if got != tt.give {
					t.Errorf("%s = %q, want %q", inference.RequestIDHeader, got, tt.give)
				}
			}
		})
	}
}
