package diffing

import (
	"errors"
	"testing"
)

func TestCleanPath(t *testing.T) {
	tests := []struct {
		give    string
		want    string
		wantErr error
	}{
		{give: "a/b.go", want: "a/b.go"},
		{give: "./a//b/../c.go", want: "a/c.go"},
		{give: `dir\file.go`, want: "dir/file.go"},
		{give: "/abs/x.go", want: "/abs/x.go"},
		{give: "/abs/../../x.go", want: "/x.go"},
		{give: "..", wantErr: ErrPathEscape},
		{give: "../x", wantErr: ErrPathEscape},
		{give: "a/../../x", wantErr: ErrPathEscape},
		{give: `..\x`, wantErr: ErrPathEscape},
		{give: "a/../../a/x", wantErr: ErrPathEscape},
		{give: "", wantErr: ErrBadPath},
		{give: "  ", wantErr: ErrBadPath},
		{give: "a\x00b", wantErr: ErrBadPath},
		{give: "a\nb", wantErr: ErrBadPath},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got, err := CleanPath(tt.give)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("CleanPath(%q) error = %v, want %v", tt.give, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("CleanPath(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestTargetsDocument(t *testing.T) {
	tests := []struct {
		name, doc string
		want      bool
	}{
		{name: "", doc: "/w/main.go", want: true},
		{name: "original", doc: "/w/main.go", want: true},
		{name: "main.go", doc: "/w/main.go", want: true},
		{name: "cmd/main.go", doc: "/w/cmd/main.go", want: true},
		{name: "/w/main.go", doc: "/w/main.go", want: true},
		{name: "./main.go", doc: "main.go", want: true},
		{name: "ain.go", doc: "/w/main.go", want: false},
		{name: "other.go", doc: "/w/main.go", want: false},
		{name: "../main.go", doc: "/w/main.go", want: false},
		{name: "/x/main.go", doc: "/w/main.go", want: false},
	}
	for _, tt := range tests {
		if got := targetsDocument(tt.name, tt.doc); got != tt.want {
			t.Errorf("targetsDocument(%q, %q) = %v, want %v", tt.name, tt.doc, got, tt.want)
		}
	}
}

func TestFilePatchName(t *testing.T) {
	tests := []struct {
		orig, new, want string
	}{
		{orig: "a/x.go", new: "b/x.go", want: "x.go"},
		{orig: "x.go", new: "x.go", want: "x.go"},
		{orig: "a/x.go", new: "a/x.go", want: "a/x.go"},
		{orig: DevNull, new: "b/n.go", want: "n.go"},
		{orig: "a/o.go", new: DevNull, want: "o.go"},
		{orig: "a/old.go", new: "b/new.go", want: "new.go"},
		{orig: "", new: "", want: ""},
	}
	for _, tt := range tests {
		p := &FilePatch{OrigName: tt.orig, NewName: tt.new}
		if got := p.Name(); got != tt.want {
			t.Errorf("Name(%q, %q) = %q, want %q", tt.orig, tt.new, got, tt.want)
		}
	}
}
