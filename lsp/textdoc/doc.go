// Package textdoc holds the text of open documents as immutable, versioned
// snapshots and maps LSP positions (line and character in UTF-16, UTF-8 or
// UTF-32 code units) to byte offsets and back.
//
// It is pure: no I/O, no logging, no goroutines. It must not import
// go.lsp.dev or any other package of this module; the lsp package converts
// protocol types to the plain values used here.
package textdoc
