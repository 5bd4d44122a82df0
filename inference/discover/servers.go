package discover

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ollama/ollama/api"
)

// maxShown bounds the models described through /api/show; a server with
// more is ranked on the names and families of the rest.
const maxShown = 32

// ollamaModels lists Ollama's models (/api/tags) and reads each one's
// template and capabilities (/api/show), a few at a time.
func ollamaModels(ctx context.Context, hc *http.Client, base string) ([]Model, error) {
	var tags struct {
		Models *[]api.ListModelResponse `json:"models"`
	}
	if err := getJSON(ctx, hc, base+"/api/tags", &tags); err != nil {
		return nil, err
	}
	if tags.Models == nil {
		return nil, ErrNotTheServer
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	client := api.NewClient(u, hc)
	models := make([]Model, len(*tags.Models))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, t := range *tags.Models {
		// Ollama treats "name" and "name:latest" alike; users type the first.
		name := strings.TrimSuffix(t.Name, ":latest")
		models[i] = Model{Name: name, Family: t.Details.Family, ParameterSize: t.Details.ParameterSize}
		if i >= maxShown {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			show, err := client.Show(ctx, &api.ShowRequest{Model: name})
			if err != nil {
				return // ranked on its name and family
			}
			models[i].Template = show.Template
			for _, c := range show.Capabilities {
				models[i].Capabilities = append(models[i].Capabilities, string(c))
			}
		})
	}
	wg.Wait()
	return models, nil
}

// llamaServerModels reads the one model llama-server serves from /props:
// its --alias, else the model file's name.
func llamaServerModels(ctx context.Context, hc *http.Client, base string) ([]Model, error) {
	var props struct {
		Settings   json.RawMessage `json:"default_generation_settings"`
		ModelPath  string          `json:"model_path"`
		ModelAlias string          `json:"model_alias"`
	}
	if err := getJSON(ctx, hc, base+"/props", &props); err != nil {
		return nil, err
	}
	if props.Settings == nil {
		return nil, ErrNotTheServer
	}
	name := props.ModelAlias
	if name == "" || name == props.ModelPath {
		name = strings.TrimSuffix(filepath.Base(props.ModelPath), ".gguf")
	}
	if name == "" || name == "." {
		return nil, nil
	}
	return []Model{{Name: name}}, nil
}

// openAIModels lists the model ids of /v1/models; base may end in /v1.
func openAIModels(ctx context.Context, hc *http.Client, base string) ([]Model, error) {
	var list struct {
		Data *[]struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	base = strings.TrimSuffix(strings.TrimSuffix(base, "/"), "/v1")
	if err := getJSON(ctx, hc, base+"/v1/models", &list); err != nil {
		return nil, err
	}
	if list.Data == nil {
		return nil, ErrNotTheServer
	}
	models := make([]Model, len(*list.Data))
	for i, m := range *list.Data {
		models[i] = Model{Name: m.ID}
	}
	return models, nil
}

// getJSON decodes the JSON object at url into v; any other answer is
// ErrNotTheServer.
func getJSON(ctx context.Context, hc *http.Client, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, v) != nil {
		return fmt.Errorf("%w (HTTP %d from %s)", ErrNotTheServer, resp.StatusCode, url)
	}
	return nil
}
