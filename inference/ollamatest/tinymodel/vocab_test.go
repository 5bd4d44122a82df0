package tinymodel

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCycleTokensUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, tok := range Cycle {
		if seen[tok] {
			t.Errorf("token %q occurs twice in Cycle", tok)
		}
		seen[tok] = true
	}
}

func TestMergesYieldTokens(t *testing.T) {
	v := sharedVocab()
	for _, m := range v.merges {
		left, right, ok := strings.Cut(m, " ")
		if !ok {
			t.Fatalf("merge %q has no separator", m)
		}
		for _, part := range []string{left, right, left + right} {
			if _, ok := v.ids[part]; !ok {
				t.Errorf("merge %q: %q is not a token", m, part)
			}
		}
	}
	for _, tok := range Cycle {
		if _, ok := v.ids[spell(tok)]; !ok {
			t.Errorf("cycle token %q is not in the vocabulary", tok)
		}
	}
}

func TestControlTokens(t *testing.T) {
	v := sharedVocab()
	n := len(v.tokens)
	got := v.tokens[n-len(controlTokens):]
	if diff := cmp.Diff(controlTokens, got); diff != "" {
		t.Errorf("trailing tokens (-want +got):\n%s", diff)
	}
	for i := n - len(controlTokens); i < n; i++ {
		if v.types[i] != tokenControl {
			t.Errorf("token %q has type %d, want %d", v.tokens[i], v.types[i], tokenControl)
		}
	}
}

func TestSpell(t *testing.T) {
	tests := []struct {
		give, want string
	}{
		{give: "func", want: "func"},
		{give: " fib", want: "Ġfib"},
		{give: " {\n\t\t", want: "Ġ{Ċĉĉ"},
		{give: "\x00", want: "Ā"},
		{give: "é", want: "Ã©"},
	}
	for _, tt := range tests {
		if got := spell(tt.give); got != tt.want {
			t.Errorf("spell(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestWalk(t *testing.T) {
	tests := []struct {
		start, n int
		want     string
	}{
		{start: 0, n: 0, want: ""},
		{start: 0, n: 3, want: "func fib(n"},
		{start: len(Cycle) - 1, n: 2, want: "\n}\n\nfunc"},
		{start: 0, n: len(Cycle), want: CycleText},
	}
	for _, tt := range tests {
		if got := Walk(tt.start, tt.n); got != tt.want {
			t.Errorf("Walk(%d, %d) = %q, want %q", tt.start, tt.n, got, tt.want)
		}
	}
}
