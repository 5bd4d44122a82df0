// Package backends opens inference backends from configuration: it builds
// the right kind (ollama, openai, llamacpp), detects the kind by probing the
// server when the configuration leaves it empty, groups replicas that serve
// the same model behind one Backend with failover, and holds all configured
// backends in a Set that picks them per language with a fallback order. An
// OpenAI-compatible backend gets an Ollama Unwedger, which does nothing
// unless the server turns out to be Ollama.
//
// Which replica serves a request is decided by a Picker; the default keeps to
// the replica that last worked so that its KV cache stays warm. Prefix- and
// load-aware routing can replace it without touching the rest.
//
// It imports the inference packages and zap, never lsp/ or go.lsp.dev.
package backends
