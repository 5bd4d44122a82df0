package diffing

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

type compareInput struct{ name, old, new string }

func goSource(t testing.TB, files ...string) []string {
	var lines []string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", f))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, splitLines(string(b))...)
	}
	return lines
}

func compareInputs(t testing.TB) []compareInput {
	server := goSource(t, "net/http/server.go")[:2000]
	old := strings.Join(server, "")
	// A few changed blocks: a renamed variable inside one function, an
	// inserted block, a deleted block, a rewritten comment, one changed
	// expression.
	b := append([]string(nil), server...)
	for i := 309; i < 340; i++ {
		b[i] = strings.ReplaceAll(b[i], "c.", "cn.")
		b[i] = strings.ReplaceAll(b[i], "(c *conn)", "(cn *conn)")
	}
	b[700] = "\t// The handler runs with its own context, cancelled when the\n"
	b[701] = "\t// connection closes or the request ends, whichever comes first.\n"
	b[702] = "\t// Handlers that outlive it must copy what they need.\n"
	b[1502] = strings.Replace(b[1502], "if cw.chunking {", "if cw.chunking && !cw.header.has(\"Content-Length\") {", 1)
	ins := []string{"\tif debugServer {\n", "\t\tlog.Printf(\"serve %v\", c.remoteAddr)\n", "\t}\n",
		"\tstart := time.Now()\n", "\tdefer func() {\n", "\t\tserveTime.Observe(time.Since(start))\n", "\t}()\n"}
	b = append(b[:1200], append(ins, b[1200:]...)...)
	b = append(b[:1800], b[1808:]...)
	blocks := strings.Join(b, "")

	big := goSource(t, "net/http/server.go", "net/http/transport.go", "net/http/request.go", "net/http/h2_bundle.go")[:10000]
	bigOld := strings.Join(big, "")
	big2 := append([]string(nil), big...)
	big2[5000] = strings.Replace(big2[5000], "\n", " // changed\n", 1)
	bigNew := strings.Join(big2, "")

	other := strings.Join(goSource(t, "net/http/transport.go")[:2000], "")
	rename := strings.ReplaceAll(old, "err", "e")

	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	sOld, sNew := scatteredTexts(10000, 100)
	return []compareInput{
		{"go2000_blocks", old, blocks},
		{"big10k_one_line", bigOld, bigNew},
		{"rewrite2000", old, other},
		{"rename2000", old, rename},
		{"crlf2000_blocks", crlf(old), crlf(blocks)},
		{"scattered10k_100", sOld, sNew},
	}
}

var compareImpls = []struct {
	name string
	fn   func(string, string) []Edit
}{
	{"old", ComputeEdits},
	{"udiff", udiffImpl{}.ComputeEdits},
	{"udiffredo", udiffImpl{redo: true}.ComputeEdits},
}

func TestCompareUdiff(t *testing.T) {
	for _, in := range compareInputs(t) {
		for _, impl := range compareImpls {
			edits := impl.fn(in.old, in.new)
			got, err := Apply(in.old, edits)
			if err != nil || got != in.new {
				t.Errorf("%s/%s: Apply mismatch %v", impl.name, in.name, err)
			}
			del, add := 0, 0
			for _, e := range edits {
				del += e.End - e.Start
				add += len(e.New)
			}
			line := ComputeLineEdits
			if impl.name != "old" {
				line = udiffImpl{redo: impl.name == "udiffredo"}.ComputeLineEdits
			}
			le := line(in.old, in.new)
			ldel := 0
			for _, e := range le {
				ldel += e.End - e.Start + len(e.New)
			}
			fmt.Printf("%-18s %-10s edits=%5d deleted=%7d inserted=%7d | line edits=%5d bytes=%8d\n", in.name, impl.name, len(edits), del, add, len(le), ldel)
		}
	}
}

func BenchmarkDiffCompare(b *testing.B) {
	for _, in := range compareInputs(b) {
		for _, impl := range compareImpls {
			b.Run("impl="+impl.name+"/input="+in.name, func(b *testing.B) {
				b.SetBytes(int64(len(in.old)))
				b.ReportAllocs()
				for b.Loop() {
					impl.fn(in.old, in.new)
				}
			})
		}
	}
}
