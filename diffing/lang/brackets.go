package lang

// Openers and Closers are the brackets the lexer matches, in the same
// order: Closers[k] closes Openers[k].
const Openers, Closers = "([{", ")]}"

// Closer returns the bracket that closes the opener b, or 0.
func Closer(b byte) byte {
	if k, open := kind(b); k >= 0 && open {
		return Closers[k]
	}
	return 0
}

// Opener returns the bracket that the closer b closes, or 0.
func Opener(b byte) byte {
	if k, open := kind(b); k >= 0 && !open {
		return Openers[k]
	}
	return 0
}

// kind returns b's index in Openers or Closers and whether it opens; -1
// when b is no bracket. It is called for every byte of code.
func kind(b byte) (int, bool) {
	switch b {
	case '(':
		return 0, true
	case '[':
		return 1, true
	case '{':
		return 2, true
	case ')':
		return 0, false
	case ']':
		return 1, false
	case '}':
		return 2, false
	}
	return -1, false
}

// Balance counts, per kind of bracket (indexed as in Openers), the openers
// a text leaves unclosed and the closers that match no opener.
type Balance struct {
	Unclosed, Stray [3]int
}

// CountBrackets matches the brackets of src outside strings and comments.
// A closer that does not match the innermost opener closes the nearest
// matching one, leaving those in between unclosed, or else is stray.
func CountBrackets(syn Syntax, src string) Balance {
	var b Balance
	var stack []int
	lx := makeLexer(syn)
	for i := 0; i < len(src); {
		n, code := lx.Next(src, i)
		c := src[i]
		i += n
		if !code {
			continue
		}
		k, open := kind(c)
		switch {
		case k < 0:
			continue
		case open:
			stack = append(stack, k)
			continue
		}
		j := len(stack) - 1
		for j >= 0 && stack[j] != k {
			j--
		}
		if j < 0 {
			b.Stray[k]++
			continue
		}
		for _, u := range stack[j+1:] {
			b.Unclosed[u]++
		}
		stack = stack[:j]
	}
	for _, u := range stack {
		b.Unclosed[u]++
	}
	return b
}

// OpenBrackets returns the brackets that s leaves open, innermost last, and
// whether s ends in code rather than inside a string or comment. A closer
// closes the innermost opener when it matches it and is ignored otherwise.
func OpenBrackets(syn Syntax, s string) ([]byte, bool) {
	lx := makeLexer(syn)
	var stack []byte
	for i := 0; i < len(s); {
		n, code := lx.Next(s, i)
		c := s[i]
		switch {
		case !code:
		case Closer(c) != 0:
			stack = append(stack, c)
		case Opener(c) != 0 && len(stack) > 0 && stack[len(stack)-1] == Opener(c):
			stack = stack[:len(stack)-1]
		}
		i += n
	}
	return stack, lx.InCode()
}
