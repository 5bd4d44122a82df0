package complete

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/prompt"
)

// retryAfter is how long a failed model inspection is remembered, so that a
// backend that is down is not asked again at every keystroke.
const retryAfter = 5 * time.Second

// templateCache resolves the prompt template once per engine, from the
// configured setting and what the backend says about its model.
type templateCache struct {
	backend inference.Backend
	cfg     Config

	mu        sync.Mutex
	tmpl      *prompt.Template // guarded by mu
	detection prompt.Detection // guarded by mu
	err       error            // guarded by mu; the last failure
	failedAt  time.Time        // guarded by mu
}

func newTemplateCache(b inference.Backend, cfg Config) *templateCache {
	return &templateCache{backend: b, cfg: cfg}
}

// get returns the template, resolving it on first use.
func (c *templateCache) get(ctx context.Context) (prompt.Template, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tmpl != nil {
		return *c.tmpl, nil
	}
	if c.err != nil && time.Since(c.failedAt) < retryAfter {
		return prompt.Template{}, c.err
	}
	hints, err := c.hints(ctx)
	if err != nil {
		c.err, c.failedAt = err, time.Now()
		return prompt.Template{}, err
	}
	tmpl, det, err := prompt.Resolve(c.cfg.Template, nil, hints)
	if err != nil {
		c.err, c.failedAt = fmt.Errorf("fim.template: %w", err), time.Now()
		return prompt.Template{}, c.err
	}
	c.tmpl, c.detection, c.err = &tmpl, det, nil
	return tmpl, nil
}

// hints asks the backend about its model when it can tell.
func (c *templateCache) hints(ctx context.Context) (prompt.Hints, error) {
	h := prompt.Hints{Name: c.cfg.Model}
	insp, ok := c.backend.(inference.ModelInspector)
	if !ok {
		return h, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	info, err := insp.ModelInfo(ctx, c.cfg.Model)
	if err != nil {
		return h, fmt.Errorf("inspect model: %w", err)
	}
	h.Family = info.Family
	if info.Name != "" {
		h.Name = info.Name
	}
	if c.backend.Kind() == inference.KindOllama {
		h.OllamaTemplate = info.Template
	} else {
		h.ChatTemplate = info.Template
	}
	return h, nil
}

// Detection reports how the template was chosen, once it has been.
func (e *Engine) Detection() (prompt.Detection, bool) {
	e.tmpl.mu.Lock()
	defer e.tmpl.mu.Unlock()
	return e.tmpl.detection, e.tmpl.tmpl != nil
}
