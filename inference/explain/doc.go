// Package explain is lspilot's hover engine: it explains the symbol or
// selection under the cursor in Markdown, from the model, with the code
// around it as context.
//
// Hover is sent whenever the mouse rests, so the engine is cheap when
// unwanted: it answers nothing for blank space, punctuation and keywords
// without a model call, serves repeated hovers from a cache keyed by
// document version and range, limits model calls per session
// (Config.MinDelay) and returns what has streamed, marked as cut, once its
// deadline passes, so an editor never waits for it.
//
// It knows nothing of LSP: documents are plain text and byte offsets. It must
// not import go.lsp.dev or the lsp package.
package explain
