package lang

import (
	"strings"
	"testing"
)

func TestDetectIndent(t *testing.T) {
	tests := []struct {
		name string
		text string
		lang string
		want Indent
	}{
		{name: "tabs", text: "func f() {\n\tif x {\n\t\ty()\n\t}\n}\n", lang: "go", want: Indent{Tabs: true, Width: 4}},
		{name: "four spaces", text: "def f():\n    if x:\n        y()\n", lang: "python", want: Indent{Width: 4}},
		{name: "two spaces", text: "function f() {\n  if (x) {\n    y();\n  }\n}\n", lang: "javascript", want: Indent{Width: 2}},
		{name: "no evidence in go", text: "package main\n", lang: "go", want: Indent{Tabs: true, Width: 4}},
		{name: "no evidence in lua", text: "local x = 1\n", lang: "lua", want: Indent{Width: 2}},
		{name: "no evidence at all", text: "", lang: "", want: Indent{Width: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectIndent(tt.text, len(tt.text)/2, tt.lang); got != tt.want {
				t.Errorf("DetectIndent = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDominantIndent(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		want      Indent
		wantKnown bool
	}{
		{name: "tabs", text: "f {\n\ta\n}\n", want: Indent{Tabs: true}, wantKnown: true},
		{name: "four spaces", text: "f:\n    a\n        b\n", want: Indent{Width: 4}, wantKnown: true},
		{name: "two spaces", text: "f {\n  a\n  b\n    c\n}\n", want: Indent{Width: 2}, wantKnown: true},
		{name: "comment stars do not count", text: "/*\n * x\n */\nf {\n\ta\n}\n", want: Indent{Tabs: true}, wantKnown: true},
		{name: "crlf blank lines count", text: "f {\r\n\ta\r\n    \r\n    \r\n}\r\n", want: Indent{Width: 4}, wantKnown: true},
		{name: "no indentation", text: "a\nb\n"},
		{name: "no style dominates", text: "a\n\tb\n    c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known := DominantIndent(tt.text)
			if got != tt.want || known != tt.wantKnown {
				t.Errorf("DominantIndent = %+v, %v, want %+v, %v", got, known, tt.want, tt.wantKnown)
			}
		})
	}
}

// TestIndentDiffersByCaller pins texts that a suggestion (DetectIndent: the
// lines around the cursor, a simple majority, the language's convention
// without evidence) and an edit check (DominantIndent: the whole text, a
// two-to-one majority, nothing without evidence) read differently.
func TestIndentDiffersByCaller(t *testing.T) {
	tests := []struct {
		name       string
		text, lang string
		wantDetect Indent
		wantDom    Indent
		wantKnown  bool
	}{
		{name: "one tab line, one space line", text: "a\n\tb\n    c\n", lang: "go",
			wantDetect: Indent{Width: 4}},
		{name: "no indentation in go", text: "package main\n", lang: "go",
			wantDetect: Indent{Tabs: true, Width: 4}},
		{name: "steps of one space", text: "a\n b\n  c\n   d\n", lang: "python",
			wantDetect: Indent{Width: 4}, wantDom: Indent{Width: 2}, wantKnown: true},
		{name: "tab width", text: "f {\n\ta\n}\n", lang: "go",
			wantDetect: Indent{Tabs: true, Width: 4}, wantDom: Indent{Tabs: true}, wantKnown: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectIndent(tt.text, 0, tt.lang); got != tt.wantDetect {
				t.Errorf("DetectIndent = %+v, want %+v", got, tt.wantDetect)
			}
			if got, known := DominantIndent(tt.text); got != tt.wantDom || known != tt.wantKnown {
				t.Errorf("DominantIndent = %+v, %v, want %+v, %v", got, known, tt.wantDom, tt.wantKnown)
			}
		})
	}
}

func TestToTabsToSpaces(t *testing.T) {
	tests := []struct {
		name, lead string
		tabs       bool
		width      int
		want       string
	}{
		{name: "spaces to tabs", lead: "        ", tabs: true, width: 4, want: "\t\t"},
		{name: "remainder stays as alignment", lead: "      ", tabs: true, width: 4, want: "\t  "},
		{name: "less than a level", lead: "  ", tabs: true, width: 4, want: "  "},
		{name: "mixed lead not retabbed", lead: "\t    ", tabs: true, width: 4, want: "\t    "},
		{name: "tabs to spaces", lead: "\t\t", width: 2, want: "    "},
		{name: "spaces among tabs stay", lead: "\t  ", width: 4, want: "      "},
		{name: "spaces only unchanged", lead: "   ", width: 4, want: "   "},
		{name: "empty", lead: "", tabs: true, width: 4, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ToSpaces(tt.lead, tt.width)
			if tt.tabs {
				got = ToTabs(tt.lead, tt.width)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpaceUnitAndNarrowestIndent(t *testing.T) {
	tests := []struct {
		name          string
		lines         string
		wantUnit      int
		wantNarrowest int
	}{
		{name: "two", lines: "a\n  b\n    c", wantUnit: 2, wantNarrowest: 2},
		{name: "four and eight", lines: "a\n    b\n        c", wantUnit: 4, wantNarrowest: 4},
		{name: "three", lines: "a\n   b\n      c", wantUnit: 3, wantNarrowest: 4},
		{name: "six and four", lines: "      a\n    b", wantUnit: 2, wantNarrowest: 4},
		{name: "tabs only", lines: "\ta\n\t\tb", wantUnit: 4, wantNarrowest: 4},
		{name: "blank lines ignored", lines: "a\n   \n  b", wantUnit: 2, wantNarrowest: 2},
		{name: "none", lines: "a", wantUnit: 4, wantNarrowest: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := strings.Split(tt.lines, "\n")
			if got := SpaceUnit(lines); got != tt.wantUnit {
				t.Errorf("SpaceUnit = %d, want %d", got, tt.wantUnit)
			}
			if got := NarrowestIndent(lines); got != tt.wantNarrowest {
				t.Errorf("NarrowestIndent = %d, want %d", got, tt.wantNarrowest)
			}
		})
	}
}
