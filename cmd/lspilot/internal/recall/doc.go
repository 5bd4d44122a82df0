// Package recall measures how often completion prompts hold the definition
// that the line being written needs, with each source of repository
// context, and without a model.
//
// Completion sites are sampled, with a fixed seed, from code no one here
// wrote: the Go standard library, a Python project and a TypeScript
// project (Sets). A site is a line that uses an identifier (a call, a
// type, a field) defined in another file; the line is emptied and the
// cursor put at its start, as when the user is about to write it. The
// real completion engine builds the prompt, within its default budgets,
// and a capturing backend keeps it: the site is recalled when the prompt
// holds the line that declares the identifier. The user then types the
// line character by character, and the share of each prompt's bytes
// identical to the previous prompt's is the prefix stability the backend's
// cache sees.
//
// Strategies (rows) are: none (no extra context), ring (the engine's ring
// of regions of files visited before), neighbors (the ring and
// complete.Neighbors) and definitions (the ring and a language server's
// definitions, present when Options.Definitions is set).
//
// It is the engine behind "lspilot recall", internal to the command; it may
// import inference and lsp packages, and must not be imported by them.
package recall
