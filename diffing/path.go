package diffing

import (
	"fmt"
	"path"
	"strings"
	"unicode"
)

// CleanPath cleans a file name taken from a diff and returns it with forward
// slashes. It refuses empty names and names with control characters
// (ErrBadPath) and relative names that climb out of their root with ".."
// (ErrPathEscape). Absolute names are cleaned and returned: whether they lie
// inside a workspace root is for the caller to decide.
func CleanPath(name string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", fmt.Errorf("clean path %q: %w", name, ErrBadPath)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "", fmt.Errorf("clean path %q: %w", name, ErrBadPath)
	}
	slashed := strings.ReplaceAll(name, `\`, "/")
	clean := path.Clean(slashed)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("clean path %q: %w", name, ErrPathEscape)
	}
	if path.IsAbs(clean) {
		return clean, nil
	}
	if strings.Contains("/"+slashed+"/", "/../") && escapes(slashed) {
		return "", fmt.Errorf("clean path %q: %w", name, ErrPathEscape)
	}
	return clean, nil
}

// escapes reports whether a relative slash path ever climbs above its start,
// even if it comes back ("a/../../b/..").
func escapes(p string) bool {
	depth := 0
	for _, part := range strings.Split(p, "/") {
		switch part {
		case "", ".":
		case "..":
			depth--
			if depth < 0 {
				return true
			}
		default:
			depth++
		}
	}
	return false
}

// placeholderNames are the file names models use when they do not know the
// file's name; such a diff targets the current document.
var placeholderNames = map[string]bool{
	"a": true, "b": true, "file": true, "original": true, "modified": true, "old": true,
	"new": true, "before": true, "after": true, "source": true, "code": true, "updated": true,
}

// targetsDocument reports whether a diff naming name is meant for the
// document at docPath: it names no file, a placeholder, the document itself,
// or a relative path that the document's path ends with.
func targetsDocument(name, docPath string) bool {
	if name == "" || placeholderNames[strings.ToLower(name)] {
		return true
	}
	n, err := CleanPath(name)
	if err != nil {
		return false
	}
	doc := path.Clean(strings.ReplaceAll(docPath, `\`, "/"))
	return n == doc || (!path.IsAbs(n) && strings.HasSuffix(doc, "/"+n))
}
