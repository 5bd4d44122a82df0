package prompt

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const buildDoc = "package main\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n"

// buildCursor stands after "fmt.Pri".
var buildCursor = strings.Index(buildDoc, "ntln")

func TestBuildFamilies(t *testing.T) {
	extra := []File{{Path: "util.go", Text: "package main\n\nfunc helper() {}\n"}}
	tests := []struct {
		give Family
		want string
	}{
		{FamilyQwenCoder, "<|repo_name|>demo\n<|file_sep|>util.go\npackage main\n\nfunc helper() {}\n" +
			"<|file_sep|>main.go\n<|fim_prefix|>package main\n\nfunc main() {\n" +
			"<|fim_suffix|>ntln(\"hi\")\n}\n<|fim_middle|>\tfmt.Pri"},
		{FamilyDeepSeekCoder, "<｜fim▁begin｜>// util.go\npackage main\n\nfunc helper() {}\n" +
			"// main.go\npackage main\n\nfunc main() {\n<｜fim▁hole｜>ntln(\"hi\")\n}\n<｜fim▁end｜>\tfmt.Pri"},
		{FamilyStarCoder2, "<repo_name>demo<file_sep>util.go\npackage main\n\nfunc helper() {}\n" +
			"<file_sep><fim_prefix>main.go\npackage main\n\nfunc main() {\n<fim_suffix>ntln(\"hi\")\n}\n<fim_middle>\tfmt.Pri"},
		{FamilyStarCoder, "<fim_prefix>// util.go\npackage main\n\nfunc helper() {}\n" +
			"// main.go\npackage main\n\nfunc main() {\n<fim_suffix>ntln(\"hi\")\n}\n<fim_middle>\tfmt.Pri"},
		{FamilyCodeLlama, "<PRE> // util.go\npackage main\n\nfunc helper() {}\n" +
			"// main.go\npackage main\n\nfunc main() {\n <SUF>ntln(\"hi\")\n}\n <MID>\tfmt.Pri"},
		{FamilyCodestral, "[SUFFIX]ntln(\"hi\")\n}\n[PREFIX] // util.go\npackage main\n\nfunc helper() {}\n" +
			"// main.go\npackage main\n\nfunc main() {\n\tfmt.Pri"},
		{FamilyCodeGemma, "<|fim_prefix|>// util.go\npackage main\n\nfunc helper() {}\n" +
			"// main.go\npackage main\n\nfunc main() {\n<|fim_suffix|>ntln(\"hi\")\n}\n<|fim_middle|>\tfmt.Pri"},
	}
	for _, tt := range tests {
		t.Run(string(tt.give), func(t *testing.T) {
			tmpl, _ := Lookup(tt.give)
			b, err := Build(tmpl, Request{Path: "main.go", Text: buildDoc, Cursor: buildCursor, Repo: "demo", Extra: extra}, Options{})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if diff := cmp.Diff(tt.want, b.Prompt); diff != "" {
				t.Errorf("prompt (-want +got):\n%s", diff)
			}
			if got := b.Prompt[b.StablePrefixLen:]; got != b.CurrentLinePrefix {
				t.Errorf("prompt after StablePrefixLen = %q, want the current line prefix %q", got, b.CurrentLinePrefix)
			}
			pieces := []string{b.Prefix, b.Suffix, b.CurrentLinePrefix}
			wantPieces := []string{"package main\n\nfunc main() {\n", "ntln(\"hi\")\n}\n", "\tfmt.Pri"}
			if diff := cmp.Diff(wantPieces, pieces); diff != "" {
				t.Errorf("pieces (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(extra, b.Extra); diff != "" {
				t.Errorf("extra (-want +got):\n%s", diff)
			}
			if tt.give == FamilyCodestral && !strings.HasSuffix(b.Prompt, b.Preamble+b.Prefix+b.CurrentLinePrefix) {
				t.Errorf("Codestral prompt does not end with Preamble+Prefix+CurrentLinePrefix")
			}
		})
	}
}

func TestBuildChat(t *testing.T) {
	tmpl, _ := Lookup(FamilyChat)
	b, err := Build(tmpl, Request{Path: "main.go", Text: buildDoc, Cursor: buildCursor,
		Extra: []File{{Path: "util.go", Text: "package main"}}}, Options{})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if b.Prompt != "" || len(b.Messages) != 2 || b.Messages[0].Role != "system" || b.Messages[1].Role != "user" {
		t.Fatalf("got prompt %q and messages %+v, want a system and a user message", b.Prompt, b.Messages)
	}
	want := "File util.go:\n```go\npackage main\n```\n\n" +
		"Complete the code at <CURSOR> in main.go (go):\n```go\npackage main\n\nfunc main() {\n" +
		"\tfmt.Pri<CURSOR>ntln(\"hi\")\n}\n```\n"
	if diff := cmp.Diff(want, b.Messages[1].Content); diff != "" {
		t.Errorf("user message (-want +got):\n%s", diff)
	}
	if got := b.Messages[1].Content[b.StablePrefixLen:]; !strings.HasPrefix(got, "\tfmt.Pri<CURSOR>") {
		t.Errorf("user message after StablePrefixLen = %q, want it to start at the current line", got)
	}
}

func TestBuildCustomTemplate(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{
			name: "all placeholders",
			give: "{context}{file}<PRE>{prefix}<SUF>{suffix}<MID>{middle}",
			want: "// main.go\n<PRE>package main\n\nfunc main() {\n<SUF>ntln(\"hi\")\n}\n<MID>\tfmt.Pri",
		},
		{
			name: "no middle, context or file",
			give: "<PRE>{prefix}<SUF>{suffix}<MID>",
			want: "<PRE>// main.go\npackage main\n\nfunc main() {\n\tfmt.Pri<SUF>ntln(\"hi\")\n}\n<MID>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate(tt.give, nil)
			if err != nil {
				t.Fatalf("ParseTemplate: %v", err)
			}
			b, err := Build(tmpl, Request{Path: "main.go", Text: buildDoc, Cursor: buildCursor}, Options{})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if diff := cmp.Diff(tt.want, b.Prompt); diff != "" {
				t.Errorf("prompt (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(b.Prompt[b.StablePrefixLen:], "\tfmt.Pri") {
				t.Errorf("StablePrefixLen %d does not stand before the current line prefix", b.StablePrefixLen)
			}
		})
	}
}

