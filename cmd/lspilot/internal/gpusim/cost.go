package gpusim

import (
	"math"
	"time"
)

// Step is the work of one scheduler step: one decode token for each of
// Decode sequences, whose contexts add up to Context tokens, and Prefill
// prompt tokens computed after PrefillContext tokens already in their
// sequences' KV cache.
type Step struct {
	Decode  int
	Context int
	Prefill int
	// PrefillContext is the number of cached tokens the prefill chunk
	// attends to besides itself; for several chunks, their sum.
	PrefillContext int
	// prefillPairs, when set, replaces the attention pairs derived from
	// Prefill and PrefillContext (several chunks in one step).
	prefillPairs float64
}

// WeightBytes is the size of the weights.
func (p Preset) WeightBytes() float64 { return p.Params * p.WeightBytesPerParam }

// KVBytesPerToken is the KV cache one token takes: a key and a value of
// KVHeads × HeadDim elements in every layer.
func (p Preset) KVBytesPerToken() float64 {
	return float64(p.Layers*p.KVHeads*p.HeadDim*2) * p.KVBytesPerElem
}

// KVCapacityTokens is the number of tokens a replica's KV cache holds: the
// memory the engine takes, less weights and activations, or KVTokens when
// set.
func (p Preset) KVCapacityTokens() int {
	if p.KVTokens > 0 {
		return p.KVTokens
	}
	free := p.MemoryBytes*p.MemoryUtilization - p.WeightBytes() - p.ReservedBytes
	if free <= 0 {
		return 0
	}
	return int(free / p.KVBytesPerToken())
}

// StepTime is the duration of one step on the roofline: the step reads the
// weights once and the KV cache of every sequence in it, and computes two
// FLOPs per parameter per token plus attention; it takes the longer of its
// memory and compute times, plus the fixed overhead.
func (p Preset) StepTime(s Step) time.Duration {
	tokens := s.Decode + s.Prefill
	if tokens == 0 {
		return 0
	}
	bw := p.Bandwidth * p.BandwidthEfficiency
	flops := p.FLOPS * p.ComputeEfficiency
	kvRead := float64(s.Context+s.PrefillContext+s.Prefill) * p.KVBytesPerToken()
	memory := (p.WeightBytes() + kvRead) / bw
	pairs := s.prefillPairs
	if pairs == 0 {
		pairs = prefillPairs(s.PrefillContext, s.Prefill)
	}
	pairs += float64(s.Context)
	// Attention is 4 FLOPs per (query, key) pair per head dimension: QKᵀ and
	// the weighted sum of V, each a multiply-add.
	attention := 4 * float64(p.Layers*p.QHeads*p.HeadDim) * pairs
	compute := (2*p.Params*float64(tokens) + attention) / flops
	return p.StepOverhead + seconds(math.Max(memory, compute))
}

// DecodeStep is the duration of a step that decodes one token for each of
// batch sequences whose contexts add up to contextTokens.
func (p Preset) DecodeStep(batch, contextTokens int) time.Duration {
	return p.StepTime(Step{Decode: batch, Context: contextTokens})
}

// PrefillTime is the duration of computing tokens prompt tokens after cached
// tokens already in the KV cache, alone and in steps of ChunkTokens. Even one
// token costs a whole step, which reads all the weights: that is the minimum
// per request.
func (p Preset) PrefillTime(tokens, cached int) time.Duration {
	var d time.Duration
	chunk := max(p.ChunkTokens, 1)
	for tokens > 0 {
		n := min(tokens, chunk)
		d += p.StepTime(Step{Prefill: n, PrefillContext: cached})
		tokens -= n
		cached += n
	}
	return d
}

// PrefillPerToken is the marginal cost of one more prompt token in a large
// prefill, where the step is compute-bound: 2 × Params FLOPs at the achieved
// FLOP rate, attention aside.
func (p Preset) PrefillPerToken() time.Duration {
	return seconds(2 * p.Params / (p.FLOPS * p.ComputeEfficiency))
}

// prefillPairs counts the (query, key) pairs of n prompt tokens computed
// after ctx cached ones: token i attends to ctx + i + 1 keys.
func prefillPairs(ctx, n int) float64 {
	return float64(n)*float64(ctx) + float64(n)*float64(n+1)/2
}

func seconds(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}
