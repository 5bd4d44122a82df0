package nextedit

import "strings"

// Sweep's next-edit models (sweep-next-edit 0.5B to 7B, fine-tuned from
// Qwen2.5-Coder) read Qwen2.5-Coder's repository pretraining layout, every
// section introduced by <|file_sep|> and a name:
//
//	<|file_sep|>{other file}        context files, then
//	<|file_sep|>{path}.diff         each recent change as
//	original:                       the changed lines before
//	...
//	updated:                        and after it
//	...
//	<|file_sep|>original/{path}     the window before the change being typed
//	<|file_sep|>current/{path}      the window now (21 lines around the cursor)
//	<|file_sep|>updated/{path}      where the model writes the window again
//
// The answer is the whole window rewritten, ended by <|file_sep|> or
// <|endoftext|>. There is no cursor marker: the original/current pair says
// where the user is working.

const sweepSep = "<|file_sep|>"

func buildSweep(in Input) Prompt {
	var b strings.Builder
	for _, r := range in.Related {
		b.WriteString(sweepSep + r.Path + "\n" + endLine(r.Text))
	}
	for _, c := range in.Changes {
		b.WriteString(sweepSep + c.Path + ".diff\noriginal:\n" + endLine(c.Old) + "updated:\n" + endLine(c.New))
	}
	orig := in.Original
	if orig == "" {
		orig = in.Region
	}
	b.WriteString(sweepSep + "original/" + in.Path + "\n" + endLine(orig))
	b.WriteString(sweepSep + "current/" + in.Path + "\n" + endLine(in.Region))
	b.WriteString(sweepSep + "updated/" + in.Path + "\n")
	return Prompt{Raw: b.String(), Stop: []string{sweepSep, "<|endoftext|>", "<|im_end|>"}}
}

func parseSweep(answer string, in Input) (string, error) {
	answer, _, _ = strings.Cut(answer, sweepSep)
	return fitRegion(answer, in.Region), nil
}
