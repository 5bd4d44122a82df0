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
// backend that is down is not asked again at every keystroke. A request the
// user invoked asks again at once, and an inspection cut short because its
// request was cancelled is not remembered at all.
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
	err       error // the last failure to resolve the template
	failedAt  time.Time

	counter     prompt.Counter // nil until calibrated
	calibrating bool           // a request is calibrating now
	calFailedAt time.Time      // when calibration last failed
}

// calibrationRetry is how long a failed calibration waits before another.
const calibrationRetry = 30 * time.Second

func newTemplateCache(cfg Config) *templateCache {
	return &templateCache{cfg: cfg, entries: make(map[string]*templateEntry)}
}

// get returns b's template and token counter, resolving them on first use.
// The template is resolved under the lock. The counter is calibrated outside
// it by one request at a time; the others meanwhile, and every request after
// a failed calibration, use the documented estimate. invoked says the user
// asked explicitly, which skips the wait after a failed inspection.
func (c *templateCache) get(ctx context.Context, b inference.Backend, invoked bool) (prompt.Template, prompt.Counter, error) {
	tmpl, en, err := c.template(ctx, b, invoked)
	if err != nil {
		return prompt.Template{}, nil, err
	}
	c.mu.Lock()
	counter := en.counter
	claim := counter == nil && !en.calibrating && time.Since(en.calFailedAt) > calibrationRetry
	en.calibrating = en.calibrating || claim
	c.mu.Unlock()
	if !claim {
		return tmpl, orEstimate(counter), nil
	}
	counter = c.counter(ctx, b)
	c.mu.Lock()
	en.calibrating, en.counter = false, counter
	if counter == nil {
		en.calFailedAt = time.Now()
	}
	c.mu.Unlock()
	return tmpl, orEstimate(counter), nil
}

// template returns b's template and cache entry, resolving the template on
// first use.
func (c *templateCache) template(ctx context.Context, b inference.Backend, invoked bool) (prompt.Template, *templateEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	en, ok := c.entries[b.Name()]
	if !ok {
		en = &templateEntry{}
		c.entries[b.Name()] = en
	}
	if en.tmpl != nil {
		return *en.tmpl, en, nil
	}
	if en.err != nil && time.Since(en.failedAt) < retryAfter && !invoked {
		return prompt.Template{}, nil, en.err
	}
	hints, err := c.hints(ctx, b)
	if err != nil {
		if ctx.Err() == nil {
			en.err, en.failedAt = err, time.Now()
		}
		return prompt.Template{}, nil, err
	}
	tmpl, det, err := prompt.Resolve(c.cfg.Template, nil, hints)
	if err != nil {
		en.err, en.failedAt = fmt.Errorf("fim.template: %w", err), time.Now()
		return prompt.Template{}, nil, en.err
	}
	en.tmpl, en.detection, en.err = &tmpl, det, nil
	return tmpl, en, nil
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
func orEstimate(p prompt.Counter) prompt.Counter {
	if p == nil {
		return prompt.Estimate{}
	}
	return p
}

// hints asks the backend about its model when it can tell.
func (c *templateCache) hints(ctx context.Context, b inference.Backend) (prompt.Hints, error) {
	h := prompt.Hints{Name: c.cfg.Model}
	insp, ok := inference.As[inference.ModelInspector](b)
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
