// Package route decides where a generation goes: which configured backend
// serves a language, which replica of a backend serves a request, and which
// llama.cpp slot holds an editor session's prompt.
//
// A Set holds the configured backends and picks them per language with a
// fallback order. A Group is one backend served by several replicas of the
// same kind and model; its Picker orders the replicas for each request (the
// default, Sticky, keeps to the replica that last worked so that its KV cache
// stays warm), and a Picker that is also a Tracker sees every attempt.
//
// A Router is a Picker and Tracker in the style of SGLang's cache-aware
// router: one approximate radix Tree over the prompt bytes records, per
// replica, which prefixes it was sent and when; a request goes to the
// replica holding its longest prefix unless that replica is overloaded
// relative to the least-loaded one, in which case load decides. A circuit
// breaker per replica puts failing replicas last until a cool-down has
// passed and a single probe has succeeded; Health probes them with pings.
// What the servers report about cached tokens is compared with what the Tree
// predicted, and a collapse of reuse (a template change that broke prefix
// stability, say) is reported. The text a server sees is approximated by
// Key; every prefix decision is made on it.
//
// A SlotPinner chooses llama.cpp slots (id_slot) per replica and pins each
// editor session to its own slot. A WarmPolicy decides when a warm-up
// request, a prefill without generation, is worth sending while the user is
// idle.
//
// # Layering of retries and failover
//
// Each kind of recovery happens in exactly one layer, and no layer loops
// over another's failures a second time:
//
//   - The Set fails over between configured backends: for one language it
//     tries them in order, moving on only while nothing has been streamed
//     and only for errors inference.Failover accepts (it builds the request
//     anew for each backend, as prompts depend on the kind and model).
//   - The Group fails over between the replicas of one backend, with the
//     same rule, in the order its Picker (or Router) chooses.
//   - The streaming HTTP client that the backend clients share retries one
//     request to one server while it failed before any text arrived with an
//     error inference.Retryable accepts (unreachable, 429, 502, 503, 504),
//     within the backend's retry policy; the Group and the Set see only what
//     is left after it.
//   - The Ollama healer (inference/ollama, for Ollama and for OpenAI
//     clients that find Ollama behind them) tells a wedged model from a busy
//     one, unloads it and lets the stalled request run once more.
//
// The scheduler (inference/sched) sits between the Set and a Group: it
// admits, queues and dedupes, but never retries.
//
// The package imports inference, inference/clock and zap; it knows nothing
// of LSP and never opens backends (inference/pipeline does).
package route
