package ollamatest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// Names of the models that Start creates.
const (
	FIMModel   = "lspilot-fim"
	NoFIMModel = "lspilot-nofim"
	LargeModel = "lspilot-large"
)

// FIMTemplate is the prompt template of FIMModel and LargeModel: a request with a suffix is
// laid out prefix-suffix-middle with the tinymodel FIM tokens.
const FIMTemplate = `{{ if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ else }}{{ .Prompt }}{{ end }}`

// PlainTemplate is the prompt template of NoFIMModel. It does not use .Suffix, so Ollama
// refuses requests with a suffix.
const PlainTemplate = `{{ .Prompt }}`

type modelSpec struct {
	name     string
	config   tinymodel.Config
	template string
}

// createModels writes the GGUF files, uploads each once as a blob and creates the models.
func (s *Server) createModels(ctx context.Context, o options) error {
	specs := []modelSpec{
		{FIMModel, tinymodel.Small, FIMTemplate},
		{NoFIMModel, tinymodel.Small, PlainTemplate},
	}
	if !o.skipLarge {
		specs = append(specs, modelSpec{LargeModel, tinymodel.Large, FIMTemplate})
	}
	digests := map[string]string{} // by config name
	for _, m := range specs {
		digest, ok := digests[m.config.Name]
		if !ok {
			var err error
			if digest, err = s.uploadModel(ctx, m.config); err != nil {
				return err
			}
			digests[m.config.Name] = digest
		}
		req := &api.CreateRequest{
			Model:    m.name,
			Files:    map[string]string{m.config.Name + ".gguf": digest},
			Template: m.template,
		}
		if err := s.Client.Create(ctx, req, func(api.ProgressResponse) error { return nil }); err != nil {
			return fmt.Errorf("create model %s: %w", m.name, err)
		}
	}
	s.FIMModel, s.NoFIMModel = FIMModel, NoFIMModel
	if !o.skipLarge {
		s.LargeModel = LargeModel
	}
	return nil
}

// uploadModel writes the model for c and uploads it as a blob, returning its digest.
func (s *Server) uploadModel(ctx context.Context, c tinymodel.Config) (string, error) {
	path := filepath.Join(s.dir, "files", c.Name+".gguf")
	if err := tinymodel.WriteFile(path, c); err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("upload model: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("upload model: %w", err)
	}
	digest := fmt.Sprintf("sha256:%x", h.Sum(nil))
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("upload model: %w", err)
	}
	if err := s.Client.CreateBlob(ctx, digest, f); err != nil {
		return "", fmt.Errorf("upload model %s: %w", c.Name, err)
	}
	os.Remove(path) // the server holds its own copy
	return digest, nil
}
