package prompt

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTemplateTokens pins the control tokens of each family to the model
// cards, spelled with explicit code points where they are easy to get wrong
// (DeepSeek-Coder uses U+FF5C FULLWIDTH VERTICAL LINE and U+2581 LOWER ONE
// EIGHTH BLOCK).
func TestTemplateTokens(t *testing.T) {
	tests := []struct {
		give                 Family
		prefix, suffix, midl string
		firstStop            string
	}{
		{FamilyQwenCoder, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|endoftext|>"},
		{FamilyDeepSeekCoder, "<\uff5cfim\u2581begin\uff5c>", "<\uff5cfim\u2581hole\uff5c>", "<\uff5cfim\u2581end\uff5c>",
			"<\uff5cend\u2581of\u2581sentence\uff5c>"},
		{FamilyStarCoder2, "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<|endoftext|>"},
		{FamilyStarCoder, "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<|endoftext|>"},
		{FamilyCodeLlama, "<PRE>", "<SUF>", "<MID>", "<EOT>"},
		{FamilyCodestral, "[PREFIX]", "[SUFFIX]", "[MIDDLE]", "</s>"},
		{FamilyCodeGemma, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|file_separator|>"},
	}
	for _, tt := range tests {
		t.Run(string(tt.give), func(t *testing.T) {
			tmpl, ok := Lookup(tt.give)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", tt.give)
			}
			got := []string{tmpl.PrefixToken, tmpl.SuffixToken, tmpl.MiddleToken, tmpl.Stop[0]}
			want := []string{tt.prefix, tt.suffix, tt.midl, tt.firstStop}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
			if _, err := parseFormat(tmpl.Format); err != nil {
				t.Errorf("format does not parse: %v", err)
			}
			for _, tok := range []string{tmpl.PrefixToken, tmpl.SuffixToken} {
				if !strings.Contains(tmpl.Format, tok) {
					t.Errorf("format %q lacks %q", tmpl.Format, tok)
				}
			}
			if !strings.HasSuffix(tmpl.Format, "{middle}") {
				t.Errorf("format %q does not end with {middle}", tmpl.Format)
			}
		})
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	a, _ := Lookup(FamilyQwenCoder)
	a.Stop[0] = "changed"
	b, _ := Lookup(FamilyQwenCoder)
	if b.Stop[0] != "<|endoftext|>" {
		t.Errorf("Lookup shares its Stop slice: got %q", b.Stop[0])
	}
	if _, ok := Lookup("gpt-2"); ok {
		t.Error("Lookup found an unknown family")
	}
}

func TestCodestralPutsSuffixFirst(t *testing.T) {
	tmpl, _ := Lookup(FamilyCodestral)
	if strings.Index(tmpl.Format, "[SUFFIX]") > strings.Index(tmpl.Format, "[PREFIX]") {
		t.Errorf("Codestral format %q must put [SUFFIX] before [PREFIX]", tmpl.Format)
	}
}

func TestParseTemplate(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		wantErr string
	}{
		{name: "full", give: "{context}<PRE>{prefix}<SUF>{suffix}<MID>{middle}"},
		{name: "minimal", give: "<s>{prefix}<hole>{suffix}<fill>"},
		{name: "literal braces", give: "{ {prefix} } {suffix}"},
		{name: "missing suffix", give: "<PRE>{prefix}<MID>", wantErr: "needs both {prefix} and {suffix}"},
		{name: "typo", give: "{prefx}{suffix}", wantErr: "unknown placeholder {prefx}"},
		{name: "twice", give: "{prefix}{suffix}{prefix}", wantErr: "placeholder {prefix} appears twice"},
		{name: "middle not last", give: "{prefix}{middle}{suffix}", wantErr: "{middle} must end the template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate(tt.give, []string{"<EOT>"})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseTemplate: %v", err)
				}
				if tmpl.Family != FamilyCustom || tmpl.Stop[0] != "<EOT>" {
					t.Errorf("got %+v", tmpl)
				}
				return
			}
			var te *TemplateError
			if !errors.As(err, &te) || te.Reason != tt.wantErr || !errors.Is(err, ErrBadTemplate) {
				t.Errorf("error = %v, want TemplateError %q wrapping ErrBadTemplate", err, tt.wantErr)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	tests := []struct {
		give string
		kv   []string
		want string
	}{
		{give: "<|file_sep|>{path}\n{text}", kv: []string{"path", "a.go", "text", "x {path}\n"}, want: "<|file_sep|>a.go\nx {path}\n"},
		{give: "{repo}{other}", kv: []string{"repo", "r"}, want: "r{other}"},
		{give: "{ {path", kv: []string{"path", "p"}, want: "{ {path"},
		{give: "", want: ""},
	}
	for _, tt := range tests {
		if got := expand(tt.give, tt.kv...); got != tt.want {
			t.Errorf("expand(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
