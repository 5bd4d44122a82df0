package gpusim

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPresetByName(t *testing.T) {
	for _, p := range Presets() {
		got, err := PresetByName(p.Name)
		if err != nil || got.Name != p.Name {
			t.Errorf("PresetByName(%q) = %q, %v", p.Name, got.Name, err)
		}
	}
	_, err := PresetByName("a100-70b")
	if !errors.Is(err, ErrUnknownPreset) || !strings.Contains(err.Error(), "h100-7b, h100-1.5b, cpu-tiny") {
		t.Errorf("PresetByName(unknown) error = %v, want ErrUnknownPreset listing the names", err)
	}
}

// TestPresetFigures checks the derived figures against the arithmetic of the
// published shapes and against the published serving figures the presets
// were calibrated on (bands, since those figures are approximate).
func TestPresetFigures(t *testing.T) {
	tests := []struct {
		give             string
		wantKVBytes      float64
		wantCapacity     [2]int     // tokens, lower and upper bound
		wantDecodeTokS   [2]float64 // batch 1 at 1k context, tokens per second
		wantPrefillTokS  [2]float64 // one 4k-token prefill, tokens per second
		wantPerTokenTime time.Duration
	}{
		// 28 layers × 4 KV heads × 128 × (K, V) × 2 bytes.
		{"h100-7b", 57344, [2]int{900_000, 1_000_000}, [2]float64{100, 200}, [2]float64{20_000, 40_000}, 30766 * time.Nanosecond},
		{"h100-1.5b", 28672, [2]int{2_200_000, 2_400_000}, [2]float64{300, 600}, [2]float64{60_000, 160_000}, 7783 * time.Nanosecond},
		{"cpu-tiny", 12288, [2]int{32768, 32768}, [2]float64{15, 40}, [2]float64{100, 300}, 50856 * time.Microsecond / 10},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			p := mustPreset(t, tt.give)
			if got := p.KVBytesPerToken(); got != tt.wantKVBytes {
				t.Errorf("KVBytesPerToken = %v, want %v", got, tt.wantKVBytes)
			}
			if got := p.KVCapacityTokens(); got < tt.wantCapacity[0] || got > tt.wantCapacity[1] {
				t.Errorf("KVCapacityTokens = %d, want within %v", got, tt.wantCapacity)
			}
			if got := 1 / p.DecodeStep(1, 1024).Seconds(); got < tt.wantDecodeTokS[0] || got > tt.wantDecodeTokS[1] {
				t.Errorf("decode at batch 1 = %.0f tokens/s, want within %v", got, tt.wantDecodeTokS)
			}
			if got := 4096 / p.PrefillTime(4096, 0).Seconds(); got < tt.wantPrefillTokS[0] || got > tt.wantPrefillTokS[1] {
				t.Errorf("prefill of 4k tokens = %.0f tokens/s, want within %v", got, tt.wantPrefillTokS)
			}
			if diff := cmp.Diff(tt.wantPerTokenTime.Round(time.Microsecond/10), p.PrefillPerToken().Round(time.Microsecond/10)); diff != "" {
				t.Errorf("PrefillPerToken (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeStepMonotonic checks that a step takes longer with more
// sequences and longer contexts, and that batching is worth it: a step of 32
// sequences costs far less than 32 steps of one.
func TestDecodeStepMonotonic(t *testing.T) {
	contexts := []int{512, 1024, 2048, 4096, 8192}
	for _, p := range Presets() {
		t.Run(p.Name, func(t *testing.T) {
			var prevBatch time.Duration
			for _, batch := range []int{1, 8, 32} {
				var prev time.Duration
				for _, ctx := range contexts {
					d := p.DecodeStep(batch, batch*ctx)
					if d < prev {
						t.Errorf("DecodeStep(%d, %d×%d) = %v < %v at a shorter context", batch, batch, ctx, d, prev)
					}
					prev = d
				}
				d := p.DecodeStep(batch, batch*1024)
				if d < prevBatch {
					t.Errorf("DecodeStep(%d) = %v < %v at a smaller batch", batch, d, prevBatch)
				}
				prevBatch = d
			}
			if one, many := p.DecodeStep(1, 1024), p.DecodeStep(32, 32*1024); many >= 32*one/2 {
				t.Errorf("DecodeStep(32) = %v, want well under 32 × %v", many, one)
			}
		})
	}
}

// TestPrefillTime checks that one token costs a whole step (the minimum per
// request), that prefill grows with the tokens computed and with the context
// they attend to, and that its marginal cost approaches PrefillPerToken.
func TestPrefillTime(t *testing.T) {
	for _, p := range Presets() {
		t.Run(p.Name, func(t *testing.T) {
			if one, step := p.PrefillTime(1, 0), p.DecodeStep(1, 0); one < step {
				t.Errorf("PrefillTime(1) = %v, want at least a step of one token, %v", one, step)
			}
			var prev time.Duration
			for _, n := range []int{1, 16, 256, 1024, 4096, 8192} {
				d := p.PrefillTime(n, 0)
				if d <= prev && n > 16 {
					t.Errorf("PrefillTime(%d) = %v, not more than %v", n, d, prev)
				}
				prev = d
			}
			if cold, warm := p.PrefillTime(512, 0), p.PrefillTime(512, 8192); warm <= cold {
				t.Errorf("PrefillTime(512) after 8k cached = %v, want more than %v cold (attention)", warm, cold)
			}
			marginal := (p.PrefillTime(2048, 0) - p.PrefillTime(1024, 0)) / 1024
			if ratio := float64(marginal) / float64(p.PrefillPerToken()); ratio < 0.9 || ratio > 1.5 {
				t.Errorf("marginal prefill cost %v is %.2f × PrefillPerToken %v", marginal, ratio, p.PrefillPerToken())
			}
		})
	}
}
