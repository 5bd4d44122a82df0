// Package prompt turns an editor's view of a file into a prompt a code model
// completes well. What the model returns is turned into a suggestion by
// inference/suggest.
//
// It has two parts:
//
//   - Templates: the fill-in-the-middle (FIM) formats of the code model
//     families it knows (Qwen2.5-Coder, DeepSeek-Coder, StarCoder2, StarCoder,
//     CodeLlama, Codestral, CodeGemma), each with its control and stop tokens,
//     an instruction prompt for chat models without FIM, custom templates, and
//     detection of the family from what a backend reports (Detect, Resolve).
//   - Context assembly (Build): windows of the current file around the cursor,
//     cut at line boundaries within token budgets, plus extra context (other
//     buffers, recent edits) kept in arrival order. The layout is chosen for
//     KV-cache reuse: the prefix window starts at a position that moves in
//     steps rather than per keystroke, and the current line's text before the
//     cursor goes after the middle token, so that typing within a line changes
//     only the tail of the prompt.
//
// # Templates
//
// A Template's Format is text with placeholders:
//
//	{context}  repository name and extra files, each introduced by the
//	           family's file separator or by a comment line with its path
//	{file}     the current file's header (its path)
//	{prefix}   the lines of the current file before the cursor line
//	{suffix}   the rest of the cursor line and the lines after it
//	{middle}   the cursor line up to the cursor; when present it must end the
//	           format, where the model continues
//
// A custom template (configuration fim.template) uses the same placeholders;
// {prefix} and {suffix} are required. Without {middle} the cursor line's
// prefix is appended to {prefix}; without {context} or {file} those are
// written as comment lines at the start of {prefix}. Any other {word} is an
// error, so a typo is reported rather than sent to the model.
//
// Languages (the language of a path, how to write a comment in it) come from
// diffing/lang.
//
// Everything works on byte offsets and plain strings. The package does no I/O,
// starts no goroutines and logs nothing. Besides the standard library it
// imports only diffing/lang. It must not import go.lsp.dev, any backend
// client, or the other inference packages, inference/suggest included.
package prompt
