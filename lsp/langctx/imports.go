package langctx

import (
	"regexp"
	"strings"
)

// Import statements, by language: what a document imports names a
// qualifier its code may write next, though it does not use it yet.
var (
	goImportBlock = regexp.MustCompile(`(?ms)^import\s*\((.*?)^\)`)
	goImportLine  = regexp.MustCompile(`(?m)^import\s+([A-Za-z_][A-Za-z0-9_]*\s+)?"([^"]+)"`)
	goImportSpec  = regexp.MustCompile(`(?m)^\s*([A-Za-z_][A-Za-z0-9_]*\s+)?"([^"]+)"`)
	pyImport      = regexp.MustCompile(`(?m)^\s*import\s+([\w.]+)(?:\s+as\s+(\w+))?\s*$`)
	tsNamespace   = regexp.MustCompile(`(?m)^\s*import\s+\*\s+as\s+([A-Za-z_$][\w$]*)\s+from\s*['"]([^'"]+)['"]`)
)

// anImport is one import of a document: the name its code qualifies the
// module or package with, and the path that names it across files.
type anImport struct{ name, path string }

// imported returns text's imports of whole modules or packages. The name
// is an import's alias, else, for Go, the package's likely name (the last
// element of its path, without a major version), for Python the module's
// first name (which is then its path too).
func imported(languageID, text string) []anImport {
	var out []anImport
	switch languageID {
	case "go":
		var specs [][]string
		for _, b := range goImportBlock.FindAllStringSubmatch(text, -1) {
			specs = append(specs, goImportSpec.FindAllStringSubmatch(b[1], -1)...)
		}
		specs = append(specs, goImportLine.FindAllStringSubmatch(text, -1)...)
		for _, s := range specs {
			name := strings.TrimSpace(s[1])
			if name == "" {
				name = goPackageName(s[2])
			}
			out = append(out, anImport{name, s[2]})
		}
	case "python":
		for _, m := range pyImport.FindAllStringSubmatch(text, -1) {
			if m[2] != "" {
				out = append(out, anImport{m[2], m[1]})
				continue
			}
			first, _, _ := strings.Cut(m[1], ".")
			out = append(out, anImport{first, first})
		}
	case "typescript", "typescriptreact", "javascript", "javascriptreact":
		for _, m := range tsNamespace.FindAllStringSubmatch(text, -1) {
			out = append(out, anImport{m[1], m[2]})
		}
	}
	return out
}

// goPackageName guesses the name of the package at an import path: its
// last element, skipping a major version ("v2") and dropping a "go-"
// prefix or a ".v3" suffix.
func goPackageName(path string) string {
	elems := strings.Split(path, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && isMajorVersion(name) {
		name = elems[len(elems)-2]
	}
	name = strings.TrimPrefix(name, "go-")
	if i := strings.IndexAny(name, ".-"); i > 0 {
		name = name[:i]
	}
	return name
}

// isMajorVersion reports an import path element such as "v2".
func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
