package lang

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitFences(t *testing.T) {
	tests := []struct {
		name        string
		give        string
		wantBlocks  []Block
		wantOutside []string
	}{
		{name: "prose around a block", give: "Here:\n```go\nx()\n```\nDone.",
			wantBlocks: []Block{{Lang: "go", Lines: []string{"x()"}}}, wantOutside: []string{"Here:", "Done."}},
		{name: "tildes and info words", give: "~~~ Diff title\n-a\n+b\n~~~",
			wantBlocks: []Block{{Lang: "diff", Lines: []string{"-a", "+b"}}}},
		{name: "longer closing fence", give: "```\na\n`````",
			wantBlocks: []Block{{Lines: []string{"a"}}}},
		{name: "indented context line does not close", give: "```diff\n ```\n-a\n```",
			wantBlocks: []Block{{Lang: "diff", Lines: []string{" ```", "-a"}}}},
		{name: "truncated block runs to the end", give: "```py\nx = 1\ny = 2",
			wantBlocks: []Block{{Lang: "py", Lines: []string{"x = 1", "y = 2"}}}},
		{name: "two blocks", give: "```a\n1\n```\nthen\n```b\n2\n```",
			wantBlocks: []Block{{Lang: "a", Lines: []string{"1"}}, {Lang: "b", Lines: []string{"2"}}}, wantOutside: []string{"then"}},
		{name: "four-space indent is code, not a fence", give: "    ```\nx",
			wantOutside: []string{"    ```", "x"}},
		{name: "backtick in a backtick info string", give: "```a`b\nx",
			wantOutside: []string{"```a`b", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks, outside := SplitFences(strings.Split(tt.give, "\n"))
			if d := cmp.Diff(tt.wantBlocks, blocks); d != "" {
				t.Errorf("blocks (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantOutside, outside); d != "" {
				t.Errorf("outside (-want +got):\n%s", d)
			}
		})
	}
}

func TestFirstFence(t *testing.T) {
	tests := []struct {
		name       string
		give       string
		want       string
		wantClosed bool
		wantOK     bool
	}{
		{name: "closed", give: "```go\nreturn a\n```\nIt adds.", want: "return a", wantClosed: true, wantOK: true},
		{name: "open", give: "```go\nreturn a\n", want: "return a\n", wantOK: true},
		{name: "opening line not done", give: "```pyth"},
		{name: "crlf", give: "```go\r\nx()\r\n```", want: "x()", wantClosed: true, wantOK: true},
		{name: "indented closing fence", give: "```\nx  \n  ```", want: "x  ", wantClosed: true, wantOK: true},
		{name: "empty block", give: "```\n```", want: "", wantClosed: true, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, closed, ok := FirstFence(tt.give)
			if got != tt.want || closed != tt.wantClosed || ok != tt.wantOK {
				t.Errorf("FirstFence(%q) = %q, %v, %v, want %q, %v, %v", tt.give, got, closed, ok, tt.want, tt.wantClosed, tt.wantOK)
			}
		})
	}
}

// TestFencesDifferByCaller pins an answer that a whole Markdown answer
// (SplitFences: fences are whole lines) and a streamed completion
// (FirstFence: the first "```" ends the block) read differently.
func TestFencesDifferByCaller(t *testing.T) {
	give := "```go\na := \"```\"\n```"
	blocks, _ := SplitFences(strings.Split(give, "\n"))
	if d := cmp.Diff([]Block{{Lang: "go", Lines: []string{"a := \"```\""}}}, blocks); d != "" {
		t.Errorf("SplitFences (-want +got):\n%s", d)
	}
	if got, closed, _ := FirstFence(give); got != "a := \"" || !closed {
		t.Errorf("FirstFence = %q, %v, want %q, true", got, closed, "a := \"")
	}
}

func TestIsIntro(t *testing.T) {
	tests := []struct {
		give string
		want bool
	}{
		{give: "Here is the completion:", want: true},
		{give: "Sure, here it is:\r", want: true},
		{give: "for x in xs:", want: false},
		{give: "Done:", want: false},
		{give: "Here is the code.", want: false},
		{give: "", want: false},
	}
	for _, tt := range tests {
		if got := IsIntro(tt.give); got != tt.want {
			t.Errorf("IsIntro(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}
