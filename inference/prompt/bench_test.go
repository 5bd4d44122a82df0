package prompt

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// goFile returns a Go source of about n lines.
func goFile(n int) string {
	var sb strings.Builder
	sb.WriteString("package big\n\n")
	for i := 0; i < (n-2)/8; i++ {
		fmt.Fprintf(&sb, "// F%d computes a value.\nfunc F%d(a, b int) int {\n\tif a > b {\n"+
			"\t\treturn a - b + %d\n\t}\n\treturn b - a\n}\n\n", i, i, i)
	}
	return sb.String()
}

// BenchmarkBuild assembles a Qwen2.5-Coder prompt with default budgets and
// four extra chunks, the cursor in the middle of the file, as on every
// keystroke.
func BenchmarkBuild(b *testing.B) {
	tmpl, _ := Lookup(FamilyQwenCoder)
	extra := []File{
		{Path: "a.go", Text: strings.Repeat("func a() {}\n", 40)},
		{Path: "b.go", Text: strings.Repeat("func b() {}\n", 40)},
		{Path: "c.go", Text: strings.Repeat("func c() {}\n", 40)},
		{Path: "d.go", Text: strings.Repeat("func d() {}\n", 40)},
	}
	for _, lines := range []int{10_000, 200_000} {
		text := goFile(lines)
		cursor := strings.Index(text[len(text)/2:], "return b") + len(text)/2 + len("return b")
		b.Run(fmt.Sprintf("lines=%d/bytes=%d", lines, len(text)), func(b *testing.B) {
			r := Request{Path: "big.go", Language: "go", Text: text, Cursor: cursor, Extra: extra}
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := Build(tmpl, r, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
	}
}

// reportCPU reports the process CPU time per operation, which unlike wall
// time does not grow when other processes share the machine.
func reportCPU(b *testing.B, start time.Duration) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
