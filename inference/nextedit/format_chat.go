package nextedit

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference"
)

// The chat format serves general instruction models, which were never
// trained on a next-edit layout: a fixed system prompt, then one user turn
// with the other files, the recent edits as unified diffs (oldest first),
// and the file excerpt with the region to rewrite marked by <|region_start|>
// and <|region_end|> and the cursor by <|cursor|>. The answer is the region
// rewritten, in a code block or bare.

const (
	chatStart  = "<|region_start|>"
	chatEnd    = "<|region_end|>"
	chatCursor = "<|cursor|>"
	chatSystem = "You are a code editor's next-edit engine. From the developer's recent edits, predict the " +
		"edit they will make next in the marked region of their file: finish a rename, update the calls " +
		"of a changed function, add what a new field needs. Answer with the region rewritten, in one " +
		"code block, without the markers and without explanations. Keep the indentation. If nothing " +
		"should change, answer with the region unchanged."
)

func buildChat(in Input) Prompt {
	var b strings.Builder
	for _, r := range in.Related {
		b.WriteString("File " + r.Path + ":\n```\n" + endLine(r.Text) + "```\n\n")
	}
	if len(in.Changes) > 0 {
		b.WriteString("Recent edits, oldest first:\n```diff\n")
		for _, c := range in.Changes {
			b.WriteString("--- a/" + c.Path + "\n+++ b/" + c.Path + "\n" + endLine(c.Diff))
		}
		b.WriteString("```\n\n")
	}
	b.WriteString("The file " + in.Path + ":\n```" + lang.Tag(in.Language) + "\n" + in.Before + chatStart + "\n")
	b.WriteString(endLine(in.withCursor(chatCursor)) + chatEnd + "\n" + endLine(in.After) + "```\n\n")
	b.WriteString("Rewrite the region between " + chatStart + " and " + chatEnd + ".")
	return Prompt{Messages: []inference.Message{
		{Role: "system", Content: chatSystem},
		{Role: "user", Content: b.String()},
	}}
}

// parseChat takes the first code block of the answer, or the whole answer
// when it has none, less any marker the model repeated.
func parseChat(answer string, in Input) (string, error) {
	answer = lang.StripThinking(answer)
	if i := strings.Index(answer, "```"); i >= 0 {
		if body, _, ok := lang.FirstFence(answer[i:]); ok {
			answer = body
		}
	}
	for _, m := range []string{chatStart, zetaStart} {
		if _, after, ok := strings.Cut(answer, m); ok {
			answer = strings.TrimPrefix(after, "\n")
		}
	}
	for _, m := range []string{chatEnd, zetaEnd} {
		answer, _, _ = strings.Cut(answer, m)
	}
	for _, m := range []string{chatCursor, zetaCursor} {
		answer = strings.ReplaceAll(answer, m, "")
	}
	return fitRegion(answer, in.Region), nil
}
