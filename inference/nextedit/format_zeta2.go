package nextedit

import "strings"

// Zed's Zeta2 prompt puts the editable region in Qwen2.5-Coder's FIM
// frame, with the repository layout before it:
//
//	<|file_sep|>{other file}        related excerpts, then
//	<|file_sep|>edit history        the recent changes as unified diffs
//	--- a/{path}                    (file headers, then hunks)
//	+++ b/{path}
//	@@ ... @@
//	<|file_sep|>{path}
//	<|fim_prefix|>
//	{lines before the region}
//	<|fim_middle|>current
//	{region with <|user_cursor|> at the cursor}
//	<|fim_suffix|>
//	{lines after the region}
//	<|fim_middle|>updated
//
// The model writes the region again after "updated" and ends the file.

const (
	zeta2Cursor = "<|user_cursor|>"
	zeta2Middle = "<|fim_middle|>"
)

func buildZeta2(in Input) Prompt {
	var b strings.Builder
	for _, r := range in.Related {
		b.WriteString(sweepSep + r.Path + "\n" + endLine(r.Text))
	}
	if len(in.Changes) > 0 {
		b.WriteString(sweepSep + "edit history\n")
		for _, c := range in.Changes {
			b.WriteString("--- a/" + c.Path + "\n+++ b/" + c.Path + "\n" + endLine(c.Diff))
		}
	}
	b.WriteString(sweepSep + in.Path + "\n<|fim_prefix|>\n" + endLine(in.Before))
	b.WriteString(zeta2Middle + "current\n" + endLine(in.withCursor(zeta2Cursor)))
	b.WriteString("<|fim_suffix|>\n" + endLine(in.After))
	b.WriteString(zeta2Middle + "updated\n")
	return Prompt{Raw: b.String(), Stop: []string{sweepSep, "<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", zeta2Middle}}
}

func parseZeta2(answer string, in Input) (string, error) {
	for _, stop := range []string{sweepSep, "<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", zeta2Middle} {
		answer, _, _ = strings.Cut(answer, stop)
	}
	return fitRegion(strings.ReplaceAll(answer, zeta2Cursor, ""), in.Region), nil
}
