package gpusim

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ollamaDetails is the "details" object Ollama reports for a model.
func (a *api) ollamaDetails() map[string]any {
	p := a.srv.cfg.Preset
	quant := "BF16"
	if p.WeightBytesPerParam < 2 {
		quant = "Q8_0"
	}
	return map[string]any{
		"parent_model": "", "format": "gguf", "family": p.Family, "families": []string{p.Family},
		"parameter_size": fmt.Sprintf("%.1fB", p.Params/1e9), "quantization_level": quant,
	}
}

func (a *api) ollamaShow(w http.ResponseWriter, r *http.Request) {
	var q struct {
		Model string `json:"model"`
		Name  string `json:"name"`
	}
	if err := decode(r, &q); err != nil {
		ollamaError(w, http.StatusBadRequest, err.Error())
		return
	}
	name := q.Model
	if name == "" {
		name = q.Name
	}
	if !a.srv.knows(name) {
		ollamaError(w, http.StatusNotFound, "model '"+name+"' not found")
		return
	}
	p := a.srv.cfg.Preset
	arch := p.Family
	writeJSON(w, http.StatusOK, map[string]any{
		"modelfile":  "FROM " + a.srv.cfg.Model + "\nTEMPLATE \"\"\"" + fimTemplate + "\"\"\"\n",
		"parameters": "",
		"template":   fimTemplate,
		"details":    a.ollamaDetails(),
		"model_info": map[string]any{
			"general.architecture":            arch,
			"general.parameter_count":         int64(p.Params),
			arch + ".context_length":          p.ContextLength,
			arch + ".block_count":             p.Layers,
			arch + ".attention.head_count":    p.QHeads,
			arch + ".attention.head_count_kv": p.KVHeads,
		},
		"capabilities": []string{"completion", "insert"},
		"modified_at":  time.Unix(0, 0).UTC(),
	})
}

func (a *api) ollamaVersion(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"version": ollamaVersionString})
}

// ollamaModel is a model entry of /api/ps and /api/tags.
func (a *api) ollamaModel() map[string]any {
	p := a.srv.cfg.Preset
	name := a.srv.cfg.Model
	if !strings.Contains(name, ":") {
		name += ":latest"
	}
	return map[string]any{
		"name": name, "model": name, "size": int64(p.WeightBytes()), "digest": fmt.Sprintf("%064x", pieceID(name)),
		"details": a.ollamaDetails(), "modified_at": time.Unix(0, 0).UTC(),
	}
}

// ollamaPS lists the model as loaded for good, with the context length of
// one slot.
func (a *api) ollamaPS(w http.ResponseWriter, _ *http.Request) {
	m := a.ollamaModel()
	m["size_vram"] = m["size"]
	m["context_length"] = a.srv.cfg.Preset.ContextLength
	m["expires_at"] = a.srv.cfg.Clock.Now().Add(24 * time.Hour).UTC()
	writeJSON(w, http.StatusOK, map[string]any{"models": []any{m}})
}

func (a *api) ollamaTags(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"models": []any{a.ollamaModel()}})
}
