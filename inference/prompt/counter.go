package prompt

import (
	"math"
	"sync"
)

// Counter counts the tokens a model would see for a piece of text.
type Counter interface {
	// Count returns the number of tokens of s; it must be cheap, since
	// context assembly calls it on every keystroke.
	Count(s string) int
}

// DefaultBytesPerToken is the fallback ratio for source code: BPE tokenizers
// of current code models (Qwen2.5-Coder, StarCoder2, DeepSeek-Coder) average
// about 3 to 4 bytes of code per token.
const DefaultBytesPerToken = 3.5

// Estimate counts tokens as bytes divided by a fixed ratio.
type Estimate struct {
	// BytesPerToken is the ratio; zero means DefaultBytesPerToken.
	BytesPerToken float64
}

// Count implements Counter.
func (e Estimate) Count(s string) int {
	return estimate(len(s), e.BytesPerToken)
}

func estimate(n int, ratio float64) int {
	if n == 0 {
		return 0
	}
	if ratio <= 0 {
		ratio = DefaultBytesPerToken
	}
	return int(math.Ceil(float64(n) / ratio))
}

// Calibrated is a Counter that learns the bytes-per-token ratio of the model
// in use from what backends report (for example Ollama's prompt_eval_count,
// which counts the whole prompt even when its KV cache was reused, or
// llama.cpp's timings.prompt_n). It is safe for concurrent use.
//
// Count uses the learned ratio only once it has moved by more than
// ratioSlack from the ratio in use: windows are sized by counts, and a ratio
// that changed with every observation would move window boundaries and so
// change prompts that could have stayed byte-identical.
type Calibrated struct {
	mu    sync.Mutex
	ratio float64 // learned ratio; guarded by mu
	inUse float64 // ratio Count uses; guarded by mu
	seen  int     // observations so far; guarded by mu
}

// Calibration bounds: code tokenizers stay within these ratios, and one
// odd observation (a prompt of mostly control tokens) must not move the
// estimate far.
const (
	minRatio    = 1.0
	maxRatio    = 8.0
	calibWeight = 0.2
	ratioSlack  = 0.05 // relative
)

// NewCalibrated returns a Calibrated counter starting at the given ratio
// (zero means DefaultBytesPerToken).
func NewCalibrated(bytesPerToken float64) *Calibrated {
	if bytesPerToken <= 0 {
		bytesPerToken = DefaultBytesPerToken
	}
	return &Calibrated{ratio: bytesPerToken, inUse: bytesPerToken}
}

// Count implements Counter.
func (c *Calibrated) Count(s string) int {
	return estimate(len(s), c.Ratio())
}

// Ratio returns the bytes-per-token ratio Count uses.
func (c *Calibrated) Ratio() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inUse
}

// Observe records that a prompt of promptBytes bytes was counted as
// promptTokens tokens by the backend. The first observation replaces the
// starting ratio; later ones move it by an exponential moving average.
// Prompts too small to say much (under 64 bytes or 16 tokens) are ignored.
func (c *Calibrated) Observe(promptBytes, promptTokens int) {
	if promptBytes < 64 || promptTokens < 16 {
		return
	}
	r := min(max(float64(promptBytes)/float64(promptTokens), minRatio), maxRatio)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == 0 {
		c.ratio = r
	} else {
		c.ratio += calibWeight * (r - c.ratio)
	}
	c.seen++
	if c.seen == 1 || math.Abs(c.ratio-c.inUse) > ratioSlack*c.inUse {
		c.inUse = c.ratio
	}
}
