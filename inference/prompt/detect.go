package prompt

import (
	"fmt"
	"strings"
)

// Hints is what backends report about the model in use; any field may be
// empty.
type Hints struct {
	// Name is the model name (Ollama "qwen2.5-coder:7b-base", a llama.cpp
	// model path, an OpenAI-compatible model id).
	Name string
	// Family is a backend's family string (Ollama details.family).
	Family string
	// OllamaTemplate is the template text from Ollama's /api/show.
	OllamaTemplate string
	// ChatTemplate is a chat template, such as llama.cpp's /props
	// chat_template.
	ChatTemplate string
}

// Variant says whether a model is a base (completion) or instruct (chat)
// model, as far as its name tells.
type Variant string

// Variants.
const (
	VariantUnknown  Variant = ""
	VariantBase     Variant = "base"
	VariantInstruct Variant = "instruct"
)

// Detection is the outcome of Detect.
type Detection struct {
	// Family is the family whose template to use.
	Family Family
	// By says what decided it: "config", "template", "name", "family" or
	// "fallback".
	By string
	// Variant is base or instruct when the name tells.
	Variant Variant
	// Notes are findings worth showing a user (lspilot doctor): a variant
	// not trained for FIM, a template without suffix support.
	Notes []string
}

// Detect picks the family from what a backend reports: FIM tokens in the
// Ollama or chat template first, then the model name, then the backend's
// family string; without any it falls back to the instruction prompt.
func Detect(h Hints) Detection {
	d := Detection{Variant: variantOf(h.Name)}
	switch {
	case familyByTokens(h.OllamaTemplate+"\n"+h.ChatTemplate, h.Name) != "":
		d.Family, d.By = familyByTokens(h.OllamaTemplate+"\n"+h.ChatTemplate, h.Name), "template"
	case familyByName(h.Name) != "":
		d.Family, d.By = familyByName(h.Name), "name"
	case familyByName(h.Family) != "":
		d.Family, d.By = familyByName(h.Family), "family"
	default:
		d.Family, d.By = FamilyChat, "fallback"
	}
	d.Notes = notes(h, d)
	return d
}

// Resolve turns the fim.template setting into a template: "" or "auto"
// detects the family from h, a family name selects its built-in template,
// and text with placeholders is parsed as a custom template using stop.
func Resolve(setting string, stop []string, h Hints) (Template, Detection, error) {
	switch {
	case setting == "" || setting == "auto":
		d := Detect(h)
		t, _ := Lookup(d.Family)
		return t, d, nil
	case strings.Contains(setting, "{"):
		t, err := ParseTemplate(setting, stop)
		if err != nil {
			return Template{}, Detection{}, fmt.Errorf("resolve fim.template: %w", err)
		}
		return t, Detection{Family: FamilyCustom, By: "config", Variant: variantOf(h.Name)}, nil
	}
	t, ok := Lookup(Family(strings.ToLower(setting)))
	if !ok {
		return Template{}, Detection{}, fmt.Errorf("resolve fim.template: %w",
			&TemplateError{Format: setting, Reason: "neither a known family nor a template with placeholders"})
	}
	d := Detection{Family: t.Family, By: "config", Variant: variantOf(h.Name)}
	d.Notes = notes(h, d)
	return t, d, nil
}

// familyByTokens recognises a family by the FIM tokens in template text.
func familyByTokens(tmpl, name string) Family {
	switch {
	case strings.Contains(tmpl, "fim▁begin"):
		return FamilyDeepSeekCoder
	case strings.Contains(tmpl, "[SUFFIX]"):
		return FamilyCodestral
	case strings.Contains(tmpl, "<PRE>") && strings.Contains(tmpl, "<SUF>"):
		return FamilyCodeLlama
	case strings.Contains(tmpl, "<|fim_prefix|>"):
		if strings.Contains(tmpl, "<|file_separator|>") || strings.Contains(tmpl, "<start_of_turn>") ||
			strings.Contains(strings.ToLower(name), "gemma") {
			return FamilyCodeGemma
		}
		return FamilyQwenCoder
	case strings.Contains(tmpl, "<fim_prefix>"):
		if strings.Contains(tmpl, "<file_sep>") || strings.Contains(tmpl, "<repo_name>") {
			return FamilyStarCoder2
		}
		return FamilyStarCoder
	}
	return ""
}

// namePatterns maps substrings of lower-cased model names to families, in
// the order they are tried.
var namePatterns = []struct {
	subs   []string
	family Family
}{
	{[]string{"codestral"}, FamilyCodestral},
	{[]string{"codegemma"}, FamilyCodeGemma},
	{[]string{"codellama", "code-llama", "code_llama"}, FamilyCodeLlama},
	{[]string{"deepseek-coder", "deepseek_coder", "deepseekcoder"}, FamilyDeepSeekCoder},
	{[]string{"starcoder2"}, FamilyStarCoder2},
	{[]string{"starcoder", "stable-code", "stablecode", "codeqwen"}, FamilyStarCoder},
	{[]string{"qwen2.5-coder", "qwen3-coder", "qwen-coder", "qwen2.5_coder", "qwen2.5coder"}, FamilyQwenCoder},
}

// familyByName recognises a family by a model name or family string.
func familyByName(name string) Family {
	n := strings.ToLower(name)
	for _, p := range namePatterns {
		for _, s := range p.subs {
			if strings.Contains(n, s) {
				return p.family
			}
		}
	}
	return ""
}

// variantOf tells base from instruct models by the usual name parts.
func variantOf(name string) Variant {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "instruct") || strings.Contains(n, "chat") || hasPart(n, "it"):
		return VariantInstruct
	case hasPart(n, "base") || hasPart(n, "code"):
		return VariantBase
	}
	return VariantUnknown
}

// hasPart reports whether a name split at its usual separators has part p,
// so "it" matches "codegemma-7b-it" but not "iterate".
func hasPart(n, p string) bool {
	parts := strings.FieldsFunc(n, func(r rune) bool { return strings.ContainsRune("-_:./@ ", r) })
	for _, s := range parts {
		if s == p {
			return true
		}
	}
	return false
}
