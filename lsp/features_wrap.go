package lsp

import "github.com/lspilot/lspilot/inference/complete"

// completerHooks passes what the server tells a completer besides Complete
// (feedback, documents opened, changed and closed, accepted characters) and its counters on to
// the completer a wrapper holds, so that a wrapper intercepts Complete
// alone and every wrapper forwards the same things.
type completerHooks struct{ inner Completer }

func (h completerHooks) Report(f complete.Feedback) {
	if obs, ok := h.inner.(CompletionObserver); ok {
		obs.Report(f)
	}
}

func (h completerHooks) Forget(session, uri string) {
	if obs, ok := h.inner.(CompletionObserver); ok {
		obs.Forget(session, uri)
	}
}

func (h completerHooks) Observe(doc complete.Document) {
	if obs, ok := h.inner.(DocumentObserver); ok {
		obs.Observe(doc)
	}
}

func (h completerHooks) ReportAcceptedChars(n int) {
	if r, ok := h.inner.(AcceptedCharsReporter); ok {
		r.ReportAcceptedChars(n)
	}
}

func (h completerHooks) Stats() any { return StatsOf(h.inner) }
