package nextedit

import (
	"fmt"
	"strings"
)

// Zed's Zeta (zed-industries/zeta, fine-tuned from Qwen2.5-Coder-7B) reads an
// instruction prompt in three sections, as its model card shows:
//
//	### Instruction:
//	{one sentence: rewrite the excerpt, suggesting the edits}
//
//	### User Edits:
//
//	User edited "{path}":
//	```diff
//	{hunks}
//	```
//
//	### User Excerpt:
//
//	```{path}
//	<|start_of_file|>               when the excerpt starts the file
//	{lines before the region}
//	<|editable_region_start|>
//	{region with <|user_cursor_is_here|> at the cursor}
//	<|editable_region_end|>
//	{lines after the region}
//	```
//
//	### Response:
//
// The model answers with the excerpt again; what stands between the region
// markers is the rewrite. Generation stops at the end marker.

const (
	zetaStart  = "<|editable_region_start|>"
	zetaEnd    = "<|editable_region_end|>"
	zetaCursor = "<|user_cursor_is_here|>"
	zetaFile   = "<|start_of_file|>"
	// zetaInstruction is the sentence Zeta was trained with.
	zetaInstruction = "You are a code completion assistant and your task is to analyze user edits and then rewrite an excerpt that the user provides, suggesting the appropriate edits within the excerpt, taking into account the cursor location."
)

func buildZeta(in Input) Prompt {
	var b strings.Builder
	b.WriteString("### Instruction:\n" + zetaInstruction + "\n\n### User Edits:\n\n")
	for _, c := range in.Changes {
		fmt.Fprintf(&b, "User edited %q:\n```diff\n%s```\n\n", c.Path, endLine(c.Diff))
	}
	b.WriteString("### User Excerpt:\n\n```" + in.Path + "\n")
	if in.FileStart {
		b.WriteString(zetaFile + "\n")
	}
	b.WriteString(in.Before + zetaStart + "\n" + endLine(in.withCursor(zetaCursor)) + zetaEnd + "\n")
	b.WriteString(endLine(in.After) + "```\n\n### Response:\n")
	return Prompt{Raw: b.String(), Stop: []string{zetaEnd, "<|endoftext|>"}}
}

func parseZeta(answer string, in Input) (string, error) {
	_, rest, ok := strings.Cut(answer, zetaStart)
	if !ok {
		return "", fmt.Errorf("no %s: %w", zetaStart, ErrMalformed)
	}
	rest = strings.TrimPrefix(rest, "\n")
	rest, _, _ = strings.Cut(rest, zetaEnd)
	return fitRegion(strings.ReplaceAll(rest, zetaCursor, ""), in.Region), nil
}
