package gpusim

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Preset describes one replica: the model's shape, the hardware it runs on,
// how well a serving engine uses that hardware, and the scheduler's limits.
// The cost functions in cost.go derive step times from these figures.
//
// No GPU was available to measure where this package was written, so the
// presets are derived from published figures, cited next to each value:
// vendor specifications for the hardware, the models' published
// configurations for their shapes, and published serving benchmarks for the
// fractions of peak that engines achieve.
type Preset struct {
	// Name identifies the preset on the command line.
	Name string
	// Description says what the preset stands for, in a line.
	Description string
	// Model is the model name the server answers to by default.
	Model string
	// Family is the model architecture, as Ollama reports it.
	Family string

	// Params is the number of parameters.
	Params float64
	// Layers, QHeads, KVHeads and HeadDim are the attention shape (grouped
	// query attention: KVHeads ≤ QHeads).
	Layers, QHeads, KVHeads, HeadDim int
	// WeightBytesPerParam is the storage of one weight: 2 for bf16, 1.0625
	// for llama.cpp's Q8_0.
	WeightBytesPerParam float64
	// KVBytesPerElem is the storage of one cached key or value element.
	KVBytesPerElem float64
	// ContextLength is the longest sequence the model takes, in tokens.
	ContextLength int

	// MemoryBytes is the accelerator's memory.
	MemoryBytes float64
	// MemoryUtilization is the fraction of MemoryBytes the engine takes for
	// weights, activations and KV cache (vLLM's gpu_memory_utilization).
	MemoryUtilization float64
	// ReservedBytes is what activations and graphs take besides the weights.
	ReservedBytes float64
	// KVTokens, when positive, fixes the KV capacity in tokens instead of
	// deriving it from memory, as llama.cpp's -c does.
	KVTokens int
	// Bandwidth is the peak memory bandwidth in bytes per second.
	Bandwidth float64
	// FLOPS is the peak dense matrix throughput in the weights' precision.
	FLOPS float64
	// BandwidthEfficiency and ComputeEfficiency are the fractions of the
	// peaks that the engine achieves.
	BandwidthEfficiency, ComputeEfficiency float64
	// StepOverhead is the fixed cost of one scheduler step: scheduling,
	// kernel launches, sampling and detokenizing.
	StepOverhead time.Duration

	// Slots is the number of sequences a replica runs at once (vLLM
	// max_num_seqs, llama-server --parallel).
	Slots int
	// MaxBatch bounds the sequences decoded in one step.
	MaxBatch int
	// ChunkTokens is the token budget of one step, shared by decode tokens
	// and prefill chunks (vLLM max_num_batched_tokens, llama.cpp n_batch).
	ChunkTokens int
}

// H100 SXM5 80 GB, from NVIDIA's H100 datasheet
// (https://www.nvidia.com/en-us/data-center/h100/; the figures are restated
// at https://glennklockwood.com/garden/processors/h100): 3.35 TB/s of HBM3
// and 989.4 TFLOP/s dense bf16 (1979 with 2:4 sparsity).
const (
	h100Memory    = 80e9
	h100Bandwidth = 3.35e12
	h100FLOPS     = 989.4e12
)

// Achieved fractions of peak on data-centre GPUs:
//   - bandwidth 0.80: "vLLM throughput-latency sweep on NVIDIA A100"
//     (https://johnmusgrave.com/p/vllm-throughput-latency-sweep-on) measures
//     single-request decode of Llama-3.1-8B at about 77% of the memory
//     roofline;
//   - compute 0.5: a vLLM case of Llama 4 Scout on 8×H100 reports 48% compute
//     utilisation with 26,000 prefill tokens/s
//     (https://evokernel-specs.pages.dev/en/cases/case-llama4-scout-h100x8-vllm-001/),
//     and "Chunked Prefill: Why max_num_batched_tokens=512 Kills Throughput"
//     (https://dev.to/ji_ai/chunked-prefill-why-maxnumbatchedtokens512-kills-throughput-34mb)
//     puts the practical compute/memory crossover on an H100 at 1–2k tokens
//     per step, twice to four times the theoretical ~300;
//   - step overhead 1 ms: "vLLM v0.6.0: 2.7x Throughput Improvement and 5x
//     Latency Reduction" (https://blog.vllm.ai/2024/09/05/perf-update.html)
//     shows CPU-side scheduling and output processing dominating small-model
//     steps before v0.6 and hidden mostly by async processing after it.
//
// Engine limits follow vLLM's defaults (https://docs.vllm.ai/en/stable/configuration/optimization/):
// gpu_memory_utilization 0.9, max_num_seqs 256, and max_num_batched_tokens
// 8192, the budget its guides give for interactive serving.
const (
	gpuBandwidthEff = 0.80
	gpuComputeEff   = 0.50
	gpuOverhead     = time.Millisecond
)

