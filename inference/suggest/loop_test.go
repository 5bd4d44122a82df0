package suggest

import (
	"strings"
	"testing"
)

func TestLoops(t *testing.T) {
	tests := []struct {
		name string
		give string
		want bool
	}{
		{name: "numbers until the bound", give: strings.Repeat("0.0, ", 40), want: true},
		{name: "cut short in a copy", give: "xs = [" + strings.Repeat("x, ", 30) + "x", want: true},
		{name: "after real code", give: "f(a, b" + strings.Repeat(", b", 20), want: true},
		{name: "long unit", give: strings.Repeat("append(xs, y); ", 5), want: true},
		{name: "too few copies", give: strings.Repeat("0, ", 10), want: false},
		{name: "separator comment", give: "// " + strings.Repeat("-", 70), want: false},
		{name: "decorated comment", give: "// " + strings.Repeat("=-", 40), want: false},
		{name: "hex literal", give: "mask := 0x" + strings.Repeat("F", 16) + strings.Repeat("0", 48), want: false},
		{name: "pattern literal", give: "const m = 0x0101010101010101", want: false},
		{name: "spaces", give: "x" + strings.Repeat(" ", 100), want: false},
		{name: "ordinary line", give: "return fmt.Errorf(\"parse %q: %w\", s, err)", want: false},
		{name: "table row that ends", give: "{" + strings.Repeat("0x00, ", 16) + "},", want: false},
		{name: "looping CJK", give: strings.Repeat("哈哈", 20), want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loops(tt.give); got != tt.want {
				t.Errorf("loops(%q) = %v, want %v", tt.give, got, tt.want)
			}
		})
	}
}

func TestBound(t *testing.T) {
	loop := strings.Repeat("0.0, ", 40)
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "looping line dropped", give: loop, want: ""},
		{name: "lines before it kept", give: "x = 1\nweights = [" + loop, want: "x = 1\n"},
		{name: "ended line kept", give: loop + "\n", want: loop + "\n"},
		{name: "stopped by a token", give: loop + "<|endoftext|>", want: loop},
		{name: "bounded mid-loop", give: strings.Repeat("0.0, ", 4000) + "]\n", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bound(tt.give, nil, DefaultMaxBytes); got != tt.want {
				t.Errorf("bound(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestCollapseLoops(t *testing.T) {
	line := "mux.HandleFunc(\"/health\", health)"
	runSteps(t, collapseLoops, []stepCase{
		{name: "one line again and again", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: line + strings.Repeat("\n\t"+line, 20), want: line},
		{name: "last copy cut short", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: line + strings.Repeat("\n\t"+line, 5) + "\n\tmux.Han", want: line},
		{name: "after other lines", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "mux := http.NewServeMux()\n\t" + line + strings.Repeat("\n\t"+line, 4),
			want: "mux := http.NewServeMux()\n\t" + line},
		{name: "a block of two lines", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "a()\n\tb()\n\ta()\n\tb()\n\ta()\n\tb()\n\ta(", want: "a()\n\tb()"},
		{name: "double-indented first line", doc: "func f() {\n\tx := 1\n\t‸\n}\n", mode: ModeMultiLine,
			give: "\ty++\n\ty++\n\ty++\n\ty++", want: "\ty++"},
		{name: "two copies are not a loop", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "x++\n\tx++", want: "x++\n\tx++"},
		{name: "closers are no loop", doc: "func f() {\n‸\n}\n", mode: ModeMultiLine,
			give: "\t}\n\t}\n\t}\n\t}", want: "\t}\n\t}\n\t}\n\t}"},
		{name: "different lines", doc: "func f() {\n\t‸\n}\n", mode: ModeMultiLine,
			give: "x1()\n\tx2()\n\tx3()\n\tx4()", want: "x1()\n\tx2()\n\tx3()\n\tx4()"},
		{name: "single line", doc: "x := ‸\n", give: "f(a, a, a)", want: "f(a, a, a)"},
	})
}
