package lang

import (
	"slices"
	"testing"
)

func TestTestNamingFor(t *testing.T) {
	tests := []struct {
		ext          string
		wantPrefix   string
		wantSuffix   string
		wantExt      string
		wantTests    []string // stems that are test files already
		wantNotTests []string // stems that are not
	}{
		{ext: ".go", wantSuffix: "_test", wantTests: []string{"foo_test"}, wantNotTests: []string{"foo", "test_foo"}},
		{ext: ".py", wantPrefix: "test_", wantTests: []string{"test_foo", "foo_test"}, wantNotTests: []string{"foo", "footest"}},
		{ext: ".PY", wantPrefix: "test_", wantTests: []string{"test_foo"}},
		{ext: ".js", wantSuffix: ".test", wantTests: []string{"foo.test", "foo.spec"}, wantNotTests: []string{"foo_test"}},
		{ext: ".jsx", wantSuffix: ".test", wantTests: []string{"foo.spec"}},
		{ext: ".mjs", wantSuffix: ".test", wantTests: []string{"foo.test"}},
		{ext: ".cjs", wantSuffix: ".test", wantTests: []string{"foo.test"}},
		{ext: ".ts", wantSuffix: ".test", wantTests: []string{"foo.test"}},
		{ext: ".tsx", wantSuffix: ".test", wantTests: []string{"foo.test"}},
		{ext: ".mts", wantSuffix: ".test", wantTests: []string{"foo.spec"}},
		{ext: ".cts", wantSuffix: ".test", wantTests: []string{"foo.spec"}},
		{ext: ".java", wantSuffix: "Test", wantTests: []string{"FooTest", "FooTests"}, wantNotTests: []string{"Foo", "foo_test"}},
		{ext: ".kt", wantSuffix: "Test", wantTests: []string{"FooTest"}},
		{ext: ".scala", wantSuffix: "Test", wantTests: []string{"FooTests"}},
		{ext: ".php", wantSuffix: "Test", wantTests: []string{"FooTest"}},
		{ext: ".swift", wantSuffix: "Test", wantTests: []string{"FooTests"}},
		{ext: ".cs", wantSuffix: "Tests", wantTests: []string{"FooTests"}, wantNotTests: []string{"FooTest"}},
		{ext: ".ex", wantSuffix: "_test", wantExt: ".exs", wantTests: []string{"foo_test"}},
		{ext: ".exs", wantSuffix: "_test", wantExt: ".exs", wantTests: []string{"foo_test"}},
		// Extensions without a convention of their own, including those
		// that only whole-file checks know, end in _test.
		{ext: ".rs", wantSuffix: "_test", wantTests: []string{"foo_test"}, wantNotTests: []string{"test_foo"}},
		{ext: ".kts", wantSuffix: "_test", wantTests: []string{"foo_test"}, wantNotTests: []string{"FooTest"}},
		{ext: ".pyi", wantSuffix: "_test", wantNotTests: []string{"test_foo"}},
		{ext: ".txt", wantSuffix: "_test"},
		{ext: "", wantSuffix: "_test"},
	}
	for _, tt := range tests {
		n := TestNamingFor(tt.ext)
		if n.Prefix != tt.wantPrefix || n.Suffix != tt.wantSuffix || n.Ext != tt.wantExt {
			t.Errorf("TestNamingFor(%q) = %+v, want prefix %q, suffix %q, ext %q", tt.ext, n, tt.wantPrefix, tt.wantSuffix, tt.wantExt)
		}
		for _, stem := range tt.wantTests {
			if !n.IsTest(stem) {
				t.Errorf("TestNamingFor(%q).IsTest(%q) = false, want true", tt.ext, stem)
			}
		}
		for _, stem := range tt.wantNotTests {
			if n.IsTest(stem) {
				t.Errorf("TestNamingFor(%q).IsTest(%q) = true, want false", tt.ext, stem)
			}
		}
	}
}

// TestTestNamingNamesItsOwnFiles checks that every naming in the table
// takes the names it gives for test files.
func TestTestNamingNamesItsOwnFiles(t *testing.T) {
	for _, l := range table {
		for _, ext := range l.Extensions {
			n := TestNamingFor(ext)
			if stem := n.Prefix + "foo" + n.Suffix; !n.IsTest(stem) {
				t.Errorf("%s: %s names test files %q but does not take them", l.ID, ext, stem)
			}
			if slices.Contains(n.Suffixes, "") || slices.Contains(n.Prefixes, "") {
				t.Errorf("%s: an empty mark takes every file for a test", l.ID)
			}
		}
	}
}
