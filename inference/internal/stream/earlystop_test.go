package stream_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

// script is a fake attempt: it sends chunks, advancing a fake clock by step
// before each, then ends the stream unless noEnd is set.
type script struct {
	chunks []string
	end    inference.StopReason
	noEnd  bool
	step   time.Duration
	now    time.Time
}

func (s *script) clock() time.Time { return s.now }

func (s *script) attempt(ctx context.Context, sink *stream.Sink) error {
	for _, c := range s.chunks {
		s.now = s.now.Add(s.step)
		if err := sink.Text(c); err != nil {
			return err
		}
	}
	if !s.noEnd {
		sink.End(inference.Stats{StopReason: s.end, Slot: -1})
	}
	return nil
}

func TestEarlyStop(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name       string
		give       []string
		stop       []string
		singleLine bool
		maxTokens  int
		budget     time.Duration
		end        inference.StopReason
		noEnd      bool
		// callback returns err after receiving this many chunks (0: never).
		cbAfter int
		cbErr   error

		want       []string
		wantReason inference.StopReason
		wantSeq    string
		wantErr    error
	}{
		{name: "plain", give: []string{"a", "b"}, want: []string{"a", "b"}, wantReason: inference.StopEOS},
		{name: "stop inside one chunk", give: []string{"foo\n\nbar"}, stop: []string{"\n\n"},
			want: []string{"foo"}, wantReason: inference.StopSequence, wantSeq: "\n\n"},
		{name: "stop split across two chunks", give: []string{"foo\n", "\nbar"}, stop: []string{"\n\n"},
			want: []string{"foo"}, wantReason: inference.StopSequence, wantSeq: "\n\n"},
		{name: "partial match that is not a stop", give: []string{"foo\n", "bar"}, stop: []string{"\n\n"},
			want: []string{"foo", "\nbar"}, wantReason: inference.StopEOS},
		{name: "partial match flushed at the end", give: []string{"foo\n"}, stop: []string{"\n\n"},
			want: []string{"foo", "\n"}, wantReason: inference.StopEOS},
		{name: "stop split across three chunks", give: []string{"x<|", "en", "d|>y"}, stop: []string{"<|end|>"},
			want: []string{"x"}, wantReason: inference.StopSequence, wantSeq: "<|end|>"},
		{name: "earliest of two stops wins", give: []string{"a;b}c"}, stop: []string{"}", ";"},
			want: []string{"a"}, wantReason: inference.StopSequence, wantSeq: ";"},
		{name: "longer stop that starts earlier wins", give: []string{"ab", "c"}, stop: []string{"b", "abc"},
			want: nil, wantReason: inference.StopSequence, wantSeq: "abc"},
		{name: "stop at the very start", give: []string{"<|end|>more"}, stop: []string{"<|end|>"},
			want: nil, wantReason: inference.StopSequence, wantSeq: "<|end|>"},
		{name: "single line", give: []string{"foo", "bar\nbaz"}, singleLine: true,
			want: []string{"foo", "bar"}, wantReason: inference.StopSingleLine},
		{name: "single line keeps leading line ends", give: []string{"\n", "  foo\nbar"}, singleLine: true,
			want: []string{"\n", "  foo"}, wantReason: inference.StopSingleLine},
		{name: "single line with CRLF split", give: []string{"foo\r", "\nbar"}, singleLine: true,
			want: []string{"foo"}, wantReason: inference.StopSingleLine},
		{name: "stop before the line end wins", give: []string{"a;b\nc"}, singleLine: true, stop: []string{";"},
			want: []string{"a"}, wantReason: inference.StopSequence, wantSeq: ";"},
		{name: "line end before a stop", give: []string{"ab\nc;"}, singleLine: true, stop: []string{";"},
			want: []string{"ab"}, wantReason: inference.StopSingleLine},
		{name: "max tokens when the server overshoots", give: []string{"a", "b", "c"}, maxTokens: 2,
			want: []string{"a", "b"}, wantReason: inference.StopMaxTokens},
		{name: "max tokens reported by the server", give: []string{"a", "b"}, maxTokens: 2, end: inference.StopMaxTokens,
			want: []string{"a", "b"}, wantReason: inference.StopMaxTokens},
		{name: "budget ends the current line", give: []string{"a\n", "b", "c", "d\ne"}, budget: 10 * time.Millisecond,
			want: []string{"a\n", "b", "c", "d"}, wantReason: inference.StopBudget},
		{name: "budget not reached", give: []string{"a\n", "b\n"}, budget: time.Second,
			want: []string{"a\n", "b\n"}, wantReason: inference.StopEOS},
		{name: "client stop", give: []string{"a", "b", "c"}, cbAfter: 2, cbErr: inference.ErrStop,
			want: []string{"a", "b"}, wantReason: inference.StopClient},
		{name: "callback error aborts", give: []string{"a", "b", "c"}, cbAfter: 1, cbErr: errBoom,
			want: []string{"a"}, wantErr: errBoom},
		{name: "stream ends without end marker", give: []string{"a"}, noEnd: true,
			want: []string{"a"}, wantReason: inference.StopStreamEnd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &script{chunks: tt.give, end: tt.end, noEnd: tt.noEnd, step: 4 * time.Millisecond, now: time.Unix(1e9, 0)}
			r := &stream.Runner{Clock: sc.clock}
			req := &inference.Request{
				Prompt:     "p",
				SingleLine: tt.singleLine,
				TimeBudget: tt.budget,
				Options:    inference.Options{Stop: tt.stop, MaxTokens: tt.maxTokens},
			}
			var got []string
			st, err := r.Run(context.Background(), req, sc.attempt, func(c inference.Chunk) error {
				got = append(got, c.Text)
				if tt.cbAfter > 0 && len(got) == tt.cbAfter {
					return tt.cbErr
				}
				return nil
			})
			if !errors.Is(err, tt.wantErr) || (err != nil && tt.wantErr == nil) {
				t.Fatalf("Run() error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("chunks (-want +got):\n%s", diff)
			}
			if tt.wantErr != nil {
				return
			}
			if st.StopReason != tt.wantReason || st.StopSequence != tt.wantSeq {
				t.Errorf("stop = %q %q, want %q %q", st.StopReason, st.StopSequence, tt.wantReason, tt.wantSeq)
			}
		})
	}
}
