// Package openai is the inference backend for OpenAI-compatible servers:
// vLLM, SGLang, TGI, LM Studio, llama-server and Ollama's /v1 endpoints.
//
// It streams /v1/completions (with a suffix for servers that fill in the
// middle) and /v1/chat/completions as server-sent events, asks for usage with
// stream_options.include_usage, sends several prompts in one request for
// GenerateBatch and checks models through /v1/models. The API key comes from
// an environment variable or a file named in the configuration, is read once
// at construction and is never logged. WithUnwedger lets it free a model that
// the server holds idle but no longer serves (Ollama's /v1 endpoints; see
// ollama.Healer).
//
// It uses only the standard library for HTTP and JSON (no OpenAI SDK), the
// root inference package, the streaming toolkit inference/internal/stream
// and the healer of inference/ollama; it never imports lsp/ or go.lsp.dev.
package openai
