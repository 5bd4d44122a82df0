package nextedit

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/diffing"
)

const sumGo = "package calc\n\nfunc Sum(values []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n"

// regionOf returns the window whose region is the whole of text.
func regionOf(text string) window {
	return window{regionEnd: len(text), excerptEnd: len(text), lines: strings.Count(text, "\n")}
}

func TestEditOf(t *testing.T) {
	tests := []struct {
		name    string
		rewrite string
		want    diffing.Edit
		wantOK  bool
		wantErr error
	}{
		{
			name:    "a change lines away from the cursor is one small edit",
			rewrite: strings.Replace(sumGo, "range xs", "range values", 1),
			want:    diffing.Edit{Start: strings.Index(sumGo, "xs {"), End: strings.Index(sumGo, "xs {") + 1, New: "value"},
			wantOK:  true,
		},
		{
			name:    "changes on several lines join into one edit",
			rewrite: strings.Replace(strings.Replace(sumGo, "range xs", "range values", 1), "total += x", "total += x * 2", 1),
			want: diffing.Edit{Start: strings.Index(sumGo, "xs {"), End: strings.Index(sumGo, "+= x") + 4,
				New: "values {\n\t\ttotal += x * 2"},
			wantOK: true,
		},
		{name: "the same text is no edit", rewrite: sumGo},
		{name: "a rewrite that drops most lines is truncated", rewrite: "package calc\n", wantErr: ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := editOf(sumGo, regionOf(sumGo), tt.rewrite)
			if !errors.Is(err, tt.wantErr) || ok != tt.wantOK {
				t.Fatalf("editOf = %+v, %v, %v; want ok %v, error %v", got, ok, err, tt.wantOK, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); ok && diff != "" {
				t.Errorf("edit (-want +got):\n%s", diff)
			}
			if ok {
				applied, _ := diffing.Apply(sumGo, []diffing.Edit{got})
				if applied != tt.rewrite {
					t.Errorf("the edit gives %q, want the rewrite", applied)
				}
			}
		})
	}
}

func TestVerifyRefusals(t *testing.T) {
	tests := []struct {
		name, path, text string
		edit             diffing.Edit
		want             error
		wantReason       string
	}{
		{
			name: "unbalanced brackets", path: "app.js", text: "function f() {\n  return g(1);\n}\n",
			edit: diffing.Edit{Start: 27, End: 28}, want: diffing.ErrUnbalanced, wantReason: "unbalanced",
		},
		{
			name: "broken Go syntax", path: "calc/sum.go", text: sumGo,
			edit: diffing.Edit{Start: strings.Index(sumGo, "return total"), End: strings.Index(sumGo, "return total") + 6, New: "return return"},
			want: diffing.ErrSyntax, wantReason: "syntax",
		},
		{
			name: "spaces in a file indented with tabs", path: "calc/sum.go", text: sumGo,
			edit: diffing.Edit{Start: strings.Index(sumGo, "\treturn"), End: strings.Index(sumGo, "\treturn"), New: "    total++\n"},
			want: diffing.ErrIndentation, wantReason: "indentation",
		},
		{
			name: "a good edit passes", path: "calc/sum.go", text: sumGo,
			edit: diffing.Edit{Start: strings.Index(sumGo, "xs {"), End: strings.Index(sumGo, "xs {") + 2, New: "values"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verify(tt.path, tt.text, tt.edit)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("verify = %v, want %v", err, tt.want)
			}
			if err != nil && reason(err) != tt.wantReason {
				t.Errorf("reason = %s, want %s", reason(err), tt.wantReason)
			}
		})
	}
}

func TestCommonAffixesKeepRunes(t *testing.T) {
	// "é" is C3 A9 and "è" C3 A8: they share a byte but no rune.
	if n := commonPrefix("é", "è"); n != 0 {
		t.Errorf("commonPrefix = %d, want 0", n)
	}
	// "é" and "ũ" (C5 A9) share their last byte.
	if n := commonSuffix("xé", "xũ"); n != 0 {
		t.Errorf("commonSuffix = %d, want 0", n)
	}
}

func TestRebase(t *testing.T) {
	text := "x := compute(a)\n"
	at := strings.Index(text, "a)")
	o := &offer{text: text, start: at, end: at + 1, new: "a, b"} // a → a, b
	ins := &offer{text: text, start: at + 1, end: at + 1, new: ", b"}
	tests := []struct {
		name  string
		o     *offer
		typed string
		want  diffing.Edit
		state rebaseState
	}{
		{name: "unchanged text keeps the edit", o: o, typed: text, want: diffing.Edit{Start: at, End: at + 1, New: "a, b"}, state: rebaseOK},
		{name: "typing the start leaves the rest", o: ins, typed: "x := compute(a,)\n",
			want: diffing.Edit{Start: at + 2, End: at + 2, New: " b"}, state: rebaseOK},
		{name: "typing all of it is done", o: ins, typed: "x := compute(a, b)\n", state: rebaseDone},
		{name: "typing something else is stale", o: ins, typed: "x := compute(a;)\n", state: rebaseStale},
		{name: "typing elsewhere is stale", o: ins, typed: "y := compute(a)\n", state: rebaseStale},
		{name: "the rest never splits a rune", o: &offer{text: "s := \"\"\n", start: 6, end: 6, new: "é€"},
			typed: "s := \"é\"\n", want: diffing.Edit{Start: 8, End: 8, New: "€"}, state: rebaseOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, st := rebase(tt.o, tt.typed)
			if st != tt.state || (st == rebaseOK && got != tt.want) {
				t.Fatalf("rebase = %+v, %v; want %+v, %v", got, st, tt.want, tt.state)
			}
			if st == rebaseOK {
				applied, _ := diffing.Apply(tt.typed, []diffing.Edit{got})
				if applied != tt.o.final() {
					t.Errorf("the rest gives %q, want %q", applied, tt.o.final())
				}
			}
		})
	}
}
