// Package ollama is the inference backend for Ollama servers.
//
// It speaks to Ollama only through github.com/ollama/ollama/api, with its own
// pooled *http.Client: /api/generate with a suffix (FIM through the model's
// template) or raw prompts carrying our own FIM tokens, /api/chat for chat
// requests, /api/show for model information, /api/ps and /api/version for
// diagnosis and for the Unwedger. A transport wrapper bounds stream lines,
// recognises streams that are cut or malformed (which the api client would
// otherwise swallow) and keeps the status and Retry-After of error answers.
//
// It also holds the Healer, which tells a model that the server holds idle
// but no longer serves (a wedge Ollama gets into when a client hangs up
// mid-stream) from a busy one and unloads it through an [IdleUnloader], the
// Unwedger for Ollama; the openai backend uses it on Ollama's /v1 endpoints.
//
// It imports the root inference package, the streaming toolkit
// inference/internal/stream and the Ollama api. It must not import the other
// backend clients, the engines, the scheduler or the router, nor lsp/ or
// go.lsp.dev.
package ollama
