package suggest

import (
	"testing"
	"unicode/utf8"
)

func FuzzProcess(f *testing.F) {
	f.Add("func f() {\n\t\n}\n", 12, "x := 1\n\treturn x\n}", uint8(0))
	f.Add("f()\r\n", 2, "a, b)\r\n", uint8(1))
	f.Add("s := \"(\"", 7, "a)\"\n", uint8(2))
	f.Add("", 0, "\xff\xfe<|endoftext|>", uint8(0))
	f.Fuzz(func(t *testing.T, text string, cursor int, raw string, mode uint8) {
		if cursor < 0 || cursor > len(text) {
			return
		}
		got := Process(Input{Raw: raw, Text: text, Cursor: cursor, Language: "go", Mode: Mode(mode % 3)})
		if !utf8.ValidString(got) && utf8.ValidString(text) {
			t.Errorf("Process returned invalid UTF-8 %q", got)
		}
		if len(got) > DefaultMaxBytes+2*DefaultMaxLines+64 {
			t.Errorf("Process returned %d bytes", len(got))
		}
	})
}

// FuzzFinished checks Finished's promise: once it reports a partial output
// finished, more output does not change what Process makes of it.
func FuzzFinished(f *testing.F) {
	f.Add("func f() {\n\t\n}\n", 12, "x := 1\n\treturn x\n}\nfunc g() {}\n", 14, uint8(0))
	f.Add("x := \n", 5, "compute(a)\nnext()\n", 11, uint8(0))
	f.Add("def f():\n    \n", 13, "Here it is:\n\n```python\nreturn 1\n```\nDone.", 30, uint8(1))
	f.Add("func f() {\n\t\n}\n", 12, "```go\nfunc f() {\n\ta()\n}\n```", 20, uint8(0))
	langs := []string{"go", "python", "javascript", "lua"}
	f.Fuzz(func(t *testing.T, text string, cursor int, raw string, k int, lang uint8) {
		// Output that is mostly junk is dropped whole, however much of it
		// was read; that rule is outside the promise.
		if cursor < 0 || cursor > len(text) || k < 0 || k > len(raw) || sanitize(raw, len(raw)) != raw {
			return
		}
		in := Input{Text: text, Cursor: cursor, Language: langs[int(lang)%len(langs)]}
		part := in
		part.Raw = raw[:k]
		if !Finished(part) {
			return
		}
		in.Raw = raw
		if got, want := Process(part), Process(in); got != want {
			t.Errorf("Finished(%q) but Process gives %q, and %q with the rest %q", raw[:k], got, want, raw[k:])
		}
	})
}
