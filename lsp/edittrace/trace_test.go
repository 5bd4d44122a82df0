package edittrace

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRoundTrip(t *testing.T) {
	tr := Synthesize("a.go", "go", "package a\n\nfunc f() {\n\treturn\n}\n", 2, 3)
	var buf bytes.Buffer
	if err := Write(&buf, tr); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tr, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if again := Synthesize("a.go", "go", "package a\n\nfunc f() {\n\treturn\n}\n", 2, 3); !cmp.Equal(tr, again) {
		t.Error("the same seed gave another trace")
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, give, want string
	}{
		{"empty", "", "trace is empty"},
		{"no header", `{"gap":1,"op":"type","text":"a"}`, `trace line 1: want an "open" header, got "type"`},
		{"truncated", "{\"op\":\"open\",\"path\":\"a.go\",\"text\":\"\"}\n{\"gap\":1,\"op\":\"ty", "trace line 2: unexpected end of JSON input"},
		{"malformed", "{\"op\":\"open\",\"text\":\"\"}\n{\"gap\":1,\"op\":\"type\"}\nnot json", "trace line 3: invalid character"},
		{"unknown op", "{\"op\":\"open\",\"text\":\"\"}\n{\"op\":\"paste\"}", `trace line 2: unknown op "paste"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.give))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
