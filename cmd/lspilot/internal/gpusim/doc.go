// Package gpusim is a simulated GPU inference server for lspilot's
// benchmarks and demos. It speaks the streaming HTTP APIs of the servers
// lspilot talks to — Ollama (/api/generate, /api/chat), OpenAI-compatible
// servers such as vLLM (/v1/completions, /v1/chat/completions) and
// llama.cpp's llama-server (/infill, /completion) — and answers with timing
// taken from a cost model rather than from a model on a GPU.
//
// Each replica runs a continuous-batching scheduler: a step carries one
// decode token for every running sequence plus a budget of prefill tokens
// (chunked prefill, as vLLM does), and lasts as long as the [Preset]'s
// roofline cost model says. Requests beyond the replica's slots or KV memory
// wait in a FIFO queue. Every replica keeps its own KV cache of 16-token
// blocks:
//
//   - OpenAI requests use vLLM-style automatic prefix caching: blocks are
//     keyed by a hash chained over their tokens and their parent block, any
//     request may reuse any cached block-aligned prefix, and unused blocks
//     are evicted least recently used first;
//   - llama.cpp and Ollama requests use slots: a slot keeps the tokens of its
//     last prompt and generation, and the next request on that slot reuses
//     their longest common prefix, token by token. llama.cpp requests may
//     pin a slot with id_slot; otherwise the idle slot sharing the longest
//     prefix is chosen, else the least recently used idle one.
//
// Text is tokenized deterministically (see [Tokenize]), the completion comes
// from [Config].Generate, and each API reports honest per-request counts of
// prompt, cached and generated tokens and durations. Server.Stats sums what
// every replica did.
//
// Time is read through a [clock.Clock]: with clock.Real the server runs in
// real time; with a clock.Virtual the driver advances time and every
// duration the server reports is virtual, which makes benchmarks
// deterministic and faster than real time.
//
// The package imports only the standard library, zap, the root inference
// package and inference/clock. It must not import lsp/ or go.lsp.dev, it
// never writes to stdout and it logs prompts only at debug level.
package gpusim