var presets = []Preset{
	{
		// Qwen2.5-Coder-7B (https://huggingface.co/Qwen/Qwen2.5-Coder-7B,
		// config.json): 7.61 B parameters, 28 layers, 28 query heads and 4
		// KV heads of dimension 128, 32,768-token context, bf16.
		Name: "h100-7b", Description: "Qwen2.5-Coder-7B in bf16 on one H100 SXM, served like vLLM",
		Model: "qwen2.5-coder:7b-base", Family: "qwen2",
		Params: 7.61e9, Layers: 28, QHeads: 28, KVHeads: 4, HeadDim: 128,
		WeightBytesPerParam: 2, KVBytesPerElem: 2, ContextLength: 32768,
		MemoryBytes: h100Memory, MemoryUtilization: 0.9, ReservedBytes: 2e9,
		Bandwidth: h100Bandwidth, FLOPS: h100FLOPS,
		BandwidthEfficiency: gpuBandwidthEff, ComputeEfficiency: gpuComputeEff, StepOverhead: gpuOverhead,
		Slots: 256, MaxBatch: 256, ChunkTokens: 8192,
	},
	{
		// Qwen2.5-Coder-1.5B (https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B):
		// 1.54 B parameters, 28 layers, 12 query heads and 2 KV heads of
		// dimension 128. Small matrices use the tensor cores less well, so
		// the compute fraction is lower than the 7B's.
		Name: "h100-1.5b", Description: "Qwen2.5-Coder-1.5B in bf16 on one H100 SXM, served like vLLM",
		Model: "qwen2.5-coder:1.5b-base", Family: "qwen2",
		Params: 1.54e9, Layers: 28, QHeads: 12, KVHeads: 2, HeadDim: 128,
		WeightBytesPerParam: 2, KVBytesPerElem: 2, ContextLength: 32768,
		MemoryBytes: h100Memory, MemoryUtilization: 0.9, ReservedBytes: 2e9,
		Bandwidth: h100Bandwidth, FLOPS: h100FLOPS,
		BandwidthEfficiency: gpuBandwidthEff, ComputeEfficiency: 0.40, StepOverhead: gpuOverhead,
		Slots: 256, MaxBatch: 256, ChunkTokens: 8192,
	},
	{
		// Qwen2.5-Coder-0.5B (https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B):
		// 0.49 B parameters, 24 layers, 14 query heads and 2 KV heads of
		// dimension 64, in llama.cpp's Q8_0 (8.5 bits a weight) with an f16
		// KV cache of -c 32768 and one slot, on a four-core desktop CPU. In
		// llama.cpp's "benchmarks?" thread
		// (https://github.com/ggml-org/llama.cpp/issues/34) an i5-6500 with
		// 20 GB/s of memory bandwidth evaluates a 7B q4 prompt at 72 ms a
		// token (about 194 GFLOP/s, 47% of its 410 GFLOP/s AVX2 peak) and
		// generates at 254 ms a token (about 77% of its bandwidth).
		Name: "cpu-tiny", Description: "Qwen2.5-Coder-0.5B in Q8_0 on a four-core desktop CPU, served like llama.cpp",
		Model: "qwen2.5-coder:0.5b-base", Family: "qwen2",
		Params: 0.49e9, Layers: 24, QHeads: 14, KVHeads: 2, HeadDim: 64,
		WeightBytesPerParam: 1.0625, KVBytesPerElem: 2, ContextLength: 32768,
		MemoryBytes: 16e9, MemoryUtilization: 1, KVTokens: 32768,
		Bandwidth: 20e9, FLOPS: 410e9,
		BandwidthEfficiency: 0.77, ComputeEfficiency: 0.47, StepOverhead: 500 * time.Microsecond,
		Slots: 1, MaxBatch: 1, ChunkTokens: 2048,
	},
}

// Presets returns the built-in presets.
func Presets() []Preset {
	return append([]Preset(nil), presets...)
}

// ErrUnknownPreset reports a preset name that PresetByName does not know.
var ErrUnknownPreset = errors.New("unknown preset")

// PresetByName returns the preset called name. The error wraps
// ErrUnknownPreset and lists the valid names.
func PresetByName(name string) (Preset, error) {
	names := make([]string, len(presets))
	for i, p := range presets {
		if p.Name == name {
			return p, nil
		}
		names[i] = p.Name
	}
	return Preset{}, fmt.Errorf("%w %q: valid presets are %s", ErrUnknownPreset, name, strings.Join(names, ", "))
}
