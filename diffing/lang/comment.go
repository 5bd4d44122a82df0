package lang

// CommentLine renders text as one comment line of language id, ending in
// "\n", or returns "" when the language has no comments or text is empty.
func CommentLine(id, text string) string {
	c := Lookup(id).Comment
	if c.Open == "" || text == "" {
		return ""
	}
	return c.Open + " " + text + c.Close + "\n"
}
