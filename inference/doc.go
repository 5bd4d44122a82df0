// Package inference is the contract between lspilot's features and the
// inference servers they use.
//
// A feature builds a [Request] (a FIM prefix and suffix, a raw prompt or chat
// messages, plus sampling options), hands it to a [Backend] and receives the
// generated text as a stream of [Chunk] values through a callback, then a
// [Stats] summary. Returning [ErrStop] from the callback ends generation early
// and closes the HTTP stream at once. Backends may offer more through optional
// interfaces ([Batcher], [Tokenizer], [ModelInspector], [Pinger], [Warmer]);
// a [Generator] streams a generation for a language, failing over between the
// backends that serve it, and [StreamChat] reads a chat answer through one.
//
// Besides the contract, the package holds only the small helpers that the
// engines, the scheduler, the router and the backend clients all use: the
// backend configuration and its validation ([BackendConfig]), typed errors
// with hints that say what to fix ([BackendError], built through [Origin]) and
// their classification ([Retryable], [Failover]), the redaction of secrets
// ([Redact], [DisplayURL]), the request ids that match a server's logs with
// the daemon's ([WithRequestID]) and the per-session routing key that a
// router in front of many replicas hashes ([AffinityKey]).
//
// The backend clients live in subpackages: ollama, openai and llamacpp. The
// HTTP streaming toolkit they share (the runner with its retries, idle
// timeout and early stop, line and server-sent-event readers, the JSON
// client) is inference/internal/stream, and the recovery of a model that
// Ollama holds idle but no longer serves is ollama's Healer.
//
// This package must not import its subpackages (the streaming toolkit and
// the clients included), lsp/ or go.lsp.dev; it speaks plain strings and byte
// counts. It never writes to stdout and never logs prompts above debug level
// or API keys at all.
package inference
