package route

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

func TestAppendKey(t *testing.T) {
	tests := []struct {
		name        string
		give        *inference.Request
		want        string
		wantContext string
	}{
		{name: "nil"},
		{name: "raw", give: &inference.Request{Model: "m", Raw: true, Prompt: "<PRE>a\nb<SUF>c\n<MID>"},
			want: "m\x1d<PRE>a\nb<SUF>c\n<MID>", wantContext: "m\x1d<PRE>a\nb<SUF>c\n"},
		{name: "fim", give: &inference.Request{Prompt: "l1\nl2", Suffix: "s", Extra: []inference.ContextFile{{Name: "x.go", Text: "x"}}},
			want: "\x1dx.go\nx\x1el1\nl2\x1fs", wantContext: "\x1dx.go\nx\x1el1\n"},
		{name: "fim on the first line", give: &inference.Request{Prompt: "l1", Suffix: "s"}, want: "\x1dl1\x1fs", wantContext: "\x1d"},
		{name: "chat", give: &inference.Request{Messages: []inference.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "hi"}}},
			want: "\x1dsystem\nbe brief\x1euser\nhi\x1e", wantContext: "\x1dsystem\nbe brief\x1e"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := AppendKey([]byte("old"), tt.give)
			ctx := AppendContextKey(nil, tt.give)
			if diff := cmp.Diff(tt.want, string(key[3:])); diff != "" {
				t.Errorf("AppendKey() (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantContext, string(ctx)); diff != "" {
				t.Errorf("AppendContextKey() (-want +got):\n%s", diff)
			}
			if !bytes.HasPrefix(key[3:], ctx) {
				t.Errorf("context key %q is not a prefix of the key %q", ctx, key[3:])
			}
		})
	}
}
