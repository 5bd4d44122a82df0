package suggest

import (
	"testing"
)

func TestStripEcho(t *testing.T) {
	runSteps(t, stripEcho, []stepCase{
		{name: "whole line again", doc: "\treturn a‸\n", give: "\treturn a + b", want: " + b"},
		{name: "line again without indentation", doc: "    total = ‸\n", lang: "python", give: "total = sum(xs)", want: "sum(xs)"},
		{name: "too short to tell", doc: "x‸\n", give: "x := 1", want: "x := 1"},
		{name: "no echo", doc: "\treturn ‸\n", give: "nil", want: "nil"},
		{name: "space after a space", doc: "\tx := ‸\n", give: " 1", want: "1"},
		{name: "space after an echo", doc: "\ttotal := ‸\n", give: "total :=  1", want: "1"},
		{name: "space kept after a word", doc: "\treturn a‸\n", give: " + b", want: " + b"},
		{name: "line break kept after a space", doc: "\tx := []int{ ‸}\n", give: "\n\t\t1,\n\t", want: "\n\t\t1,\n\t"},
		{name: "indentation is no space to drop", doc: "\t‸\n", give: "\tx()", want: "\tx()"},
	})
}

func TestFixIndent(t *testing.T) {
	runSteps(t, fixIndent, []stepCase{
		{name: "double indent after the line above", doc: "func f() {\n\tx := 1\n\t‸\n}\n",
			give: "\treturn x", want: "return x"},
		{name: "double indent after an opener", doc: "def f():\n    ‸\n", lang: "python",
			give: "    return 1", want: "return 1"},
		{name: "deeper on purpose at column 0", doc: "func f() {\n‸\n}\n", give: "\treturn 1", want: "\treturn 1"},
		{name: "spaces to tabs", doc: "func f() {\n\t‸\n}\n",
			give: "if x {\n        y()\n    }", want: "if x {\n\t\ty()\n\t}"},
		{name: "two-space model in a tab file", doc: "func f() {\n\t‸\n}\n",
			give: "if x {\n    y()\n  }", want: "if x {\n\t\ty()\n\t}"},
		{name: "alignment kept after tabs", doc: "func f() {\n\t‸\n}\n",
			give: "call(a,\n\t     b)", want: "call(a,\n\t     b)"},
		{name: "tabs to spaces", doc: "def f():\n    x = 1\n    ‸\n", lang: "python",
			give: "if x:\n\t\treturn x", want: "if x:\n        return x"},
		{name: "cursor mid-line keeps first line", doc: "x := ‸\n", give: " 1", want: " 1"},
	})
}

func TestTrimTrailingSpace(t *testing.T) {
	runSteps(t, trimTrailingSpace, []stepCase{
		{name: "lines and blank end", doc: "\t‸\n", give: "a() \t\n\tb()  \n\n\n", want: "a()\n\tb()"},
		{name: "end of line", doc: "x := ‸\n", give: "1  ", want: "1"},
		{name: "space before text that follows", doc: "if x ‸nil {\n", give: "!= ", want: "!= "},
		{name: "space before spaced text", doc: "a ‸ + b\n", give: "x ", want: "x"},
	})
}

func TestTrimSuffixLines(t *testing.T) {
	runSteps(t, trimSuffixLines, []stepCase{
		{name: "closer again", doc: "func f() {‸\n}\n", mode: ModeMultiLine,
			give: "\n\treturn 1\n}", want: "\n\treturn 1"},
		{name: "inner closer is not the outer one", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "if x {\n\t\treturn\n\t}", want: "if x {\n\t\treturn\n\t}"},
		{name: "following statement again", doc: "func f() {\n\t‸\n\treturn n\n}\n", mode: ModeMultiLine,
			give: "n := 1\n\treturn n", want: "n := 1"},
		{name: "whole suggestion is the next line", doc: "func f() {\n\t‸\n\treturn n\n}\n", mode: ModeMultiLine,
			give: "return n\n\tx()", want: ""},
		{name: "blank lines before the next line", doc: "\t‸\n\n\n\tz()\n", mode: ModeMultiLine,
			give: "y()\n\tz()", want: "y()"},
		{name: "single line untouched", doc: "\t‸\n\tz()\n", give: "y()", want: "y()"},
	})
}

func TestTrimLineRest(t *testing.T) {
	runSteps(t, trimLineRest, []stepCase{
		{name: "closer again", doc: "f(‸)\n", give: "x)", want: "x"},
		{name: "text again", doc: "return ‸, nil\n", give: "v, nil", want: "v"},
		{name: "spaced text again", doc: "a ‸ + b\n", give: "x + b", want: "x"},
		{name: "partial closers", doc: "f(g(‸)) {\n", give: "x))", want: "x"},
		{name: "partial quote outside a string kept", doc: "f(‸\")\n", give: "\"a\"", want: "\"a\""},
		{name: "partial quote inside a string", doc: "f(\"a‸\")\n", give: "bc\"", want: "bc"},
		{name: "partial word kept", doc: "‸foo()\n", give: "x.f", want: "x.f"},
		{name: "multi-line closer line", doc: "x := T{‸}\n", mode: ModeMultiLine,
			give: "\n\tA: 1,\n}", want: "\n\tA: 1,\n"},
		{name: "nothing after the cursor", doc: "x := ‸\n", give: "1)", want: "1)"},
	})
}

