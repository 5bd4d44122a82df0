// Package diffing turns a model's proposed change into verified, minimal
// byte-offset edits.
//
// A model answers a code action either with a unified diff (often inside a
// Markdown code fence, surrounded by prose, with wrong hunk counts and
// drifted line numbers) or with replacement text for the selected region.
// Parse pre-normalises that output and hands the diff to
// github.com/sourcegraph/go-diff; FilePatch.Apply locates every hunk in the
// current text (exactly, then with drifted line numbers, then tolerant of
// whitespace), refuses hunks that match nowhere, match ambiguously or overlap,
// and keeps the document's line endings and missing final newline.
// ComputeEdits reduces any before/after pair to the smallest edits
// (go-udiff's Myers diff on lines, then on runes inside changed blocks), so
// that marks, cursors and undo history survive. FromModelOutput ties these
// together for the code-action path and Verify checks the result before it
// is offered.
//
// What it knows of languages (the extension of a file, comments and strings
// for CheckBrackets, indentation styles, Markdown fences, a reasoning model's
// thinking and the prose around code) comes from diffing/lang, which the
// post-processing of completions shares.
//
// The package is pure: strings, byte offsets and go-diff types, with no
// logging, goroutines or file I/O. It must not import go.lsp.dev, lsp/ or
// inference/.
package diffing
