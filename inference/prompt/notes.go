package prompt

import (
	"fmt"
	"strings"
)

// notes collects what a user should know about the model and the family
// chosen for it.
func notes(h Hints, d Detection) []string {
	var out []string
	name := h.Name
	if name == "" {
		name = "the model"
	}
	t, _ := Lookup(d.Family)
	switch {
	case d.Family == FamilyChat && d.By == "fallback":
		out = append(out, fmt.Sprintf("no FIM format recognised for %s: using the instruction prompt, "+
			"which is slower and less precise; set fim.template to a family (%s) if the model supports FIM",
			name, familyList()))
	case d.Family == FamilyChat || d.Family == FamilyCustom:
	case d.Variant == VariantInstruct && !t.InstructFIM:
		out = append(out, fmt.Sprintf("%s looks like an instruct/chat variant of %s, which was trained "+
			"for FIM in its base model only: suggestions may ramble or explain; prefer the base model", name, d.Family))
	case d.Variant == VariantInstruct:
		out = append(out, fmt.Sprintf("%s is an instruct variant of %s, which keeps FIM: fine", name, d.Family))
	}
	if d.Family == FamilyCodeLlama {
		n := strings.ToLower(h.Name)
		if hasPart(n, "34b") || hasPart(n, "70b") || strings.Contains(n, "python") {
			out = append(out, fmt.Sprintf("%s: Code Llama 34B, 70B and Python models were not trained for infilling", name))
		}
	}
	if h.OllamaTemplate != "" && d.Family != FamilyChat && !strings.Contains(h.OllamaTemplate, ".Suffix") {
		out = append(out, fmt.Sprintf("the Ollama template of %s has no .Suffix: requests with suffix are "+
			"rejected, so send raw prompts", name))
	}
	return out
}

func familyList() string {
	var names []string
	for _, f := range Families() {
		if f != FamilyChat {
			names = append(names, string(f))
		}
	}
	return strings.Join(names, ", ")
}
