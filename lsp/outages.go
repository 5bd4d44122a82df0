package lsp

import (
	"context"
	"sync"

	"go.lsp.dev/protocol"
)

// outages remembers which features are failing, so that the user is told
// once when one starts failing, not at every keystroke.
type outages struct {
	mu   sync.Mutex
	down map[string]bool // guarded by mu
}

// start records a failure of feature; it reports whether it is news.
func (o *outages) start(feature string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.down[feature] {
		return false
	}
	if o.down == nil {
		o.down = make(map[string]bool)
	}
	o.down[feature] = true
	return true
}

// clear records that feature works again.
func (o *outages) clear(feature string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.down, feature)
}

// warnOnce shows err to the user at the start of an outage of feature.
func (s *server) warnOnce(ctx context.Context, feature string, err error) {
	if s.outages.start(feature) {
		s.showMessage(ctx, protocol.MessageTypeWarning, "lspilot: "+feature+" unavailable: "+err.Error())
	}
}
