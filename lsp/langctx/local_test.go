package langctx

import (
	"strings"
	"testing"
)

func TestIsLocal(t *testing.T) {
	const goSrc = `package p

type T struct {
	Field int
}

var handler = func(w int) {
	inner := w
}

func (t *T) Method(arg int) int {
	v := arg
	return v
}

func F() {}
`
	const pySrc = `class C:
    attr = 1

    def method(self, x):
        y = x
        return y

def top(a):
    return a
`
	const tsSrc = `export const f = (a: number) => {
  const b = a;
  return b;
};

export function g(c: string) {
  return c;
}
`
	tests := []struct {
		lang, src, name string
		nth             int // which occurrence of name, from 0
		want            bool
	}{
		{"go", goSrc, "Field", 0, false},
		{"go", goSrc, "handler", 0, false},
		{"go", goSrc, "w", 0, true},
		{"go", goSrc, "inner", 0, true},
		{"go", goSrc, "Method", 0, false},
		{"go", goSrc, "arg", 0, true},
		{"go", goSrc, "v", 0, true},
		{"go", goSrc, "F", 0, false},
		{"python", pySrc, "attr", 0, false},
		{"python", pySrc, "method", 0, false},
		{"python", pySrc, "x", 0, true},
		{"python", pySrc, "y", 0, true},
		{"python", pySrc, "top", 0, false},
		{"python", pySrc, "a", 0, true},
		{"typescript", tsSrc, "f", 0, false},
		{"typescript", tsSrc, "a", 0, true},
		{"typescript", tsSrc, "b", 0, true},
		{"typescript", tsSrc, "g", 0, false},
		{"typescript", tsSrc, "c", 0, true},
		{"c", "int x;\n", "x", 0, false},
	}
	for _, tt := range tests {
		line, char := find(t, tt.src, tt.name, tt.nth)
		if got := isLocal(tt.lang, tt.src, line, char); got != tt.want {
			t.Errorf("%s: isLocal(%s #%d at %d:%d) = %v, want %v", tt.lang, tt.name, tt.nth, line, char, got, tt.want)
		}
	}
}

// find returns the line and column of the nth occurrence of name as a
// word in src.
func find(t *testing.T, src, name string, nth int) (int, int) {
	t.Helper()
	for i, ln := range strings.Split(src, "\n") {
		for j := 0; j+len(name) <= len(ln); j++ {
			if ln[j:j+len(name)] != name || j > 0 && isIdentByte(ln[j-1]) || j+len(name) < len(ln) && isIdentByte(ln[j+len(name)]) {
				continue
			}
			if nth == 0 {
				return i, j
			}
			nth--
		}
	}
	t.Fatalf("no %s #%d", name, nth)
	return 0, 0
}
