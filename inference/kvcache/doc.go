// Package kvcache keeps track of what each inference replica, and each
// llama.cpp slot, was recently sent, so that requests go where their prompt
// prefix is already in the server's KV cache.
//
// A Router is a backends.Picker and backends.Tracker in the style of
// SGLang's cache-aware router: one approximate radix Tree over the prompt
// bytes records, per replica, which prefixes it was sent and when; a request
// goes to the replica holding its longest prefix unless that replica is
// overloaded relative to the least-loaded one, in which case load decides.
// A circuit breaker per replica puts failing replicas last until a cool-down
// has passed and a single probe has succeeded; Health probes them with pings.
// What the servers report about cached tokens is compared with what the Tree
// predicted, and a collapse of reuse (a template change that broke prefix
// stability, say) is reported.
//
// A SlotPinner chooses llama.cpp slots (id_slot) per replica and pins each
// editor session to its own slot. A WarmPolicy decides when a warm-up
// request, a prefill without generation, is worth sending while the user is
// idle.
//
// The text a server sees is approximated by Key; every prefix decision is
// made on it. The package imports inference, inference/backends,
// inference/clock and zap; it knows nothing of LSP.
package kvcache
