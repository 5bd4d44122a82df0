package lang

import "testing"

func TestFence(t *testing.T) {
	tests := []struct {
		name      string
		fence     Fence
		give      string
		wantOpen  string
		wantClose string
		wantWrap  string
	}{
		{name: "plain", fence: PlainFence("go"), give: "x()",
			wantOpen: "```go", wantClose: "```", wantWrap: "```go\nx()\n```"},
		{name: "plain keeps a final line break", fence: PlainFence("go"), give: "x()\n",
			wantOpen: "```go", wantClose: "```", wantWrap: "```go\nx()\n```"},
		{name: "plain without info", fence: PlainFence(""), give: "",
			wantOpen: "```", wantClose: "```", wantWrap: "```\n\n```"},
		{name: "plain stays three backticks whatever the code holds", fence: PlainFence("md"), give: "```go\nx\n```",
			wantOpen: "```md", wantClose: "```", wantWrap: "```md\n```go\nx\n```\n```"},
		{name: "long with no backticks inside", fence: FenceFor("py", "x = 1"), give: "x = 1",
			wantOpen: "```py", wantClose: "```", wantWrap: "```py\nx = 1\n```"},
		{name: "long outruns a fence inside", fence: FenceFor("md", "```go\nx\n```"), give: "```go\nx\n```",
			wantOpen: "````md", wantClose: "````", wantWrap: "````md\n```go\nx\n```\n````"},
		{name: "long outruns the longest run", fence: FenceFor("", "a```b`````c"), give: "a```b`````c",
			wantOpen: "``````", wantClose: "``````", wantWrap: "``````\na```b`````c\n``````"},
		{name: "two backticks need no more than three", fence: FenceFor("", "``"), give: "``",
			wantOpen: "```", wantClose: "```", wantWrap: "```\n``\n```"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fence.Open(); got != tt.wantOpen {
				t.Errorf("Open() = %q, want %q", got, tt.wantOpen)
			}
			if got := tt.fence.Close(); got != tt.wantClose {
				t.Errorf("Close() = %q, want %q", got, tt.wantClose)
			}
			if got := tt.fence.Wrap(tt.give); got != tt.wantWrap {
				t.Errorf("Wrap(%q) = %q, want %q", tt.give, got, tt.wantWrap)
			}
		})
	}
}

func TestTag(t *testing.T) {
	tests := []struct{ id, want string }{
		{id: "typescriptreact", want: "tsx"},
		{id: "javascriptreact", want: "jsx"},
		{id: "shellscript", want: "sh"},
		{id: "go", want: "go"},
		{id: "typescript", want: "typescript"},
		{id: "python", want: "python"},
		{id: "no-such-language", want: "no-such-language"},
		{id: "", want: ""},
	}
	for _, tt := range tests {
		if got := Tag(tt.id); got != tt.want {
			t.Errorf("Tag(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

func TestUnwrap(t *testing.T) {
	infos := []string{"markdown", "md", ""}
	tests := []struct {
		name     string
		give     string
		wantBody string
		wantOK   bool
	}{
		{name: "markdown", give: "```markdown\n**x** is y\n```", wantBody: "**x** is y", wantOK: true},
		{name: "md", give: "```md\na\nb\n```", wantBody: "a\nb", wantOK: true},
		{name: "no info", give: "```\nplain\n```", wantBody: "plain", wantOK: true},
		{name: "empty block", give: "```\n```", wantBody: "", wantOK: true},
		{name: "other info", give: "```go\nx()\n```"},
		{name: "info in another case", give: "```MD\nx\n```"},
		{name: "info followed by a space", give: "```md \nx\n```"},
		{name: "a second block inside", give: "```md\n```go\nx\n```\n```"},
		{name: "prose after the block", give: "```md\nx\n```\nmore"},
		{name: "prose before the block", give: "Here:\n```md\nx\n```"},
		{name: "not closed", give: "```md\nx"},
		{name: "closing fence not on its own line", give: "```md\nx```"},
		{name: "plain prose", give: "`x` is y"},
		{name: "nothing", give: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ok := Unwrap(tt.give, infos...)
			if body != tt.wantBody || ok != tt.wantOK {
				t.Errorf("Unwrap(%q) = %q, %v, want %q, %v", tt.give, body, ok, tt.wantBody, tt.wantOK)
			}
		})
	}
	if _, ok := Unwrap("```\nx\n```"); ok {
		t.Error("Unwrap with no info strings accepted a block")
	}
}
