// Package ollama is the inference backend for Ollama servers.
//
// It speaks to Ollama only through github.com/ollama/ollama/api, with its own
// pooled *http.Client: /api/generate with a suffix (FIM through the model's
// template) or raw prompts carrying our own FIM tokens, /api/chat for chat
// requests, /api/show for model information, /api/ps and /api/version for
// diagnosis and for the Unwedger, which unloads a model that the server holds
// idle but no longer serves (see inference.Healer), for this backend and for
// the openai backend on Ollama's /v1 endpoints. A transport wrapper bounds
// stream lines, recognises streams that are cut or malformed (which the api
// client would otherwise swallow) and keeps the status and Retry-After of
// error answers.
//
// It imports the root inference package and the Ollama api, never lsp/ or
// go.lsp.dev.
package ollama
