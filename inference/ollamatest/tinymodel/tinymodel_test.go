package tinymodel

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ollama/ollama/fs/ggml"
)

func TestWriteDeterministic(t *testing.T) {
	hash := func(c Config) [32]byte {
		var buf bytes.Buffer
		if err := Write(&buf, c); err != nil {
			t.Fatalf("Write: %v", err)
		}
		return sha256.Sum256(buf.Bytes())
	}
	first, second := hash(Small), hash(Small)
	if first != second {
		t.Errorf("two writes of Small differ: %x != %x", first, second)
	}
	reseeded := Small
	reseeded.Seed++
	if hash(reseeded) == first {
		t.Errorf("a different seed wrote the same bytes")
	}
}

func TestWriteFileDecodes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.gguf")
	if err := WriteFile(path, Small); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := ggml.Decode(f, -1)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	kv := g.KV()
	type summary struct {
		Arch, Tokenizer       string
		Blocks, Embed, Ctx    uint64
		Tokens, Types, Merges int
		Tensors               int
		Elements              uint64
		EmbdShape, QShape     []uint64
	}
	var elements uint64
	shapes := map[string][]uint64{}
	for _, tn := range g.Tensors().Items() {
		elements += tn.Elements()
		shapes[tn.Name] = tn.Shape
	}
	v := sharedVocab()
	got := summary{
		Arch: kv.Architecture(), Tokenizer: kv.String("tokenizer.ggml.model"),
		Blocks: kv.BlockCount(), Embed: kv.EmbeddingLength(), Ctx: kv.ContextLength(),
		Tokens: len(kv.Strings("tokenizer.ggml.tokens")), Types: len(kv.Ints("tokenizer.ggml.token_type")),
		Merges: len(kv.Strings("tokenizer.ggml.merges")), Tensors: len(g.Tensors().Items()),
		Elements: elements, EmbdShape: shapes["token_embd.weight"], QShape: shapes["blk.1.attn_q.weight"],
	}
	want := summary{
		Arch: "llama", Tokenizer: "gpt2", Blocks: 2, Embed: 128, Ctx: 8192,
		Tokens: len(v.tokens), Types: len(v.tokens), Merges: len(v.merges), Tensors: 3 + 9*2,
		Elements: uint64(Small.Params()), EmbdShape: []uint64{128, uint64(len(v.tokens))}, QShape: []uint64{128, 128},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded model (-want +got):\n%s", diff)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		give func(*Config)
		want error
	}{
		{name: "small", give: func(*Config) {}},
		{name: "dim not power of two", give: func(c *Config) { c.Dim = 96 }, want: ErrInvalidConfig},
		{name: "dim below cycle", give: func(c *Config) { c.Dim = 16 }, want: ErrInvalidConfig},
		{name: "heads do not divide", give: func(c *Config) { c.Heads = 3 }, want: ErrInvalidConfig},
		{name: "kv heads do not divide", give: func(c *Config) { c.KVHeads = 3 }, want: ErrInvalidConfig},
		{name: "no layers", give: func(c *Config) { c.Layers = 0 }, want: ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Small
			tt.give(&c)
			if err := c.Validate(); !errors.Is(err, tt.want) {
				t.Errorf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParams(t *testing.T) {
	tests := []struct {
		give     Config
		min, max int
	}{
		{give: Small, min: 400_000, max: 600_000},
		{give: Large, min: 24_000_000, max: 27_000_000},
	}
	for _, tt := range tests {
		if got := tt.give.Params(); got < tt.min || got > tt.max {
			t.Errorf("%s: Params() = %d, want in [%d, %d]", tt.give.Name, got, tt.min, tt.max)
		}
	}
}
