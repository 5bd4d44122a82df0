package ollama

import (
	"testing"
	"time"
)

func TestSuspectAfter(t *testing.T) {
	tests := []struct {
		name   string
		idle   time.Duration
		firsts []time.Duration
		want   time.Duration
	}{
		{name: "no answer yet", idle: 30 * time.Second, want: 15 * time.Second},
		{name: "fast model", idle: 30 * time.Second, firsts: []time.Duration{80 * time.Millisecond, 200 * time.Millisecond}, want: suspectMin},
		{name: "slow model", idle: 30 * time.Second, firsts: []time.Duration{time.Second, 3 * time.Second}, want: 12 * time.Second},
		{name: "idle timeout below the minimum", idle: 10 * time.Second, firsts: []time.Duration{time.Millisecond}, want: 5 * time.Second},
		{name: "slower than the idle timeout allows", idle: 30 * time.Second, firsts: []time.Duration{9 * time.Second}, want: 15 * time.Second},
		{name: "the slow answer has left the window", idle: 30 * time.Second,
			firsts: append([]time.Duration{9 * time.Second}, make([]time.Duration, 16)...), want: suspectMin},
		{name: "short idle timeout", idle: time.Second, firsts: []time.Duration{time.Millisecond}, want: 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHealer(nopUnwedger{}, tt.idle, nil)
			for _, d := range tt.firsts {
				h.observe(d)
			}
			if got := h.suspectAfter(); got != tt.want {
				t.Errorf("suspectAfter() = %v, want %v", got, tt.want)
			}
		})
	}
}

type nopUnwedger struct{ IdleUnloader }
