package prompt

import (
	"strings"
	"sync"
	"testing"
)

func TestEstimate(t *testing.T) {
	tests := []struct {
		give  string
		ratio float64
		want  int
	}{
		{give: "", want: 0},
		{give: "abc", want: 1},
		{give: strings.Repeat("x", 35), want: 10},
		{give: strings.Repeat("x", 36), want: 11},
		{give: strings.Repeat("x", 40), ratio: 4, want: 10},
	}
	for _, tt := range tests {
		if got := (Estimate{BytesPerToken: tt.ratio}).Count(tt.give); got != tt.want {
			t.Errorf("Estimate{%v}.Count(%d bytes) = %d, want %d", tt.ratio, len(tt.give), got, tt.want)
		}
	}
}

func TestCalibrated(t *testing.T) {
	c := NewCalibrated(0)
	if c.Ratio() != DefaultBytesPerToken {
		t.Fatalf("start ratio = %v, want %v", c.Ratio(), DefaultBytesPerToken)
	}
	c.Observe(10, 2) // too small to count
	if c.Ratio() != DefaultBytesPerToken {
		t.Errorf("a tiny prompt moved the ratio to %v", c.Ratio())
	}
	c.Observe(4000, 1000) // first real observation replaces the start
	if c.Ratio() != 4 {
		t.Errorf("ratio = %v after 4000 bytes / 1000 tokens, want 4", c.Ratio())
	}
	c.Observe(3500, 1000) // then an average: 4 + 0.2*(3.5-4) = 3.9, within the slack
	c.Observe(3500, 1000) // 3.82, still within
	if r := c.Ratio(); r != 4 {
		t.Errorf("ratio in use = %v after small moves, want 4 still", r)
	}
	c.Observe(3500, 1000) // 3.756, beyond the slack
	if r := c.Ratio(); r < 3.75 || r > 3.76 {
		t.Errorf("ratio in use = %v, want 3.756", r)
	}
	c.Observe(100000, 20) // absurd observations are clamped
	if r := c.Ratio(); r > maxRatio {
		t.Errorf("ratio = %v, want at most %v", r, maxRatio)
	}
	if got := c.Count(strings.Repeat("x", 100)); got < 12 || got > 27 {
		t.Errorf("Count(100 bytes) = %d with ratio %v", got, c.Ratio())
	}
}

func TestCalibratedConcurrent(t *testing.T) {
	c := NewCalibrated(3)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				c.Observe(3500, 1000)
				_ = c.Count("some text")
			}
		}()
	}
	wg.Wait()
	if r := c.Ratio(); r < 3.49 || r > 3.51 {
		t.Errorf("ratio = %v, want 3.5", r)
	}
}
