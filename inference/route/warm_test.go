package route

import (
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// holderFunc is a Holder.
type holderFunc func(*inference.Request) int

func (f holderFunc) Held(req *inference.Request) int { return f(req) }

func chat(contents ...string) *inference.Request {
	req := &inference.Request{}
	for i, c := range contents {
		role := "user"
		if i%2 == 1 {
			role = "assistant"
		}
		req.Messages = append(req.Messages, inference.Message{Role: role, Content: c})
	}
	return req
}

func TestWarmPolicy(t *testing.T) {
	long := file("ctx", "").Prompt
	tests := []struct {
		name  string
		sent  *inference.Request // sent for the session before
		idle  time.Duration      // since the user's last activity
		next  *inference.Request
		held  int  // bytes the target replica holds
		twice bool // check a second time
		want  bool
	}{
		{name: "idle on a new context", idle: 300 * time.Millisecond, next: file("ctx", "x"), want: true},
		{name: "not idle yet", idle: 299 * time.Millisecond, next: file("ctx", "x")},
		{name: "typed on the same line", sent: file("ctx", "ab"), idle: time.Second, next: file("ctx", "abc")},
		{name: "a line above changed", sent: file("ctx", "ab"), idle: time.Second, next: file("ctx", "ab\ncd"), want: true},
		{name: "switched files", sent: file("ctx", ""), idle: time.Second, next: file("other", ""), want: true},
		{name: "too short to be worth it", idle: time.Second, next: &inference.Request{Prompt: "a\nb"}},
		{name: "the replica holds it", idle: time.Second, next: file("ctx", "x"), held: 1 << 20},
		{name: "the replica holds part of it", idle: time.Second, next: file("ctx", "x"), held: 100, want: true},
		{name: "warmed once only", idle: time.Second, next: file("ctx", "x"), twice: true},
		{name: "chat history changed", sent: chat(long, "a", "b"), idle: time.Second, next: chat(long, "a2", "b"), want: true},
		{name: "chat question changed", sent: chat(long, "a", "b"), idle: time.Second, next: chat(long, "a", "c")},
		{name: "raw prompt", sent: &inference.Request{Raw: true, Prompt: long}, idle: time.Second,
			next: &inference.Request{Raw: true, Prompt: long + "more\n"}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := virtual()
			w := NewWarmPolicy(WarmConfig{Clock: v, MinContext: 100})
			if tt.sent != nil {
				tt.sent.Session = "s"
				w.Sent(tt.sent)
			}
			w.Activity("s")
			v.Advance(tt.idle)
			next := *tt.next
			next.Session = "s"
			holder := holderFunc(func(*inference.Request) int { return tt.held })
			got := w.Check(&next, holder)
			if tt.twice {
				got = w.Check(&next, holder)
			}
			if (got != nil) != tt.want {
				t.Fatalf("Check() = %+v, want a warm-up: %t", got, tt.want)
			}
			if got != nil && (got == &next || got.Lane != inference.LaneWarmup || got.Prompt != next.Prompt) {
				t.Errorf("Check() = %+v, want a copy of next in the warm-up lane", got)
			}
		})
	}
}

func TestWarmPolicyForget(t *testing.T) {
	v := virtual()
	w := NewWarmPolicy(WarmConfig{Clock: v, MinContext: 100})
	req := file("ctx", "")
	req.Session = "s"
	w.Sent(req)
	v.Advance(time.Second)
	if got := w.Check(req, nil); got != nil {
		t.Fatalf("Check() of what was sent = %+v, want nil", got)
	}
	w.Forget("s")
	if got := w.Check(req, nil); got == nil {
		t.Error("Check() after Forget = nil, want a warm-up")
	}
}
