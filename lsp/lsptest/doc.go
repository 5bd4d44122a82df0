// Package lsptest runs lspilot's real language server over in-memory pipes
// and drives it as an editor would, for tests.
//
// An Editor holds the client side of one session: it keeps its own copy of
// every open document, sends the same incremental changes an editor sends,
// records what the server pushes (messages, traces), and can compare its
// text with the server's through the lspilot.documentState command. Raw
// gives byte-level access to the wire for malformed-input tests.
package lsptest
