// Package recall measures, without a model, how often completion prompts
// hold the definition that the line being written needs, with each source
// of repository context.
//
// Completion sites are sampled, with a fixed seed, from code no one here
// wrote: the Go standard library, a Python project and a TypeScript project
// (Sets). A site is a line that uses an identifier (a call, a type, a
// field) declared in another file; the line is emptied and the cursor put
// at its start, as when the user is about to write it. Go declarations are
// found with go/parser, in the other files of the package and in the
// packages it imports from the same tree; Python and TypeScript ones with
// regular expressions over top-level declarations (regex.go). Before each
// site the user visited the three most recently modified other files of
// its package (in a random order where they were modified together), each
// at a random line. The real completion engine builds the prompt within its
// default budgets and a capturing backend keeps it: the site is recalled
// when the prompt holds the line that declares the identifier. The user
// then types the line character by character, and the share of each
// prompt's bytes identical to the previous prompt's is the prefix
// stability the backend's cache sees.
//
// Strategies (rows) are: none (no extra context); ring (the engine's ring
// of the regions visited); neighbors (the ring and complete.Neighbors fed
// the files visited and the site's); neighbors+dir, on request (the same
// source also fed the other files of the site's directory); definitions
// (the ring and a language server's definitions, present when
// Options.Definitions is set).
//
// It is the engine behind "lspilot recall", internal to the command; it may
// import inference and lsp packages, and must not be imported by them.
package recall
