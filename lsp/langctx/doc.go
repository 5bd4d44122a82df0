// Package langctx gives inline prompts the definitions of the identifiers
// near the cursor, asked of the language's own server: lspilot runs gopls,
// pyright, typescript-language-server, rust-analyzer or clangd as their
// client, mirrors the documents the editor has open, and turns each
// definition into a snippet (the declaration, its doc comment and a bounded
// body), so that a suggestion calling a function of an unopened file knows
// its signature.
//
// A [Manager] serves one workspace root. It starts a language's server
// lazily, at the first document of that language, and only when the command
// is on PATH; a server that crashes or hangs is restarted with a bounded
// exponential backoff, and costs only the context meanwhile. [Manager.Snippets]
// implements complete.Source: it returns at once what is resolved and
// resolves the rest in the background.
//
// For Go, the package-level declarations of the document's package and of
// the packages it imports (found through go.mod, its vendor directory,
// GOROOT and the module cache) are also read from their files' declaring
// lines: that answers most names at once, where gopls takes seconds to
// load a large package and answers nothing in a file its build leaves out,
// and it serves a Go workspace with no gopls at all.
//
// What is read: definitions inside the workspace root, and those in the
// language's own library outside it (GOROOT and the Go module cache, the
// typeshed stubs and TypeScript libraries the servers ship, a Python
// installation's library); nothing else outside the root, and never a file
// the privacy rules exclude.
//
// It imports go.lsp.dev/jsonrpc2 and go.lsp.dev/protocol for the wire, and
// of lspilot only inference/complete, inference/prompt, inference/privacy,
// diffing/lang and lsp/textdoc: never package lsp, which imports it, nor
// lsp/config (the server converts the settings into a Config).
package langctx
