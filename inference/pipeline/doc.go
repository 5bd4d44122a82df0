// Package pipeline opens the configured inference backends and builds the
// chain that every caller uses, the server and the benchmark alike: for
// each backend its clients (one per replica, the kind detected by probing
// the server when the configuration leaves it empty), a route.Group with a
// prefix Router or a llama.cpp SlotPinner when there are replicas or slots to
// choose from, a scheduler in front of it, and the route.Set that picks the
// backends per language. An OpenAI-compatible client gets an Ollama
// Unwedger, which does nothing unless the server turns out to be Ollama.
//
// Build returns what the engines use (the Generator) and what the daemon
// observes (schedulers, routers); its Options are the benchmark's strategy
// variations, so that a benchmark cannot drift from what `lspilot serve`
// runs.
//
// It imports the inference packages and zap, never lsp/ or go.lsp.dev.
package pipeline
