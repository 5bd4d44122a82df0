package diffing

import (
	"errors"
	"testing"
)

func TestCheckBrackets(t *testing.T) {
	tests := []struct {
		name          string
		path          string
		before, after string
		wantErr       error
	}{
		{name: "balanced", path: "a.go", before: "f()\n", after: "f(g())\n"},
		{name: "drops_closer", path: "a.go", before: "func f() {\n}\n", after: "func f() {\n", wantErr: ErrUnbalanced},
		{name: "stray_closer", path: "a.js", before: "x\n", after: "x)\n", wantErr: ErrUnbalanced},
		{name: "crossed", path: "a.c", before: "(a[b])\n", after: "(a[b)]\n", wantErr: ErrUnbalanced},
		{name: "already_unbalanced_same", path: "a.go", before: "func f() {\n", after: "func g() {\n"},
		{name: "fixes_imbalance", path: "a.go", before: "func f() {\n", after: "func f() {\n}\n"},
		{name: "string", path: "a.go", before: "x\n", after: "s := \"(\"\n"},
		{name: "escaped_quote", path: "a.go", before: "x\n", after: "s := \"\\\"(\"\n"},
		{name: "raw_string", path: "a.go", before: "x\n", after: "s := `{\n[`\n"},
		{name: "line_comment", path: "a.ts", before: "x\n", after: "x // (\n"},
		{name: "block_comment", path: "a.java", before: "x\n", after: "/* { */ x\n"},
		{name: "char_literal", path: "a.c", before: "x\n", after: "c = '(';\n"},
		{name: "escaped_char_literal", path: "a.c", before: "x\n", after: "c = '\\'';\n"},
		{name: "rust_lifetime", path: "a.rs", before: "x\n", after: "fn f<'a>(x: &'a str) {}\n"},
		{name: "python_comment", path: "a.py", before: "x\n", after: "x  # (\n"},
		{name: "python_triple", path: "a.py", before: "x\n", after: "s = \"\"\"\n(\n\"\"\"\n"},
		{name: "python_unclosed", path: "a.py", before: "f(x)\n", after: "f(x\n", wantErr: ErrUnbalanced},
		{name: "unknown_language_unchecked", path: "notes.md", before: "x\n", after: "1) item\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckBrackets(tt.path, tt.before, tt.after); !errors.Is(err, tt.wantErr) {
				t.Errorf("CheckBrackets = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestCheckIndentation(t *testing.T) {
	tests := []struct {
		name          string
		before, after string
		wantErr       error
	}{
		{name: "tabs_ok", before: "f {\n\ta\n}\n", after: "f {\n\ta\n\tb\n}\n"},
		{name: "spaces_in_tab_file", before: "f {\n\ta\n}\n", after: "f {\n\ta\n    b\n}\n", wantErr: ErrIndentation},
		{name: "tab_in_space_file", before: "f:\n    a\n", after: "f:\n    a\n\tb\n", wantErr: ErrIndentation},
		{name: "alignment_after_tab", before: "f {\n\ta\n}\n", after: "f {\n\ta\n\t  b\n}\n"},
		{name: "comment_star", before: "f {\n\ta\n}\n", after: "/*\n * x\n */\nf {\n\ta\n}\n"},
		{name: "old_lines_not_checked", before: "f {\n\ta\n    b\n\tc\n\td\n}\n", after: "f {\n\ta\n    b\n\tc\n\tD\n}\n"},
		{name: "unknown_style", before: "a\nb\n", after: "a\n\tb\n    c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckIndentation(tt.before, tt.after); !errors.Is(err, tt.wantErr) {
				t.Errorf("CheckIndentation = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestCheckGoSyntax(t *testing.T) {
	tests := []struct {
		name          string
		before, after string
		wantErr       error
	}{
		{name: "valid", before: "package p\n", after: "package p\n\nfunc f() {}\n"},
		{name: "new_error", before: "package p\n", after: "package p\n\nfunc f() {\n", wantErr: ErrSyntax},
		{name: "same_error_moved", before: "package p\nvar x = \n", after: "package p\n\n// moved\nvar x = \n"},
		{name: "fixes_error", before: "package p\nvar x = \n", after: "package p\nvar x = 1\n"},
		{name: "snippet_without_package", before: "x := 1\n", after: "x := 2\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckGoSyntax(tt.before, tt.after); !errors.Is(err, tt.wantErr) {
				t.Errorf("CheckGoSyntax = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	if err := Verify("a.go", "package p\n", "package p\n\nfunc f() { return }\n"); err != nil {
		t.Errorf("Verify valid Go = %v", err)
	}
	if err := Verify("a.go", "package p\n", "package p\n\nfunc f() {{ }\n"); !errors.Is(err, ErrUnbalanced) {
		t.Errorf("Verify unbalanced = %v, want ErrUnbalanced", err)
	}
	if err := Verify("a.txt", "x\n", "((\n"); err != nil {
		t.Errorf("Verify text file = %v", err)
	}
}
