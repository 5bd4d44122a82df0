package suggest

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

// BenchmarkProcess post-processes typical model outputs in a 10,000-line file.
func BenchmarkProcess(b *testing.B) {
	text := goFile(10_000)
	mid := strings.Index(text[len(text)/2:], "\treturn b - a\n") + len(text)/2
	// An empty, indented line before "return b - a" for the multi-line cases.
	blank := text[:mid] + "\t\n" + text[mid:]
	tests := []struct {
		name   string
		text   string
		cursor int
		raw    string
	}{
		{name: "single-line", text: text, cursor: mid + len("\treturn b"), raw: " + a*2 - 1\n\t}\n<|endoftext|>"},
		{name: "multi-line", text: blank, cursor: mid + 1,
			raw: "if a == 0 {\n\t\treturn b\n\t}\n\treturn b - a\n}\n\nfunc G() {"},
		{name: "runaway", text: blank, cursor: mid + 1, raw: strings.Repeat("x := compute(a, b)\n\t", 2200)},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			in := Input{Raw: tt.raw, Text: tt.text, Cursor: tt.cursor, Language: "go", Stop: []string{"<|endoftext|>"}}
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				Process(in)
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

// BenchmarkFinished checks a streamed multi-line answer after every chunk of
// four bytes, as the engine does, in a 10,000-line file: one op is the whole
// stream of a 30-line block.
func BenchmarkFinished(b *testing.B) {
	text := goFile(10_000)
	mid := strings.Index(text[len(text)/2:], "\treturn b - a\n") + len(text)/2
	blank := text[:mid] + "\t\n" + text[mid:]
	var raw strings.Builder
	for i := range 30 {
		fmt.Fprintf(&raw, "x%d := compute(a, b)\n\t", i)
	}
	out := raw.String()
	in := Input{Text: blank, Cursor: mid + 1, Language: "go", Mode: ModeMultiLine, Stop: []string{"<|endoftext|>"}}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for n := 4; n < len(out); n += 4 {
			in.Raw = out[:n]
			if Finished(in) {
				break
			}
		}
	}
	reportCPU(b, start)
}
