package stream

import (
	"context"
	"net/http"

	"github.com/lspilot/lspilot/inference"
)

// affinity is the header a generation request carries for a router: its
// name (a backend's AffinityHeader) and the session's AffinityKey.
type affinity struct{ name, key string }

type affinityKey struct{}

// withAffinity returns ctx carrying the affinity header of session, sent as
// name; an empty name leaves ctx as it is.
func withAffinity(ctx context.Context, name, session string) context.Context {
	if name == "" {
		return ctx
	}
	return context.WithValue(ctx, affinityKey{}, affinity{name, inference.AffinityKey(session)})
}

// SetAffinityHeader sets the affinity header that the Runner put in ctx on
// h, unless h already has that header (the configuration refuses names the
// client sets itself, such as Authorization; this guards the rest).
func SetAffinityHeader(ctx context.Context, h http.Header) {
	a, ok := ctx.Value(affinityKey{}).(affinity)
	if !ok || h.Get(a.name) != "" {
		return
	}
	h.Set(a.name, a.key)
}

// HasAffinity reports whether ctx carries an affinity header.
func HasAffinity(ctx context.Context) bool {
	_, ok := ctx.Value(affinityKey{}).(affinity)
	return ok
}
