package explain

import (
	"context"
	"errors"
	"testing"
)

// TestExplainRetryAfterFailure hovers where the first model call failed or
// was cancelled: neither is cached, so the same hover asks the model again
// and gets its answer.
func TestExplainRetryAfterFailure(t *testing.T) {
	tests := []struct {
		name   string
		first  reply
		cancel bool
	}{
		{name: "backend error", first: reply{err: errors.New("connection refused")}},
		{name: "error after a partial answer", first: reply{chunks: []string{"Starts"}, err: errors.New("stream broke")}},
		{name: "cancelled", first: reply{chunks: []string{"Starts"}, hang: true}, cancel: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &fakeGen{replies: []reply{tt.first, {chunks: []string{"Full answer."}}}}
			e := newEngine(t, gen, Config{})
			req := Request{Session: "s", URI: "u", Version: 1, Text: goSrc, Start: at(t, goSrc, "main()"), End: at(t, goSrc, "main()")}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			onText := func(string) {
				if tt.cancel {
					cancel()
				}
			}
			if _, err := e.Explain(ctx, req, onText); err == nil {
				t.Fatal("first hover succeeded, want the failure")
			}
			got, err := e.Explain(context.Background(), req, nil)
			if err != nil || got.Markdown != "Full answer." || got.Cached {
				t.Fatalf("hover again = %+v, %v; want a new answer from the model", got, err)
			}
			if n := gen.calls(); n != 2 {
				t.Errorf("model calls = %d, want 2", n)
			}
		})
	}
}
