package diffing

import (
	"fmt"
	"strings"
	"testing"
)

// scatteredTexts returns a Go-like file of n lines and a copy with an edit
// every step lines: alternately a changed identifier, an inserted line and a
// deleted line.
func scatteredTexts(n, step int) (old, new string) {
	var a, b strings.Builder
	for i := range n {
		line := fmt.Sprintf("\tresult%d := compute(input%d, %d) // line %d\n", i, i, i*7, i)
		a.WriteString(line)
		if i%step != step/2 {
			b.WriteString(line)
			continue
		}
		switch (i / step) % 3 {
		case 0:
			b.WriteString(strings.Replace(line, "compute", "computeFast", 1))
		case 1:
			b.WriteString(line)
			b.WriteString("\tlog.Printf(\"checkpoint\")\n")
		case 2: // deleted
		}
	}
	return a.String(), b.String()
}

func BenchmarkComputeEdits10k(b *testing.B) {
	for _, step := range []int{1000, 100, 10} {
		old, new := scatteredTexts(10000, step)
		b.Run(fmt.Sprintf("edits=%d", 10000/step), func(b *testing.B) {
			b.SetBytes(int64(len(old)))
			b.ReportAllocs()
			for b.Loop() {
				ComputeEdits(old, new)
			}
		})
	}
}

func BenchmarkComputeLineEdits10k(b *testing.B) {
	old, new := scatteredTexts(10000, 100)
	b.SetBytes(int64(len(old)))
	b.ReportAllocs()
	for b.Loop() {
		ComputeLineEdits(old, new)
	}
}

func BenchmarkComputeEditsRewrite(b *testing.B) {
	old, _ := scatteredTexts(2000, 100)
	new := strings.ReplaceAll(old, "compute", "evaluate")
	new = strings.ReplaceAll(new, "input", "arg")
	b.SetBytes(int64(len(old)))
	b.ReportAllocs()
	for b.Loop() {
		ComputeEdits(old, new)
	}
}

func BenchmarkFromModelOutput10k(b *testing.B) {
	old, new := scatteredTexts(10000, 100)
	preview, err := Unified("a/big.go", "b/big.go", old, new)
	if err != nil {
		b.Fatal(err)
	}
	output := "Here is the change:\n```diff\n" + preview + "```\n"
	b.SetBytes(int64(len(old)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromModelOutput("big.go", old, 0, 0, output, Options{SkipVerify: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnified10k(b *testing.B) {
	old, new := scatteredTexts(10000, 100)
	b.SetBytes(int64(len(old)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Unified("a/big.go", "b/big.go", old, new); err != nil {
			b.Fatal(err)
		}
	}
}

func TestScatteredTextsRoundTrip(t *testing.T) {
	old, new := scatteredTexts(10000, 100)
	if got, err := Apply(old, ComputeEdits(old, new)); err != nil || got != new {
		t.Fatalf("Apply(ComputeEdits) mismatch: %v", err)
	}
	if n := len(ComputeEdits(old, new)); n != 100 {
		t.Errorf("ComputeEdits made %d edits for 100 scattered changes", n)
	}
}
