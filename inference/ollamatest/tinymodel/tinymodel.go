// Package tinymodel writes small, deterministic llama-architecture GGUF models that a stock
// Ollama server loads and runs, so that end-to-end tests exercise real inference without
// downloading weights.
//
// The weights are shaped, not trained: every token's embedding carries the code of a
// successor token and the output matrix reads that code back, so greedy decoding walks a
// fixed cycle of code-like tokens (see CycleText) instead of repeating one token. After the
// <|fim_middle|> token the model always starts at the beginning of the cycle. The same
// Config always yields the same bytes.
//
// The package imports only the standard library and ollama's fs/ggml; it must not import
// other lspilot packages.
package tinymodel

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ollama/ollama/fs/ggml"
)

// Config describes the shape of a generated model.
type Config struct {
	Name          string // general.name
	Dim           int    // embedding length; a power of two, at least len(Cycle)
	Layers        int    // transformer blocks
	Heads         int    // attention heads; must divide Dim
	KVHeads       int    // key/value heads; must divide Heads
	FFN           int    // feed-forward length
	ContextLength int    // llama.context_length
	Seed          uint64 // seeds every random weight
}

// Small is a model of about 0.5 M parameters (dim 128, 2 layers) for fast tests.
var Small = Config{
	Name: "lspilot-tiny-small", Dim: 128, Layers: 2, Heads: 4, KVHeads: 2,
	FFN: 384, ContextLength: 8192, Seed: 1,
}

// Large is a model of about 25 M parameters (dim 512, 8 layers) whose prefill takes long
// enough to measure prompt-cache reuse.
var Large = Config{
	Name: "lspilot-tiny-large", Dim: 512, Layers: 8, Heads: 8, KVHeads: 8,
	FFN: 1408, ContextLength: 8192, Seed: 2,
}

// ErrInvalidConfig reports a Config that cannot describe a model.
var ErrInvalidConfig = errors.New("invalid model config")

// Validate reports whether c describes a model that this package can write.
func (c Config) Validate() error {
	switch {
	case c.Dim < len(Cycle) || c.Dim&(c.Dim-1) != 0:
		return fmt.Errorf("%w: dim %d must be a power of two of at least %d", ErrInvalidConfig, c.Dim, len(Cycle))
	case c.Layers < 1 || c.FFN < 1 || c.ContextLength < 1:
		return fmt.Errorf("%w: layers, ffn and context length must be positive", ErrInvalidConfig)
	case c.Heads < 1 || c.Dim%c.Heads != 0:
		return fmt.Errorf("%w: %d heads do not divide dim %d", ErrInvalidConfig, c.Heads, c.Dim)
	case c.KVHeads < 1 || c.Heads%c.KVHeads != 0:
		return fmt.Errorf("%w: %d kv heads do not divide %d heads", ErrInvalidConfig, c.KVHeads, c.Heads)
	}
	return nil
}

// Params returns the number of weights in the model.
func (c Config) Params() int {
	hd := c.Dim / c.Heads
	attn := 2*c.Dim*c.Dim + 2*c.Dim*hd*c.KVHeads
	block := attn + 3*c.Dim*c.FFN + 2*c.Dim
	return c.Layers*block + 2*c.Dim*vocabSize() + c.Dim
}

// WriteFile writes the model for c to path, atomically.
func WriteFile(path string, c Config) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tinymodel-*")
	if err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeFile(tmp, c); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// Write writes the model for c to w. It stages the file on disk because the GGUF writer seeks.
func Write(w io.Writer, c Config) error {
	tmp, err := os.CreateTemp("", "tinymodel-*.gguf")
	if err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := writeFile(tmp, c); err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if _, err := io.Copy(w, tmp); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

func writeFile(f *os.File, c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := ggml.WriteGGUF(f, metadata(c), tensors(c)); err != nil {
		return fmt.Errorf("write gguf: %w", err)
	}
	return nil
}
