package lsp

import "testing"

// TestFence pins the documentation of a completion item: the editor's
// language id as it is, a fence longer than any run of backticks in the
// code, and a line break after the code even when it ends with one.
func TestFence(t *testing.T) {
	tests := []struct{ id, code, want string }{
		{id: "go", code: "x()", want: "```go\nx()\n```"},
		{id: "go", code: "x()\n", want: "```go\nx()\n\n```"},
		{id: "typescriptreact", code: "<A/>", want: "```typescriptreact\n<A/>\n```"},
		{id: "markdown", code: "```sh\nmake\n```", want: "````markdown\n```sh\nmake\n```\n````"},
		{id: "", code: "a````b", want: "`````\na````b\n`````"},
	}
	for _, tt := range tests {
		if got := fence(tt.id, tt.code); got != tt.want {
			t.Errorf("fence(%q, %q) = %q, want %q", tt.id, tt.code, got, tt.want)
		}
	}
}
