package prompt

import "sort"

// Family names a model family whose prompt format the package knows.
type Family string

// The families with a built-in template.
const (
	FamilyQwenCoder     Family = "qwen2.5-coder"
	FamilyDeepSeekCoder Family = "deepseek-coder"
	FamilyStarCoder2    Family = "starcoder2"
	FamilyStarCoder     Family = "starcoder"
	FamilyCodeLlama     Family = "codellama"
	FamilyCodestral     Family = "codestral"
	FamilyCodeGemma     Family = "codegemma"
	// FamilyChat is the instruction prompt for models without FIM.
	FamilyChat Family = "chat"
	// FamilyCustom marks a template parsed from configuration.
	FamilyCustom Family = "custom"
)

// Template is the prompt format of one model family.
type Template struct {
	// Family is the family the template belongs to.
	Family Family
	// Format lays the prompt out with the placeholders described in the
	// package documentation; empty for FamilyChat, which builds messages.
	Format string
	// PrefixToken, SuffixToken and MiddleToken are the FIM control tokens.
	PrefixToken, SuffixToken, MiddleToken string
	// RepoHeader introduces the repository name ({repo}); empty leaves it out.
	RepoHeader string
	// FileHeader renders {file} ({path}); empty writes a comment line.
	FileHeader string
	// ContextFile renders one extra file of {context} ({path}, {text});
	// empty writes a comment line with the path followed by the text.
	ContextFile string
	// Stop lists the stop sequences to give the backend, most important
	// first, so a backend that takes only four can use Stop[:4].
	Stop []string
	// InstructFIM reports that the family's instruct variants keep FIM.
	InstructFIM bool
}

// templates is the table of built-in families, checked against the model
// cards (Qwen2.5-Coder, DeepSeek-Coder, StarCoder2 paper, Code Llama,
// mistral-common for Codestral, CodeGemma) and Ollama's library templates.
var templates = map[Family]Template{
	FamilyQwenCoder: {
		Format:      "{context}{file}<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>{middle}",
		PrefixToken: "<|fim_prefix|>", SuffixToken: "<|fim_suffix|>", MiddleToken: "<|fim_middle|>",
		RepoHeader:  "<|repo_name|>{repo}\n",
		FileHeader:  "<|file_sep|>{path}\n",
		ContextFile: "<|file_sep|>{path}\n{text}",
		Stop: []string{"<|endoftext|>", "<|file_sep|>", "<|fim_prefix|>", "<|im_end|>",
			"<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>", "<|repo_name|>", "<|im_start|>"},
		InstructFIM: true,
	},
	FamilyDeepSeekCoder: {
		Format:      "<｜fim▁begin｜>{context}{file}{prefix}<｜fim▁hole｜>{suffix}<｜fim▁end｜>{middle}",
		PrefixToken: "<｜fim▁begin｜>", SuffixToken: "<｜fim▁hole｜>", MiddleToken: "<｜fim▁end｜>",
		Stop: []string{"<｜end▁of▁sentence｜>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", "<|EOT|>"},
	},
	FamilyStarCoder2: {
		Format:      "{context}<file_sep><fim_prefix>{file}{prefix}<fim_suffix>{suffix}<fim_middle>{middle}",
		PrefixToken: "<fim_prefix>", SuffixToken: "<fim_suffix>", MiddleToken: "<fim_middle>",
		RepoHeader:  "<repo_name>{repo}",
		FileHeader:  "{path}\n",
		ContextFile: "<file_sep>{path}\n{text}",
		Stop: []string{"<|endoftext|>", "<file_sep>", "<fim_prefix>", "<fim_middle>",
			"<fim_suffix>", "<fim_pad>", "<repo_name>"},
	},
	FamilyStarCoder: {
		Format:      "<fim_prefix>{context}{file}{prefix}<fim_suffix>{suffix}<fim_middle>{middle}",
		PrefixToken: "<fim_prefix>", SuffixToken: "<fim_suffix>", MiddleToken: "<fim_middle>",
		Stop: []string{"<|endoftext|>", "<fim_prefix>", "<fim_middle>", "<fim_suffix>",
			"<fim_pad>", "<filename>", "<reponame>", "<gh_stars>"},
	},
	FamilyCodeLlama: {
		Format:      "<PRE> {context}{file}{prefix} <SUF>{suffix} <MID>{middle}",
		PrefixToken: "<PRE>", SuffixToken: "<SUF>", MiddleToken: "<MID>",
		Stop: []string{"<EOT>", "<PRE>", "<SUF>", "<MID>", "</s>"},
	},
	FamilyCodestral: {
		// Suffix first: [SUFFIX]suffix[PREFIX] prefix, the model continues
		// the prefix. The space after [PREFIX] follows mistral-common's
		// encoding and Ollama's library template.
		Format:      "[SUFFIX]{suffix}[PREFIX] {context}{file}{prefix}{middle}",
		PrefixToken: "[PREFIX]", SuffixToken: "[SUFFIX]", MiddleToken: "[MIDDLE]",
		Stop:        []string{"</s>", "[PREFIX]", "[SUFFIX]", "[MIDDLE]"},
		InstructFIM: true,
	},
	FamilyCodeGemma: {
		Format:      "<|fim_prefix|>{context}{file}{prefix}<|fim_suffix|>{suffix}<|fim_middle|>{middle}",
		PrefixToken: "<|fim_prefix|>", SuffixToken: "<|fim_suffix|>", MiddleToken: "<|fim_middle|>",
		Stop: []string{"<|file_separator|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
			"<eos>", "<end_of_turn>"},
	},
	FamilyChat: {},
}

// Lookup returns the built-in template of a family.
func Lookup(f Family) (Template, bool) {
	t, ok := templates[f]
	if !ok {
		return Template{}, false
	}
	t.Family = f
	t.Stop = append([]string(nil), t.Stop...)
	return t, true
}

// Families lists the families with a built-in template, sorted by name.
func Families() []Family {
	out := make([]Family, 0, len(templates))
	for f := range templates {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
