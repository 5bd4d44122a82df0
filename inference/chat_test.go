package inference_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

// chunkGen streams fixed chunks, then returns err; it records the request.
type chunkGen struct {
	chunks []string
	err    error
	req    *inference.Request
	read   int
}

func (g *chunkGen) Generate(_ context.Context, _ string, build func(inference.Backend) (*inference.Request, error),
	fn func(inference.Chunk) error) (inference.Backend, inference.Stats, error) {
	req, err := build(nil)
	if err != nil {
		return nil, inference.Stats{}, err
	}
	g.req = req
	for _, c := range g.chunks {
		g.read++
		if err := fn(inference.Chunk{Text: c}); errors.Is(err, inference.ErrStop) {
			return nil, inference.Stats{}, nil
		}
	}
	return nil, inference.Stats{}, g.err
}

func TestStreamChat(t *testing.T) {
	boom := errors.New("reset")
	tests := []struct {
		name      string
		gen       *chunkGen
		limit     int
		want      string
		wantSeen  []string
		wantRead  int
		wantError error
	}{
		{name: "whole answer", gen: &chunkGen{chunks: []string{"a", "b", "c"}}, limit: 10,
			want: "abc", wantSeen: []string{"a", "ab", "abc"}, wantRead: 3},
		{name: "stops past the limit", gen: &chunkGen{chunks: []string{"ab", "cd", "ef"}}, limit: 3,
			want: "abcd", wantSeen: []string{"ab", "abcd"}, wantRead: 2},
		{name: "error keeps what was read", gen: &chunkGen{chunks: []string{"ab"}, err: boom}, limit: 10,
			want: "ab", wantSeen: []string{"ab"}, wantRead: 1, wantError: boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []string
			msgs := []inference.Message{{Role: "user", Content: "hi"}}
			got, _, err := inference.StreamChat(context.Background(), tt.gen, "go", inference.Request{Messages: msgs}, tt.limit,
				func(s string) { seen = append(seen, s) })
			if !errors.Is(err, tt.wantError) || got != tt.want || tt.gen.read != tt.wantRead {
				t.Errorf("StreamChat = %q, %v after %d chunks; want %q, %v after %d", got, err, tt.gen.read, tt.want, tt.wantError, tt.wantRead)
			}
			if diff := cmp.Diff(tt.wantSeen, seen); diff != "" {
				t.Errorf("growing text (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(msgs, tt.gen.req.Messages); diff != "" {
				t.Errorf("request messages (-want +got):\n%s", diff)
			}
		})
	}
}
