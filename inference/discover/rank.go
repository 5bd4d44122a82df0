package discover

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/lspilot/lspilot/inference/prompt"
)

// Model is one model a server offers, as its listing describes it.
type Model struct {
	// Name is what requests ask for.
	Name string
	// Family is the server's family string (Ollama details.family).
	Family string
	// ParameterSize is Ollama's size string, such as "1.5B" or "494.03M".
	ParameterSize string
	// Template is the model's prompt template (Ollama /api/show).
	Template string
	// Capabilities are Ollama's capability names ("completion", "insert",
	// "embedding"); empty when the server does not say.
	Capabilities []string
}

// Tier says how well a model serves inline completion; lower is better.
type Tier int

// The tiers, best first.
const (
	// TierFIM is a base model that fills in the middle: its Ollama template
	// uses .Suffix (Ollama's "insert" capability), or its name or family is
	// one of the FIM families lspilot has a template for (Qwen2.5-Coder,
	// DeepSeek-Coder, StarCoder, CodeLlama, Codestral, CodeGemma) and does
	// not say instruct or chat. It sees the code on both sides of the cursor
	// and continues it, which is what inline completion asks.
	TierFIM Tier = iota
	// TierCode is a code model tuned for chat: it knows code but answers
	// instructions, so lspilot asks it through the chat prompt (or through
	// FIM where the family's instruct variants keep it); slower and less
	// exact than a base model.
	TierCode
	// TierOther is any other model that generates text: the chat prompt
	// works, suggestions are weaker.
	TierOther
	// TierUnusable is a model that only embeds text; never picked.
	TierUnusable
)

// String names a tier in messages.
func (t Tier) String() string {
	switch t {
	case TierFIM:
		return "fill-in-the-middle code model"
	case TierCode:
		return "instruct code model"
	case TierOther:
		return "general model"
	}
	return "embedding model"
}

// Rank places m in its tier and says whether it fills in the middle.
func Rank(m Model) (tier Tier, fim bool) {
	if embedsOnly(m) {
		return TierUnusable, false
	}
	d := prompt.Detect(prompt.Hints{Name: m.Name, Family: m.Family, OllamaTemplate: m.Template})
	native := strings.Contains(m.Template, ".Suffix") || slices.Contains(m.Capabilities, "insert")
	known := d.Family != prompt.FamilyChat
	instruct := d.Variant == prompt.VariantInstruct
	switch {
	case !instruct && (native || known):
		return TierFIM, true
	case known || native || looksCode(m.Name):
		return TierCode, native
	}
	return TierOther, false
}

// embedsOnly reports an embedding model: Ollama says so, or its name does.
func embedsOnly(m Model) bool {
	if slices.Contains(m.Capabilities, "embedding") && !slices.Contains(m.Capabilities, "completion") {
		return true
	}
	return strings.Contains(strings.ToLower(m.Name), "embed")
}

// looksCode reports a model whose name says it is for code.
func looksCode(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "code") || strings.Contains(n, "coder")
}

// Sort orders models best first: by tier; within a tier a model that fills
// in the middle first (an instruct model whose template keeps FIM before
// one that needs the chat prompt), then one whose name says base (Ollama's
// "qwen2.5-coder:1.5b" is the instruct variant, "…-base" the base one); then
// by size, preferring 1B to 8B
// parameters (fast enough for keystroke latency on a consumer GPU and good
// enough to be worth showing), then smaller ones, then larger ones, then
// unknown sizes; then by name, so the choice is the same every time.
func Sort(models []Model) {
	slices.SortStableFunc(models, func(a, b Model) int {
		ta, fa := Rank(a)
		tb, fb := Rank(b)
		return cmp.Or(cmp.Compare(ta, tb), cmpBool(fb, fa), cmpBool(isBase(b), isBase(a)),
			compareSize(a, b), strings.Compare(a.Name, b.Name))
	})
}

// isBase reports a name that says base.
func isBase(m Model) bool {
	return prompt.Detect(prompt.Hints{Name: m.Name}).Variant == prompt.VariantBase
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// compareSize orders by sizeClass, then by parameter count.
func compareSize(a, b Model) int {
	pa, pb := Parameters(a.ParameterSize), Parameters(b.ParameterSize)
	return cmp.Or(cmp.Compare(sizeClass(pa), sizeClass(pb)), cmp.Compare(pa, pb))
}

// sizeClass is 0 for 1B to 8B parameters, 1 below, 2 above, 3 unknown.
func sizeClass(p float64) int {
	switch {
	case p <= 0:
		return 3
	case p < 0.9e9:
		return 1
	case p > 8.5e9:
		return 2
	}
	return 0
}

// Parameters reads a size string such as "1.5B", "494.03M" or "7b"; 0 when
// it cannot.
func Parameters(s string) float64 {
	s = strings.ToUpper(strings.TrimSpace(s))
	scale := map[byte]float64{'K': 1e3, 'M': 1e6, 'B': 1e9, 'T': 1e12}
	if s == "" || scale[s[len(s)-1]] == 0 {
		return 0
	}
	n, err := strconv.ParseFloat(s[:len(s)-1], 64)
	if err != nil || n < 0 {
		return 0
	}
	return n * scale[s[len(s)-1]]
}
