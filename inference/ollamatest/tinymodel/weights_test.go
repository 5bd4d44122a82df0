package tinymodel

import (
	"math"
	"testing"

	"github.com/ollama/ollama/fs/ggml"
)

// TestGreedySuccessor checks the shaping without the transformer blocks, which only add
// small noise: every token's normalised embedding read through the output matrix picks
// a Cycle token by a wide margin, Cycle tokens pick the next one, and <|fim_middle|>
// picks the first.
func TestGreedySuccessor(t *testing.T) {
	v := sharedVocab()
	c := Small
	byName := map[string]*ggml.Tensor{}
	for _, tn := range tensors(c) {
		byName[tn.Name] = tn
	}
	embd := widen(byName["token_embd.weight"].WriterTo.(f16Data))
	out := widen(byName["output.weight"].WriterTo.(f16Data))
	cycleIDs := map[int]bool{}
	for _, tok := range Cycle {
		cycleIDs[v.id(tok)] = true
	}
	argmax := func(tok int) (best int, margin float64) {
		x := embd[tok*c.Dim : (tok+1)*c.Dim]
		var ss float64
		for _, h := range x {
			ss += h * h
		}
		rms := math.Sqrt(ss / float64(c.Dim))
		first, second := math.Inf(-1), math.Inf(-1)
		for s := range len(v.tokens) {
			var logit float64
			for i, h := range x {
				logit += out[s*c.Dim+i] * h / rms
			}
			switch {
			case logit > first:
				first, second, best = logit, first, s
			case logit > second:
				second = logit
			}
		}
		return best, first - second
	}
	for tok := range len(v.tokens) {
		best, margin := argmax(tok)
		if !cycleIDs[best] || margin < 10 {
			t.Errorf("token %q: greedy pick %q with margin %.1f, want a cycle token by at least 10", v.tokens[tok], v.tokens[best], margin)
		}
	}
	for pos, tok := range Cycle {
		want := Cycle[(pos+1)%len(Cycle)]
		if best, _ := argmax(v.id(tok)); best != v.id(want) {
			t.Errorf("after %q: greedy pick %q, want %q", tok, v.tokens[best], spell(want))
		}
	}
	if best, _ := argmax(v.id(FIMMiddle)); best != v.id(Cycle[0]) {
		t.Errorf("after %s: greedy pick %q, want %q", FIMMiddle, v.tokens[best], Cycle[0])
	}
}

func TestToHalf(t *testing.T) {
	tests := []struct {
		give float32
		want uint16
	}{
		{give: 0, want: 0x0000},
		{give: 1, want: 0x3c00},
		{give: -2, want: 0xc000},
		{give: 0.5, want: 0x3800},
		{give: 65504, want: 0x7bff},
		{give: 1e6, want: 0x7c00},
		{give: float32(math.Inf(-1)), want: 0xfc00},
		{give: 6.103515625e-05, want: 0x0400},       // smallest normal
		{give: 5.960464477539063e-08, want: 0x0001}, // smallest subnormal
		{give: 1e-9, want: 0x0000},
		{give: 1 + 1.0/2048, want: 0x3c00}, // tie rounds to even
		{give: 1 + 3.0/2048, want: 0x3c02},
	}
	for _, tt := range tests {
		if got := toHalf(tt.give); got != tt.want {
			t.Errorf("toHalf(%g) = %#04x, want %#04x", tt.give, got, tt.want)
		}
		if tt.want&0x7c00 != 0x7c00 {
			if back := fromHalf(tt.want); math.Abs(back-float64(tt.give)) > math.Abs(float64(tt.give))/1000+1e-7 {
				t.Errorf("fromHalf(%#04x) = %g, want about %g", tt.want, back, tt.give)
			}
		}
	}
}

func widen(d f16Data) []float64 {
	w := make([]float64, len(d))
	for i, h := range d {
		w[i] = fromHalf(h)
	}
	return w
}

func fromHalf(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h >> 10 & 0x1f)
	mant := float64(h & 0x3ff)
	if exp == 0 {
		return sign * mant * math.Pow(2, -24)
	}
	return sign * (1 + mant/1024) * math.Pow(2, float64(exp-15))
}
