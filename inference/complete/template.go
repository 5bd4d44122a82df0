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
	counter   prompt.Counter
	err       error // the last failure
	failedAt  time.Time
}

func newTemplateCache(cfg Config) *templateCache {
	return &templateCache{cfg: cfg, entries: make(map[string]*templateEntry)}
}

// get returns b's template and token counter, resolving them on first use.
func (c *templateCache) get(ctx context.Context, b inference.Backend) (prompt.Template, prompt.Counter, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	en, ok := c.entries[b.Name()]
	if !ok {
		en = &templateEntry{}
		c.entries[b.Name()] = en
	}
	if en.tmpl != nil {
		if en.counter == nil {
			en.counter = c.counter(ctx, b)
		}
		return *en.tmpl, c.orEstimate(en.counter), nil
	}
	if en.err != nil && time.Since(en.failedAt) < retryAfter {
		return prompt.Template{}, nil, en.err
	}
	hints, err := c.hints(ctx, b)
	if err != nil {
		en.err, en.failedAt = err, time.Now()
		return prompt.Template{}, nil, err
	}
	tmpl, det, err := prompt.Resolve(c.cfg.Template, nil, hints)
	if err != nil {
		en.err, en.failedAt = fmt.Errorf("fim.template: %w", err), time.Now()
		return prompt.Template{}, nil, en.err
	}
	en.tmpl, en.detection, en.err = &tmpl, det, nil
	en.counter = c.counter(ctx, b)
	return tmpl, c.orEstimate(en.counter), nil
}

// counter returns the configured counter, or one calibrated for b; nil when
// calibration failed, to be tried again on the next request. Calibration
// outlives the request that triggers it: a superseded keystroke must not
// leave the engine with a guess.
func (c *templateCache) counter(ctx context.Context, b inference.Backend) prompt.Counter {
	if c.cfg.Prompt.Counter != nil {
		return c.cfg.Prompt.Counter
	}
	cal, err := calibrate(context.WithoutCancel(ctx), b, c.cfg.NumCtx)
	if err != nil {
		return nil
	}
	return cal
}

// orEstimate falls back to the documented estimate until calibration works.
func (c *templateCache) orEstimate(p prompt.Counter) prompt.Counter {
	if p == nil {
		return prompt.Estimate{}
	}
	return p
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
