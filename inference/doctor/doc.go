// Package doctor checks that a configured backend can serve completions and
// says what to fix: configuration, reachability and version, model presence,
// fill-in-the-middle support, context window, and first-token latency. It
// prints one line per check; the caller (lspilot doctor) exits non-zero when
// a check failed.
//
// It imports the inference packages (discover among them, to list a server's
// models and name the one lspilot would pick) and zap, never lsp/ or
// go.lsp.dev, and it writes only to the writer it is given.
package doctor
