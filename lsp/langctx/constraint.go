package langctx

import (
	"path/filepath"
	"strings"
)

// knownOS and knownArch are the operating systems and architectures a Go
// file name may end in, as go/build reads them.
var (
	knownOS = setOf("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos")
	knownArch = setOf("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
		"mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
		"riscv64", "s390", "s390x", "sparc", "sparc64", "wasm")
)

func setOf(names ...string) map[string]bool {
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}

// constrained reports a file that its build may leave out: for Go, one
// with a //go:build line or whose name ends in an operating system or an
// architecture. A server asked about a use in it may know nothing there,
// so a use elsewhere is asked about first.
func constrained(languageID, path, text string) bool {
	if languageID != "go" {
		return false
	}
	elems := strings.Split(strings.TrimSuffix(filepath.Base(path), ".go"), "_")
	if n := len(elems); n > 1 && (knownOS[elems[n-1]] || knownArch[elems[n-1]]) {
		return true
	}
	header := text
	if i := strings.Index(text, "\npackage "); i >= 0 {
		header = text[:i]
	} else if strings.HasPrefix(text, "package ") {
		header = ""
	}
	return strings.Contains(header, "//go:build ")
}
