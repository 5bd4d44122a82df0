// Package discover finds an inference server on this machine when none is
// configured: Ollama where OLLAMA_HOST says (as Ollama itself reads it, else
// 127.0.0.1:11434) and llama.cpp's llama-server where LLAMA_ARG_HOST and
// LLAMA_ARG_PORT say (else 127.0.0.1:8080). It probes them in parallel with
// short timeouts, lists their models, and ranks the models by how well they
// serve inline completion (see Rank), so that `lspilot serve` and `lspilot
// doctor` work without a config file and pick the same model.
//
// It imports inference, inference/prompt and Ollama's api and envconfig
// packages, never lsp/ or go.lsp.dev, and it logs nothing: callers report
// what it found.
package discover
