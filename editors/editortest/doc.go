// Package editortest is test support for the editor integrations: it reads
// the setup snippets that README.md shows users, builds the lspilot binary
// the editors start, and drives a real terminal editor through tmux
// (send keys, capture the screen, wait for text to appear).
//
// It imports the standard library and lspilot's test-support packages
// (inference/chroottest) only. Product code must not import it.
package editortest
