package nextedit

import (
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/inference"
)

// Continue's Instinct (continuedev/instinct, fine-tuned from
// Qwen2.5-Coder-7B) is a chat model: a system prompt that explains the
// sections, then one user turn in Continue's layout:
//
//	{one sentence: update the editable region as the developer would}
//
//	### Context:
//	<|context_file|> {path}
//	<|snippet|>
//	{excerpt}
//
//	### User Edits:
//
//	User edited file "{path}"
//
//	```diff
//	{hunks}
//	```
//
//	### User Excerpt:
//	{path}
//
//	{lines before}
//	<|editable_region_start|>
//	{region with <|user_cursor_is_here|>}
//	<|editable_region_end|>
//	{lines after}
//	```
//	### Response:
//
// (the lone closing fence is in Continue's template). The answer is the
// region rewritten, without the markers, sometimes in a code block. The
// editable region is small: one line above the cursor, five below. The
// system prompt here is lspilot's own, shorter than Continue's.

const (
	instinctSystem = "You predict a developer's next edit. The user message shows other files " +
		"(### Context), the developer's recent edits as unified diffs, most recent last (### User Edits), " +
		"and an excerpt of the current file (### User Excerpt) in which <|editable_region_start|> and " +
		"<|editable_region_end|> mark the region to rewrite and <|user_cursor_is_here|> the cursor. " +
		"Rewrite only the editable region, completing the change the developer is making; keep the " +
		"indentation and style. Output only the rewritten region, without the markers; if nothing " +
		"should change, output the region as it is."
	instinctUser = "Use the excerpt, the edits and the snippets to understand what the developer is " +
		"doing, and update the editable region with the changes they would make next: additions, " +
		"deletions or modifications."
)

func buildInstinct(in Input) Prompt {
	var b strings.Builder
	b.WriteString(instinctUser + "\n\n### Context:\n")
	for _, r := range in.Related {
		b.WriteString("<|context_file|> " + r.Path + "\n<|snippet|>\n" + endLine(r.Text) + "\n")
	}
	b.WriteString("\n### User Edits:\n\n")
	for _, c := range in.Changes {
		fmt.Fprintf(&b, "User edited file %q\n\n```diff\n%s```\n\n", c.Path, endLine(c.Diff))
	}
	b.WriteString("### User Excerpt:\n" + in.Path + "\n\n" + in.Before + zetaStart + "\n")
	b.WriteString(endLine(in.withCursor(zetaCursor)) + zetaEnd + "\n" + endLine(in.After) + "```\n### Response:")
	return Prompt{Messages: []inference.Message{
		{Role: "system", Content: instinctSystem},
		{Role: "user", Content: b.String()},
	}}
}

func parseInstinct(answer string, in Input) (string, error) {
	return parseChat(answer, in)
}