func TestBalance(t *testing.T) {
	runSteps(t, balance, []stepCase{
		{name: "closer the rest has", doc: "f(‸)\n", give: "a, b) + 1", want: "a, b"},
		{name: "closer the rest lacks", doc: "x := f(‸\n", give: "a, b)", want: "a, b)"},
		{name: "inner and outer", doc: "g(h(‸))\n", give: "x), y)", want: "x"},
		{name: "rest closes inner only", doc: "g(h(‸)\n", give: "x), y)", want: "x), y"},
		{name: "stray closer", doc: "x := ‸\n", give: "a) + b", want: "a"},
		{name: "wrong kind", doc: "xs := []int{1, ‸\n", give: "2)", want: "2"},
		{name: "own brackets balanced", doc: "x := ‸\n", give: "f(a[0], {b})", want: "f(a[0], {b})"},
		{name: "closed at the end of the line", doc: "x := ‸\n", give: "f(g(a)", want: "f(g(a))"},
		{name: "opener at the end stays open", doc: "if ‸\n", give: "x {", want: "x {"},
		{name: "brackets in strings ignored", doc: "x := ‸\n", give: "f(\")(\")", want: "f(\")(\")"},
		{name: "brackets in comments ignored", doc: "x := ‸\n", give: "1 // (a", want: "1 // (a"},
		{name: "cursor in a string", doc: "s := \"(‸\n", give: "a)\"", want: "a)\""},
		{name: "python comment", doc: "x = ‸\n", lang: "python", give: "f(a)  # )", want: "f(a)  # )"},
		{name: "multi-line cut to balanced line", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "a()\n\tif x {\n\t\tb(", want: "a()"},
		{name: "closes a block the document leaves open", doc: "func f() {\n\t‸", mode: ModeMultiLine,
			give: "a()\n}", want: "a()\n}"},
		{name: "closes every bracket of the line above", doc: "app.get(\"/\", (req, res) => {\n  ‸\n", lang: "javascript",
			mode: ModeMultiLine, give: "res.send(\"ok\");\n});", want: "res.send(\"ok\");\n});"},
		{name: "one closer too many below an open block", doc: "func f() {\n\t‸", mode: ModeMultiLine,
			give: "a()\n}\n}", want: "a()\n}"},
		{name: "multi-line next line closes", doc: "func f() {‸\n}\n", mode: ModeMultiLine,
			give: "\n\treturn 1\n  }", want: "\n\treturn 1"},
	})
}

func TestRepeatsText(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		give string
		want bool
	}{
		{name: "empty", doc: "x‸\n", give: "", want: true},
		{name: "spaces", doc: "x‸\n", give: " \t", want: true},
		{name: "rest again", doc: "f(‸x)\n", give: "x)", want: true},
		{name: "line above again", doc: "\ta := b(c)\n\t‸\n", give: "a := b(c)", want: true},
		{name: "line below again", doc: "\t‸\n\treturn x\n", give: "return x", want: true},
		{name: "closer like the one above", doc: "\t}\n‸\n", give: "}", want: false},
		{name: "mid-line repeat is fine", doc: "a := b(c)\nx := ‸\n", give: "a := b(c)", want: false},
		{name: "new code", doc: "\t‸\n", give: "return y", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := repeatsText(tt.give, siteOf(t, tt.doc, "go", ModeAuto)); got != tt.want {
				t.Errorf("repeatsText(%q) = %v, want %v", tt.give, got, tt.want)
			}
		})
	}
}

func TestDecideMode(t *testing.T) {
	tests := []struct {
		lang, prefix, rest string
		want               Mode
	}{
		{"go", "\t", "", ModeMultiLine},
		{"go", "", "", ModeMultiLine},
		{"go", "func f() {", "", ModeMultiLine},
		{"go", "func f() {", "}", ModeMultiLine},
		{"go", "f(", ")", ModeMultiLine},
		{"go", "x := ", "", ModeSingleLine},
		{"go", "\tfmt.Pri", "", ModeSingleLine},
		{"go", "\t", "return x", ModeSingleLine},
		{"go", "f(", "a, b)", ModeSingleLine},
		{"python", "def f():", "", ModeMultiLine},
		{"python", "x = d[", "]", ModeMultiLine},
		{"go", "case 1:", "", ModeSingleLine},
		{"lua", "if x then", "", ModeMultiLine},
		{"lua", "for i = 1, 3 do", "", ModeMultiLine},
		{"lua", "local undo", "", ModeSingleLine},
		{"ruby", "items.each do", "", ModeMultiLine},
		{"typescript", "const f = () =>", "", ModeMultiLine},
		{"rust", "let v = vec![", "];", ModeMultiLine},
	}
	for _, tt := range tests {
		if got := DecideMode(tt.lang, tt.prefix, tt.rest); got != tt.want {
			t.Errorf("DecideMode(%q, %q, %q) = %v, want %v", tt.lang, tt.prefix, tt.rest, got, tt.want)
		}
	}
}
