// Package lang is lspilot's knowledge of programming languages, in one
// place: a table of languages (LSP language id, file extensions, how to write
// a comment, the comments and strings the bracket lexer skips, whether blocks
// go by indentation, the indentation a file uses when it shows none, the
// words that open a block, the tag of its Markdown fences, its doc comment
// and test conventions), a bracket lexer that skips strings and comments,
// indentation detection and conversion, the writing of Markdown code
// blocks (Fence) for prompts and editors, and the reading of Markdown
// answers: code fences, a reasoning model's thinking, and the prose around
// code.
//
// Post-processing of completions (inference/suggest) and the checking of
// proposed edits (diffing) read the same table. Where the two read a
// language differently, the difference is spelled out here rather than
// hidden in two copies: whole-file checks lex a file by its lexical family
// (Language.Check) and skip files of other languages; suggestions lex every
// language by its own rules (Language.Syntax). DetectIndent reads a
// suggestion's surroundings, DominantIndent a whole file. SplitFences reads a
// whole Markdown answer, FirstFence the start of a streamed one, Unwrap an
// answer that is one block and nothing else. PlainFence writes the three
// backticks that prompts have always carried, so their bytes (and the
// backends' caches of them) stay the same; FenceFor writes a fence the code
// inside cannot close.
//
// The package is pure: strings and bytes, standard library only, no logging,
// no goroutines, no I/O. It must not import inference/, lsp/ or go.lsp.dev.
package lang
