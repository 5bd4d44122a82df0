package explain

import "testing"

func TestClean(t *testing.T) {
	tests := []struct{ name, give, want string }{
		{name: "plain answer is trimmed", give: "  `x` is y.\n\n", want: "`x` is y."},
		{name: "markdown fence unwrapped", give: "```markdown\n**x** is y.\n```", want: "**x** is y."},
		{name: "md fence unwrapped", give: "\n```md\n- a\n- b\n```\n", want: "- a\n- b"},
		{name: "bare fence unwrapped", give: "```\n\n`x` is y.\n\n```", want: "`x` is y."},
		{name: "empty fenced answer", give: "```\n```", want: ""},
		{name: "code fence kept", give: "```go\nx()\n```", want: "```go\nx()\n```"},
		{name: "fence inside kept", give: "```md\nUse:\n```go\nx()\n```\n```", want: "```md\nUse:\n```go\nx()\n```\n```"},
		{name: "prose after the fence kept", give: "```md\nx\n```\nMore.", want: "```md\nx\n```\nMore."},
		{name: "unclosed fence kept", give: "```md\nx", want: "```md\nx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.give); got != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}
