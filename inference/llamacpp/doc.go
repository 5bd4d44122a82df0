// Package llamacpp is the inference backend for llama.cpp's native server
// (llama-server).
//
// FIM requests go to /infill, which assembles the prompt from input_prefix,
// input_suffix and input_extra (repository context) with the model's own FIM
// tokens; raw prompts go to /completion. Both stream server-sent events whose
// last event carries tokens_cached, timings and stop_type. Requests can pin a
// slot (id_slot), keep prompt caching on (cache_prompt), bound generation time
// (t_max_predict_ms) and indentation (n_indent). /tokenize, /props, /health
// and /slots serve tokenization, model information and diagnosis; chat
// requests use the server's OpenAI-compatible endpoint.
//
// For low latency run llama-server with --cache-reuse 256 (reuse KV chunks
// after small edits) and -np N for N parallel slots. /infill keeps at most
// 3/4 of the batch size (-b, 2048 by default) of the prefix and 1/4 of the
// suffix, and adds input_extra only where a slot's context (-c divided by
// -np) exceeds the batch size plus twice n_predict, dropping it silently
// otherwise: give each slot more context than the batch, such as -np 2
// -c 8192. The cache figure of a stream is timings.cache_n, the prompt
// tokens reused; tokens_cached counts what the slot holds afterwards.
//
// It imports the root inference package, the streaming toolkit
// inference/internal/stream and the openai backend (for chat), never lsp/ or
// go.lsp.dev.
package llamacpp
