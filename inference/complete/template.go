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

// templateCache resolves the prompt template of each backend once, from the
// configured setting and what the backend says about its model.
type templateCache struct {
	cfg Config

	mu      sync.Mutex
	entries map[string]*templateEntry // guarded by mu; by backend name
}

type templateEntry struct {
	tmpl      *prompt.Template
	detection prompt.Detection
	err       error // the last failure
	failedAt  time.Time
}

func newTemplateCache(cfg Config) *templateCache {
	return &templateCache{cfg: cfg, entries: make(map[string]*templateEntry)}
}

// get returns b's template, resolving it on first use.
func (c *templateCache) get(ctx context.Context, b inference.Backend) (prompt.Template, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	en, ok := c.entries[b.Name()]
	if !ok {
		en = &templateEntry{}
		c.entries[b.Name()] = en
	}
	if en.tmpl != nil {
		return *en.tmpl, nil
	}
	if en.err != nil && time.Since(en.failedAt) < retryAfter {
		return prompt.Template{}, en.err
	}
	hints, err := c.hints(ctx, b)
	if err != nil {
		en.err, en.failedAt = err, time.Now()
		return prompt.Template{}, err
	}
	tmpl, det, err := prompt.Resolve(c.cfg.Template, nil, hints)
	if err != nil {
		en.err, en.failedAt = fmt.Errorf("fim.template: %w", err), time.Now()
		return prompt.Template{}, en.err
	}
	en.tmpl, en.detection, en.err = &tmpl, det, nil
	return tmpl, nil
}

// hints asks the backend about its model when it can tell.
func (c *templateCache) hints(ctx context.Context, b inference.Backend) (prompt.Hints, error) {
	h := prompt.Hints{Name: c.cfg.Model}
	insp, ok := b.(inference.ModelInspector)
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
	if b.Kind() == inference.KindOllama {
		h.OllamaTemplate = info.Template
	} else {
		h.ChatTemplate = info.Template
	}
	return h, nil
}

// Detection reports how backend's template was chosen, once it has been.
func (e *Engine) Detection(backend string) (prompt.Detection, bool) {
	e.tmpl.mu.Lock()
	defer e.tmpl.mu.Unlock()
	en, ok := e.tmpl.entries[backend]
	if !ok || en.tmpl == nil {
		return prompt.Detection{}, false
	}
	return en.detection, true
}
