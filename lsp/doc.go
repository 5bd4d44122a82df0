// Package lsp is lspilot's language server: it speaks the Language Server
// Protocol over a byte stream, keeps the editor's documents as versioned
// snapshots, and turns feature requests into the engines' own requests
// (complete.Request, explain.Request, edit.Request, nextedit.Request), which
// it passes to small interfaces (Completer, Explainer, CodeEditor,
// NextEditor) that the engines implement as they are. Next edits speak
// GitHub Copilot's shape (textDocument/copilotInlineEdit), which
// go.lsp.dev/protocol lacks: next_edit.go defines its types. The configuration itself (types, layers, rules)
// is package lsp/config; lsp applies its layers as the messages that carry
// them arrive. Every request gets an id that its log line and its backend
// requests carry (inference.WithRequestID), and an Observer hears what
// sessions do, for the metrics of package lsp/metrics.
//
// It is the only package of this module that imports go.lsp.dev. It converts
// protocol positions to byte offsets at its edge, so nothing behind those
// interfaces, and nothing in lsp/config, sees protocol types. It must not
// import cmd/.
package lsp