func TestBuildCursorErrors(t *testing.T) {
	tmpl, _ := Lookup(FamilyQwenCoder)
	for _, cur := range []int{-1, len("héllo") + 1, 2} {
		_, err := Build(tmpl, Request{Text: "héllo", Cursor: cur}, Options{})
		if !errors.Is(err, ErrCursor) {
			t.Errorf("Build at %d: error = %v, want ErrCursor", cur, err)
		}
	}
}

func TestBuildEdges(t *testing.T) {
	tmpl, _ := Lookup(FamilyQwenCoder)
	tests := []struct {
		name                   string
		text                   string
		cursor                 int
		wantPrefix, wantSuffix string
		wantLinePrefix         string
	}{
		{name: "empty file", text: "", cursor: 0},
		{name: "start of file", text: "a\nb\n", cursor: 0, wantSuffix: "a\nb\n"},
		{name: "end without newline", text: "a\nbc", cursor: 4, wantPrefix: "a\n", wantLinePrefix: "bc"},
		{name: "crlf", text: "a\r\nbc\r\nd\r\n", cursor: 4, wantPrefix: "a\r\n", wantSuffix: "c\r\nd\r\n", wantLinePrefix: "b"},
		{name: "non-ascii", text: "// héllo\nx := \"wörld\"\n", cursor: 19, wantPrefix: "// héllo\n",
			wantSuffix: "rld\"\n", wantLinePrefix: "x := \"wö"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Build(tmpl, Request{Text: tt.text, Cursor: tt.cursor}, Options{})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			got := []string{b.Prefix, b.Suffix, b.CurrentLinePrefix}
			want := []string{tt.wantPrefix, tt.wantSuffix, tt.wantLinePrefix}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("pieces (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuildExtraDropsFromFront(t *testing.T) {
	tmpl, _ := Lookup(FamilyQwenCoder)
	var extra []File
	for i := 0; i < 10; i++ {
		extra = append(extra, File{Path: string(rune('a'+i)) + ".go", Text: strings.Repeat("x", 350) + "\n"})
	}
	// Each chunk renders to about 360 bytes, 103 estimated tokens: 4 fit in 450.
	b, err := Build(tmpl, Request{Text: buildDoc, Cursor: buildCursor, Extra: extra}, Options{ExtraTokens: 450})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if diff := cmp.Diff(extra[6:], b.Extra); diff != "" {
		t.Errorf("kept extra (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(b.Prompt, "<|file_sep|>g.go\n") {
		t.Errorf("prompt starts %q, want the oldest kept chunk g.go first", b.Prompt[:20])
	}
}

func TestBuildBudgets(t *testing.T) {
	tmpl, _ := Lookup(FamilyQwenCoder)
	var sb strings.Builder
	for i := 0; i < 2000; i++ {
		sb.WriteString("\tx := compute(a, b, c) // line\n")
	}
	text := sb.String()
	cursor := len(text) / 2
	cursor = lineStartAt(text, cursor) + 3
	o := Options{PrefixTokens: 300, SuffixTokens: 100}
	b, err := Build(tmpl, Request{Text: text, Cursor: cursor}, o)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	c := Estimate{}
	if n := c.Count(b.Prefix); n > 300 || n < 150 {
		t.Errorf("prefix has %d tokens, want within 150..300", n)
	}
	if n := c.Count(b.Suffix) - c.Count(text[cursor:lineEndAt(text, cursor)]); n > 100 {
		t.Errorf("suffix lines have %d tokens, want at most 100", n)
	}
	if !strings.HasSuffix(b.Prefix, "\n") || b.PrefixStart != 0 && text[b.PrefixStart-1] != '\n' {
		t.Errorf("prefix window is not cut at line boundaries")
	}
	if !strings.HasSuffix(b.Suffix, "\n") {
		t.Errorf("suffix window does not end at a line end")
	}
}

func TestBuildLongLine(t *testing.T) {
	tmpl, _ := Lookup(FamilyQwenCoder)
	text := "{\"k\": [" + strings.Repeat("1, ", 100000) + "2]}\n"
	cursor := len(text) / 2
	b, err := Build(tmpl, Request{Text: text, Cursor: cursor}, Options{MaxLineBytes: 1000})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(b.CurrentLinePrefix) > 1000 || len(b.Suffix) > 1000 {
		t.Errorf("line pieces of %d and %d bytes, want at most 1000 each", len(b.CurrentLinePrefix), len(b.Suffix))
	}
	next, err := Build(tmpl, Request{Text: text[:cursor] + "7" + text[cursor:], Cursor: cursor + 1}, Options{MaxLineBytes: 1000})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if !strings.HasPrefix(next.CurrentLinePrefix, b.CurrentLinePrefix) {
		t.Errorf("typing one character moved the cut of a long line")
	}
}
