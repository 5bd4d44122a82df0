package openai_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

func TestBatch(t *testing.T) {
	var body map[string]any
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		body = backendtest.DecodeBody(t, r)
		backendtest.Write(w, dialect.ContentType,
			textChunk(1, "x", nil), textChunk(0, "a", nil), textChunk(2, "p;", nil), textChunk(0, "b\nc", nil),
			textChunk(1, "y", nil), textChunk(2, "q", nil), textChunk(0, "", "stop"), textChunk(1, "", "length"),
			textChunk(2, "", "stop"), "data: [DONE]\n\n")
	})
	b := open(t, backendtest.Config(srv.URL))
	got := map[int]string{}
	req := &inference.Request{Options: inference.Options{MaxTokens: 8}}
	sts, err := b.GenerateBatch(context.Background(), req, []string{"p0", "p1", "p2"}, func(i int, c inference.Chunk) error {
		got[i] += c.Text
		if i == 2 && strings.Contains(c.Text, ";") {
			return inference.ErrStop
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[int]string{0: "ab\nc", 1: "xy", 2: "p;"}, got); diff != "" {
		t.Errorf("texts (-want +got):\n%s", diff)
	}
	reasons := []inference.StopReason{sts[0].StopReason, sts[1].StopReason, sts[2].StopReason}
	if diff := cmp.Diff([]inference.StopReason{inference.StopEOS, inference.StopMaxTokens, inference.StopClient}, reasons); diff != "" {
		t.Errorf("stop reasons (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{"p0", "p1", "p2"}, body["prompt"]); diff != "" {
		t.Errorf("prompt (-want +got):\n%s", diff)
	}
}

func TestBatchStopsWhenAllPromptsStop(t *testing.T) {
	var srv *backendtest.Server
	srv = backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		srv.StreamUntilGone(w, r, dialect.ContentType, textChunk(0, "a\n", nil)+textChunk(1, "b\n", nil))
	})
	b := open(t, backendtest.Config(srv.URL))
	req := &inference.Request{SingleLine: true}
	sts, err := b.GenerateBatch(context.Background(), req, []string{"p0", "p1"}, func(int, inference.Chunk) error { return nil })
	if err != nil || sts[0].StopReason != inference.StopSingleLine || sts[1].StopReason != inference.StopSingleLine {
		t.Fatalf("GenerateBatch() = %+v, %v", sts, err)
	}
	srv.WaitGone(t)
}
