// Package suggest turns what a code model returns into a suggestion worth
// showing at the cursor, and tells a streaming caller when more output can
// no longer change it.
//
// Process runs the steps in order, each for one way models fail in
// practice: it bounds the raw text and drops junk (invalid UTF-8, control
// characters, leaked control tokens of any model family, runaway loops),
// reads a chat model's answer out of its Markdown fence and introduction,
// drops lines that repeat the code above the cursor, puts the suggestion in
// the file's indentation, keeps it to one line or one block (Mode,
// DecideMode), collapses repeated blocks, trims what the document already
// has before and after the cursor, balances brackets against the document,
// and drops suggestions that add nothing. Finished reads a partial output
// the same way and reports when the stream can stop.
//
// Language knowledge (comments and strings for the bracket lexer,
// indentation conventions, block openers, Markdown documents) comes from
// diffing/lang; the cursor marker of the instruction prompt from
// inference/prompt.
//
// The package does no I/O, starts no goroutines and logs nothing. Besides the
// standard library it imports only diffing/lang and inference/prompt. It must
// not import go.lsp.dev, lsp/, any backend client, or the engines
// (inference/complete, edit, explain).
package suggest
