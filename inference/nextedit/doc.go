// Package nextedit is the engine behind next-edit suggestions: after the
// user changes code (renames a parameter, changes a call, adds a field), it
// proposes the edit the user is likely to make next, which may lie lines
// away from the cursor and span several lines.
//
// The engine keeps each session's recent edits as unified diffs (History),
// cuts an editable region around the cursor, lays out a prompt in the format
// the model was trained on (Format: Sweep's next-edit models, Zed's Zeta and
// Zeta2, Continue's Instinct, or an instruction prompt for general chat
// models), and lets the model rewrite the region. The rewrite becomes one
// minimal edit through package diffing, which verifies it (brackets,
// indentation, Go syntax) before anything is offered; a refused answer is
// logged at debug with its reason and counted.
//
// A cache spares model calls: an offered edit stays valid while the user
// types its beginning (the rest is answered at once), rejected edits are not
// offered again in the same document, "no edit" answers are kept for the
// document state they were computed on, and after an accepted edit the next
// one may be prefetched, within a bound on model calls per edit shown.
//
// The package knows nothing of LSP: documents are plain text and byte
// offsets. It must not import go.lsp.dev, the lsp packages, or a backend
// client.
package nextedit
