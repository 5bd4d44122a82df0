package diffing

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// diffCases is the shared table of before/after pairs that every function
// producing edits is run against.
var diffCases = []struct {
	name      string
	old, new  string
	mixedEOLs bool // after mixes line terminators, so a preview cannot carry it
}{
	{name: "empty", old: "", new: ""},
	{name: "no_change", old: "gargantuan\n", new: "gargantuan\n"},
	{name: "from_empty", old: "", new: "a\nb\n"},
	{name: "to_empty", old: "a\nb\n", new: ""},
	{name: "replace_all", old: "fruit\n", new: "cheese\n"},
	{name: "insert_rune", old: "gord\n", new: "gourd\n"},
	{name: "delete_rune", old: "groat\n", new: "goat\n"},
	{name: "replace_partials", old: "blanket\n", new: "bunker\n"},
	{name: "insert_line", old: "1: one\n3: three\n", new: "1: one\n2: two\n3: three\n"},
	{name: "delete_front", old: "A\nB\nC\nA\nB\nB\nA\n", new: "C\nB\nA\nB\nA\nC\n"},
	{name: "multiple_replace", old: "A\nB\nC\nD\nE\nF\nG\n", new: "A\nH\nI\nJ\nE\nF\nK\n"},
	{name: "extra_newline", old: "\nA\n", new: "A\n"},
	{name: "no_final_newline", old: "A", new: "B"},
	{name: "add_final_newline", old: "A", new: "A\n"},
	{name: "remove_final_newline", old: "A\n", new: "A"},
	{name: "append_no_final_newline", old: "a\nb", new: "a\nb\nc"},
	{name: "delete_last_line_no_newline", old: "a\nb\nc", new: "a\nb"},
	{name: "crlf_change", old: "a\r\nb\r\nc\r\n", new: "a\r\nB\r\nc\r\n"},
	{name: "crlf_insert", old: "a\r\nc\r\n", new: "a\r\nb\r\nc\r\n"},
	{name: "crlf_no_final_newline", old: "a\r\nb", new: "a\r\nb\r\nc"},
	{name: "crlf_to_lf", old: "a\r\nb\r\n", new: "a\nb\n", mixedEOLs: true},
	{name: "tabs_to_spaces", old: "func f() {\n\treturn\n}\n", new: "func f() {\n    return\n}\n"},
	{name: "spaces_to_tabs", old: "if x:\n    y()\n", new: "if x:\n\ty()\n"},
	{name: "indent_block", old: "a\nb\nc\n", new: "\ta\n\tb\n\tc\n"},
	{name: "non_ascii", old: "naïve café\n", new: "naive cafés\n"},
	{name: "cjk", old: "日本語のテキスト\n", new: "日本のテキスト です\n"},
	{name: "emoji", old: "ok 👍 done\n", new: "ok 👎🏽 done 🎉\n"},
	{name: "emoji_zwj", old: "👨‍👩‍👧\n", new: "👨‍👩‍👦\n"},
	{name: "combining", old: "e\u0301\n", new: "e\u0300\n"},
	{name: "invalid_utf8", old: "a\xffb\n", new: "a\xfeb\n"},
	{name: "only_newlines", old: "\n\n\n", new: "\n\n"},
	{name: "go_func", old: "package p\n\nfunc f(a int) int {\n\treturn a\n}\n", new: "package p\n\n// f doubles.\nfunc f(a int) int {\n\treturn 2 * a\n}\n"},
	{name: "duplicate_lines", old: "x\nx\nx\ny\n", new: "x\ny\nx\nx\n"},
	{name: "whitespace_only", old: "a b\n", new: "a  b \n"},
}

// runEditCases checks that compute turns every case's old text into its new
// text and that its edits are sorted, disjoint, inside the text and aligned
// to runes.
func runEditCases(t *testing.T, compute func(before, after string) []Edit) {
	t.Helper()
	for _, tt := range diffCases {
		t.Run(tt.name, func(t *testing.T) {
			edits := compute(tt.old, tt.new)
			checkEdits(t, tt.old, edits)
			got, err := Apply(tt.old, edits)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if got != tt.new {
				t.Errorf("Apply(old, edits) = %q, want %q (edits %+v)", got, tt.new, edits)
			}
			if tt.old == tt.new && len(edits) != 0 {
				t.Errorf("edits for equal texts: %+v", edits)
			}
		})
	}
}

// checkEdits reports edits that are unsorted, overlapping, outside text or,
// for valid UTF-8, not on rune boundaries.
func checkEdits(t *testing.T, text string, edits []Edit) {
	t.Helper()
	last, valid := 0, utf8.ValidString(text)
	for _, e := range edits {
		if e.Start < last || e.End < e.Start || e.End > len(text) {
			t.Fatalf("bad edit %+v after offset %d in text of %d bytes", e, last, len(text))
		}
		if valid && (!utf8.RuneStart(byteAt(text, e.Start)) || !utf8.RuneStart(byteAt(text, e.End))) {
			t.Errorf("edit %+v splits a rune", e)
		}
		last = e.End
	}
}

func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}

func TestComputeLineEdits(t *testing.T) {
	runEditCases(t, ComputeLineEdits)
	for _, tt := range diffCases {
		for _, e := range ComputeLineEdits(tt.old, tt.new) {
			if e.Start > 0 && tt.old[e.Start-1] != '\n' || e.End < len(tt.old) && tt.old[e.End-1] != '\n' {
				t.Errorf("%s: edit %+v is not line aligned", tt.name, e)
			}
		}
	}
}

func TestComputeEdits(t *testing.T) {
	runEditCases(t, ComputeEdits)
}

func TestRuneEdits(t *testing.T) {
	runEditCases(t, runeEdits)
}

func TestComputeEditsMinimal(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Edit
	}{
		{name: "insert_rune", old: "gord\n", new: "gourd\n", want: []Edit{{2, 2, "u"}}},
		{name: "emoji", old: "a👍b\n", new: "a👎b\n", want: []Edit{{1, 5, "👎"}}},
		{name: "line_then_rune", old: "x\nfoo(a)\ny\n", new: "x\nfoo(a, b)\ny\n", want: []Edit{{7, 7, ", b"}}},
		{name: "crlf_kept", old: "a\r\nb\r\n", new: "a\r\nc\r\n", want: []Edit{{3, 4, "c"}}},
		{name: "tab_to_spaces", old: "\tx\n", new: "    x\n", want: []Edit{{0, 1, "    "}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeEdits(tt.old, tt.new)
			if len(got) != len(tt.want) {
				t.Fatalf("ComputeEdits = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("edit %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestComputeEditsLarge(t *testing.T) {
	old := strings.Repeat("line of text\n", 5000)
	new := strings.Repeat("another line\n", 5000)
	edits := ComputeEdits(old, new)
	got, err := Apply(old, edits)
	if err != nil || got != new {
		t.Fatalf("Apply: %v, equal %v", err, got == new)
	}
}
