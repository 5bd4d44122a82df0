// Package edit is the engine behind lspilot's AI code actions: fix,
// rewrite, simplify, doc and tests.
//
// Engine.Edit turns a code-action request into a chat prompt (the file
// around the selection, the diagnostics to fix, the format to answer in),
// streams the model's answer from the configured backends, and hands the
// answer to package diffing, which turns it into verified minimal edits. An
// answer that diffing refuses is sent back to the model once, with the
// reason and the format restated; a second refusal ends in a
// *RefusedError. For tests the model writes the whole test file and the
// engine builds the diff itself, so that creating and updating a file take
// the same verified path as any other edit.
//
// The package knows nothing of LSP: documents are plain text and byte
// offsets. It must not import go.lsp.dev or the lsp package.
package edit
