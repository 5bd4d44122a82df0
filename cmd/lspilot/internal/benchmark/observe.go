package benchmark

import (
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// schedObserver returns m as the scheduler's observer; nil without metrics.
func schedObserver(m *metrics.Metrics) sched.Observer {
	if m == nil {
		return nil
	}
	return m
}
