package editortest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// RepoRoot returns the absolute path of the repository's root directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("editortest: cannot locate the repository root")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// Snippet returns the first fenced code block of README.md that lies
// between the HTML comments <!-- name --> and <!-- /name -->: the text a
// user copies, which the editor tests run verbatim.
func Snippet(t testing.TB, name string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := snippet(readme, name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func snippet(readme []byte, name string) (string, error) {
	q := regexp.QuoteMeta(name)
	section := regexp.MustCompile(`(?s)<!-- ` + q + ` -->(.*?)<!-- /` + q + ` -->`).FindSubmatch(readme)
	if section == nil {
		return "", fmt.Errorf("README.md has no <!-- %s --> ... <!-- /%s --> section", name, name)
	}
	block := regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindSubmatch(section[1])
	if block == nil {
		return "", fmt.Errorf("README.md's %s section holds no fenced code block", name)
	}
	return string(block[1]), nil
}
