package complete

import "strings"

// altList is what the engine answered at one cursor when asked for
// alternatives: the first suggestion, then the alternatives in the order
// they were first answered with. It only grows, so that each answer at the
// cursor starts with the previous one. Its owner's mutex guards it.
type altList struct {
	before, after string       // the document around the cursor
	first         string       // the suggestion the list starts with; may be ""
	items         []Suggestion // the alternatives; only appended to
	tried         [samples + 1]bool
	// tried[seed] says the sample of seed answered, whatever it said: it is
	// not asked again. A sample that failed is not tried.
}

// at reports whether l is the list at before|after that starts with first.
func (l *altList) at(before, after, first string) bool {
	return l != nil && l.first == first && l.before == before && l.after == after
}

// size is the number of suggestions the list holds.
func (l *altList) size() int {
	if l.first == "" {
		return len(l.items)
	}
	return len(l.items) + 1
}

// has reports whether the list holds text already, trailing whitespace
// aside; empty text counts as held, as it is nothing to show.
func (l *altList) has(text string) bool {
	k := norm(text)
	if k == "" || k == norm(l.first) {
		return true
	}
	for _, it := range l.items {
		if norm(it.Text) == k {
			return true
		}
	}
	return false
}

// lead is the suggestion whose first line is an alternative: the first, or
// the first alternative when there was no first.
func (l *altList) lead() string {
	if l.first == "" && len(l.items) > 0 {
		return l.items[0].Text
	}
	return l.first
}

// room is the number of sampled alternatives the list may still take: the
// first line of a multi-line lead keeps its place.
func (l *altList) room() int {
	n := maxSuggestions - l.size()
	if fl := firstLine(l.lead()); fl != "" && !l.has(fl) {
		n--
	}
	return n
}

// wants reports whether the sample of seed could still add to the list.
func (l *altList) wants(seed int) bool { return !l.tried[seed] && l.room() > 0 }

// add records the answer of seed's sample, keeping it when it is new and
// there is room.
func (l *altList) add(seed int, sg Suggestion) {
	l.tried[seed] = true
	if !l.has(sg.Text) && l.room() > 0 {
		l.items = append(l.items, sg)
	}
}

// answer completes the list with the lead's first line when there is room,
// then returns it: first (the suggestion as answered now, with its id)
// unless empty, then the alternatives. newID names the first line when it
// joins the list.
func (l *altList) answer(first Suggestion, newID func() string) []Suggestion {
	if fl := firstLine(l.lead()); fl != "" && !l.has(fl) && l.size() < maxSuggestions {
		l.items = append(l.items, Suggestion{Text: fl, ID: newID()})
	}
	out := make([]Suggestion, 0, maxSuggestions)
	if first.Text != "" {
		out = append(out, first)
	}
	return append(out, l.items...)
}

// firstLine returns text up to the end of its first line that holds more
// than spaces, when another such line follows; else "".
func firstLine(text string) string {
	start := len(text) - len(strings.TrimLeft(text, " \t\r\n"))
	i := strings.IndexByte(text[start:], '\n')
	if i < 0 || strings.TrimSpace(text[start+i:]) == "" {
		return ""
	}
	return strings.TrimRight(text[:start+i], " \t\r")
}

// norm is text as suggestions are compared: without trailing whitespace,
// on each line and at the end.
func norm(text string) string {
	lines := strings.Split(strings.TrimRight(text, " \t\r\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(lines, "\n")
}
