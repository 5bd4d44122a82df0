// Package complete is lspilot's inline completion engine. It turns a cursor
// in a document into a suggestion: it answers from the suggestion already on
// screen when the user types into it (typing-through), joins a generation
// still streaming when the new cursor extends it, supersedes the document's
// older request otherwise, waits out fast typing with a debounce learned from
// the user's rhythm, builds a KV-cache-friendly prompt, streams it from the
// backend with early stop, and post-processes the text. Asked explicitly, or
// asked again where it just answered, it offers up to three distinct
// suggestions to cycle through, in an order that stays the same
// (alternatives.go).
//
// It knows nothing of LSP: documents are plain text and byte offsets. It must
// not import go.lsp.dev or the lsp package.
package complete
