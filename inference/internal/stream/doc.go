// Package stream is the HTTP streaming toolkit that the backend clients
// (inference/ollama, inference/openai, inference/llamacpp) share, so that it
// is written once: the pooled HTTP client and the per-backend [Setup], the
// [Runner] that drives a streamed request (retries with backoff before any
// text arrived, the idle timeout between chunks, the request timeout, stats
// and one debug line per request), the [Sink] through which a client passes
// what the server streams and which applies early stop (stop sequences split
// across chunks, single-line mode, token and time budgets), bounded line and
// server-sent-event reading, the JSON plumbing of the clients that speak
// JSON themselves ([JSONClient], [ErrorMessage]), and the headers every
// generation carries: the request id and the backend's affinity header
// ([SetAffinityHeader]).
//
// It implements the contract of the root inference package and imports it
// for its types and errors; it must not import the clients, the engines, the
// scheduler or the router, nor lsp/ or go.lsp.dev. It never writes to stdout
// and never logs prompts above debug level or API keys at all.
package stream
