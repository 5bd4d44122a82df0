package tinymodel

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ollama/ollama/fs/ggml"
)

// GGUF tensor kinds.
const (
	kindF32 = 0
	kindF16 = 1
)

const (
	embedNoise = 0.05 // per-element noise on top of each embedding's successor code
	outputGain = 20   // logit of the successor; every other token sits near 0
	layerScale = 0.1  // rough RMS that each attention or feed-forward block adds to the residual
)

// metadata returns the GGUF key-values of the model for c.
func metadata(c Config) ggml.KV {
	v := sharedVocab()
	scores := make([]float32, len(v.tokens))
	for i := range scores {
		scores[i] = -float32(i)
	}
	eot := int32(v.id(EndOfText))
	return ggml.KV{
		"general.architecture":                   "llama",
		"general.name":                           c.Name,
		"general.file_type":                      uint32(1), // mostly F16
		"llama.vocab_size":                       uint32(len(v.tokens)),
		"llama.context_length":                   uint32(c.ContextLength),
		"llama.embedding_length":                 uint32(c.Dim),
		"llama.block_count":                      uint32(c.Layers),
		"llama.feed_forward_length":              uint32(c.FFN),
		"llama.attention.head_count":             uint32(c.Heads),
		"llama.attention.head_count_kv":          uint32(c.KVHeads),
		"llama.attention.key_length":             uint32(c.Dim / c.Heads),
		"llama.attention.value_length":           uint32(c.Dim / c.Heads),
		"llama.attention.layer_norm_rms_epsilon": float32(1e-5),
		"llama.rope.dimension_count":             uint32(c.Dim / c.Heads),
		"llama.rope.freq_base":                   float32(10000),
		"tokenizer.ggml.model":                   "gpt2",
		"tokenizer.ggml.pre":                     "default",
		"tokenizer.ggml.tokens":                  v.tokens,
		"tokenizer.ggml.token_type":              v.types,
		"tokenizer.ggml.scores":                  scores,
		"tokenizer.ggml.merges":                  v.merges,
		"tokenizer.ggml.bos_token_id":            uint32(eot),
		"tokenizer.ggml.eos_token_id":            uint32(eot),
		"tokenizer.ggml.add_bos_token":           false,
		"tokenizer.ggml.add_eos_token":           false,
	}
}

// tensors returns every weight of the model for c. Shapes list the input dimension first,
// so a matrix of shape [in, out] holds out rows of in values.
func tensors(c Config) []*ggml.Tensor {
	rng := rand.New(rand.NewPCG(c.Seed, 0x6c7370696c6f74)) // "lspilot"
	v := sharedVocab()
	codes := successorCodes(c.Dim, rng)
	next := successors(v, rng)
	n := len(v.tokens)

	embd := make([]float32, n*c.Dim)
	out := make([]float32, n*c.Dim)
	for t := range n {
		row := embd[t*c.Dim : (t+1)*c.Dim]
		for i := range row {
			row[i] = codes[next[t]][i] + embedNoise*float32(rng.NormFloat64())
		}
	}
	for pos, tok := range Cycle {
		row := out[v.id(tok)*c.Dim:]
		for i := range c.Dim {
			row[i] = outputGain / float32(c.Dim) * codes[pos][i]
		}
	}

	kv := c.Dim / c.Heads * c.KVHeads
	s := float32(math.Sqrt(layerScale / float64(c.Dim)))
	sf := float32(math.Sqrt(layerScale / float64(c.FFN)))
	ts := []*ggml.Tensor{
		f16("token_embd.weight", embd, c.Dim, n),
		f16("output.weight", out, c.Dim, n),
		f32("output_norm.weight", ones(c.Dim), c.Dim),
	}
	for b := range c.Layers {
		p := fmt.Sprintf("blk.%d.", b)
		ts = append(ts,
			f32(p+"attn_norm.weight", ones(c.Dim), c.Dim),
			f16(p+"attn_q.weight", normal(rng, c.Dim*c.Dim, s), c.Dim, c.Dim),
			f16(p+"attn_k.weight", normal(rng, c.Dim*kv, s), c.Dim, kv),
			f16(p+"attn_v.weight", normal(rng, c.Dim*kv, s), c.Dim, kv),
			f16(p+"attn_output.weight", normal(rng, c.Dim*c.Dim, s), c.Dim, c.Dim),
			f32(p+"ffn_norm.weight", ones(c.Dim), c.Dim),
			f16(p+"ffn_gate.weight", normal(rng, c.Dim*c.FFN, s), c.Dim, c.FFN),
			f16(p+"ffn_up.weight", normal(rng, c.Dim*c.FFN, s), c.Dim, c.FFN),
			f16(p+"ffn_down.weight", normal(rng, c.FFN*c.Dim, sf), c.FFN, c.Dim),
		)
	}
	return ts
}

// successorCodes returns one orthogonal ±1 code per Cycle position: rows of a Sylvester
// Hadamard matrix of order dim, with columns flipped at random and rows chosen at random.
func successorCodes(dim int, rng *rand.Rand) [][]float32 {
	signs := make([]float32, dim)
	for i := range signs {
		signs[i] = float32(1 - 2*rng.IntN(2))
	}
	rows := rng.Perm(dim)
	codes := make([][]float32, len(Cycle))
	for p := range codes {
		codes[p] = make([]float32, dim)
		for i := range dim {
			parity := popcount(uint(rows[p]) & uint(i))
			codes[p][i] = signs[i] * float32(1-2*(parity&1))
		}
	}
	return codes
}

// successors maps each token id to the Cycle position of the token that follows it: the
// next position for Cycle tokens, the start after <|fim_middle|>, a random one otherwise.
func successors(v *vocab, rng *rand.Rand) []int {
	next := make([]int, len(v.tokens))
	for t := range next {
		next[t] = rng.IntN(len(Cycle))
	}
	for pos, tok := range Cycle {
		next[v.id(tok)] = (pos + 1) % len(Cycle)
	}
	next[v.id(FIMMiddle)] = 0
	return next
}

func popcount(x uint) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func ones(n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

func normal(rng *rand.Rand, n int, std float32) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = std * float32(rng.NormFloat64())
	}
	return s
}
