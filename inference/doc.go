// Package inference defines how lspilot talks to GPU inference servers.
//
// A feature builds a [Request] (a FIM prefix and suffix, a raw prompt or chat
// messages, plus sampling options), hands it to a [Backend] and receives the
// generated text as a stream of [Chunk] values through a callback, then a
// [Stats] summary. Returning [ErrStop] from the callback ends generation early
// and closes the HTTP stream at once.
//
// Besides the interfaces, the package holds what every backend shares, so that
// it is written once: early stop (stop sequences split across chunks,
// single-line mode, token and time budgets), retries with backoff, the idle
// timeout between chunks, bounded line and server-sent-event reading, typed
// errors with hints that say what to fix ([BackendError]), the recovery of a
// model that the server holds idle but no longer serves ([Healer]), and the
// backend configuration ([BackendConfig]).
//
// The backends live in subpackages: ollama, openai and llamacpp; package
// backends opens them from configuration and package doctor checks a setup.
//
// This package knows nothing of LSP: it must not import lsp/ or go.lsp.dev and
// it speaks plain strings and byte counts. It never writes to stdout and never
// logs prompts above debug level or API keys at all.
package inference
