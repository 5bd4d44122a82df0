package gpusim

import "strings"

// Special token ids, from Qwen2.5-Coder's tokenizer_config.json
// (https://huggingface.co/Qwen/Qwen2.5-Coder-7B). Templates place them as
// single tokens.
const (
	tokEndOfText = 151643
	tokIMStart   = 151644
	tokIMEnd     = 151645
	tokFIMPrefix = 151659
	tokFIMMiddle = 151660
	tokFIMSuffix = 151661
	tokRepoName  = 151663
	tokFileSep   = 151664
)

// Templates, as text, for the APIs that report them.
const (
	// fimTemplate is the Ollama template of a Qwen2.5-Coder base model.
	fimTemplate = `{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>` +
		`{{- else }}{{ .Prompt }}{{- end }}`
	// chatTemplate is the ChatML layout, as llama-server reports a Jinja
	// template.
	chatTemplate = `{% for message in messages %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n` +
		`{% endfor %}<|im_start|>assistant\n`
)

// fimPrompt lays out a prefix and suffix as Qwen2.5-Coder's FIM template
// does: <|fim_prefix|>prefix<|fim_suffix|>suffix<|fim_middle|>.
func fimPrompt(prefix, suffix string) []int {
	out := make([]int, 0, (len(prefix)+len(suffix))/PieceBytes+5)
	out = append(out, tokFIMPrefix)
	out = append(out, Tokenize(prefix)...)
	out = append(out, tokFIMSuffix)
	out = append(out, Tokenize(suffix)...)
	return append(out, tokFIMMiddle)
}

// message is one chat turn.
type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// chatPrompt lays out messages in ChatML and returns its tokens and the text
// that Config.Generate receives.
func chatPrompt(msgs []message) ([]int, string) {
	var out []int
	var text strings.Builder
	for _, m := range msgs {
		out = append(out, tokIMStart)
		out = append(out, Tokenize(m.Role+"\n"+m.Content)...)
		out = append(out, tokIMEnd)
		out = append(out, Tokenize("\n")...)
		text.WriteString("<|im_start|>" + m.Role + "\n" + m.Content + "<|im_end|>\n")
	}
	out = append(out, tokIMStart)
	out = append(out, Tokenize("assistant\n")...)
	text.WriteString("<|im_start|>assistant\n")
	return out, text.String()
}

// llamaBatch is llama-server's default -b, which bounds how much of the
// prefix and suffix /infill keeps.
const llamaBatch = 2048

// extraFile is one file of llama.cpp's input_extra.
type extraFile struct {
	Filename string `json:"filename"`
	Text     string `json:"text"`
}

// infillPrompt lays out an /infill request as llama-server's format_infill
// does for a model with repository-level FIM tokens: the extra files after
// <|repo_name|> and <|file_sep|> headers (only the last tokens that fit
// nCtx - llamaBatch - 2*nPredict), then the last 3/4 of a batch of the
// prefix followed by the prompt, and as much of the suffix as fits the last
// quarter of a batch.
func infillPrompt(extra []extraFile, prefix, suffix, promptText string, nCtx, nPredict int) []int {
	ext := []int{tokRepoName}
	ext = append(ext, Tokenize("myproject\n")...)
	for _, f := range extra {
		name := f.Filename
		if name == "" {
			name = "tmp"
		}
		ext = append(ext, tokFileSep)
		ext = append(ext, Tokenize(name+"\n")...)
		ext = append(ext, Tokenize(f.Text)...)
	}
	ext = append(ext, tokFileSep)
	ext = append(ext, Tokenize("filename\n")...)

	pre, suf, pr := Tokenize(prefix), Tokenize(suffix), Tokenize(promptText)
	pre = pre[len(pre)-min(len(pre), 3*(llamaBatch/4)):]
	suf = suf[:min(len(suf), max(0, llamaBatch/4-(2+len(pr))))]
	nExtra := min(max(0, nCtx-llamaBatch-2*nPredict), len(ext))

	out := make([]int, 0, nExtra+len(pre)+len(pr)+len(suf)+3)
	out = append(out, ext[len(ext)-nExtra:]...)
	out = append(out, tokFIMPrefix)
	out = append(out, pre...)
	out = append(out, pr...)
	out = append(out, tokFIMSuffix)
	out = append(out, suf...)
	return append(out, tokFIMMiddle)
}
