package edit

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// testFileFor returns the path of the test file that goes next to the
// source file at path, in its language's convention: foo_test.go,
// test_foo.py, foo.test.ts, FooTest.java, and foo_test.<ext> for other
// languages. A path that already names a test file is returned as it is.
func testFileFor(path string) string {
	cut := strings.LastIndexAny(path, `/\`) + 1
	dir, base := path[:cut], path[cut:]
	stem, ext := base, ""
	if i := strings.LastIndex(base, "."); i > 0 {
		stem, ext = base[:i], base[i:]
	}
	n := lang.TestNamingFor(ext)
	if n.IsTest(stem) {
		return path
	}
	if n.Ext != "" {
		ext = n.Ext
	}
	return dir + n.Prefix + stem + n.Suffix + ext
}

// goPackage returns the package clause's name of Go source, or "".
func goPackage(text string) string {
	for line := range strings.Lines(text) {
		if name, ok := strings.CutPrefix(line, "package "); ok {
			if f := strings.Fields(name); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

// blockEnd returns the last line of the block that starts at line first:
// the lines indented deeper than it, and the line that closes it.
func blockEnd(lines lineIndex, first int) int {
	depth, last := indentOf(lines.line(first)), first
	for i := first + 1; i < lines.count(); i++ {
		l := lines.line(i)
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if indentOf(l) > depth {
			last = i
			continue
		}
		if !strings.ContainsAny(t[:1], "})]") && t != "end" {
			return last
		}
		if !strings.ContainsAny(t[len(t)-1:], "{([:") {
			return i // the closing line
		}
		last = i // a signature or else-branch going on
	}
	return last
}

// indentOf returns the length of a line's leading white space.
func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}
