package stream

import (
	"context"
	"net/http"

	"github.com/lspilot/lspilot/inference"
)

// SetRequestIDHeader sets inference.RequestIDHeader on h from ctx, when ctx
// has an id.
func SetRequestIDHeader(ctx context.Context, h http.Header) {
	if id := inference.RequestID(ctx); id != "" {
		h.Set(inference.RequestIDHeader, id)
	}
}
