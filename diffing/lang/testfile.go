package lang

import (
	"slices"
	"strings"
)

// TestNaming is how a language names the test file of a source file:
// Prefix, the stem (the file name less its extension), Suffix, then the
// extension, or Ext in its place when set.
type TestNaming struct {
	Prefix, Suffix, Ext string
	// Prefixes and Suffixes are what the stem of a file that is a test
	// file already starts or ends with.
	Prefixes, Suffixes []string
}

// IsTest reports whether a file of the given stem is a test file already.
func (n TestNaming) IsTest(stem string) bool {
	return slices.ContainsFunc(n.Prefixes, func(p string) bool { return strings.HasPrefix(stem, p) }) ||
		slices.ContainsFunc(n.Suffixes, func(s string) bool { return strings.HasSuffix(stem, s) })
}

// testExtensions are the further extensions whose test files follow a
// language's TestFile, beyond its Extensions: module variants that Detect
// and whole-file checks leave alone.
var testExtensions = map[string]string{".cjs": "javascript", ".mts": "typescript", ".cts": "typescript"}

// TestNamingFor returns the test file naming for a file of the extension
// (with its dot, any case): that of the language of the extension, or a
// "_test" suffix for other extensions and languages without a convention.
func TestNamingFor(ext string) TestNaming {
	ext = strings.ToLower(ext)
	l, ok := byExt[ext]
	if id, more := testExtensions[ext]; more {
		l, ok = byID[id], true
	}
	if ok && l.TestFile.Suffix+l.TestFile.Prefix != "" {
		return l.TestFile
	}
	return suffixTests
}
