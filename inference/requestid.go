package inference

import "context"

// RequestIDHeader is the HTTP header that carries the id of the editor
// request a backend request serves, so that a server's logs can be matched
// with the daemon's.
const RequestIDHeader = "X-Request-Id"

type requestIDKey struct{}

// WithRequestID returns ctx carrying id, the name of the editor request that
// work done under ctx serves. An empty id leaves ctx as it is.
func WithRequestID(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the id WithRequestID put in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// CarryRequestID returns base carrying the request id of from, for work that
// outlives the request that asked for it (a shared generation, a queued
// job).
func CarryRequestID(base, from context.Context) context.Context {
	return WithRequestID(base, RequestID(from))
}
