package diffing

import (
	"fmt"

	"github.com/lspilot/lspilot/diffing/lang"
)

// CheckBrackets returns an error wrapping ErrUnbalanced when after has more
// unclosed or stray brackets of some kind than before. Brackets inside
// strings and comments are skipped, as a best effort, for the languages
// whose files lang reads in the C or Python family (lang.Language.Check);
// other files pass.
func CheckBrackets(name, before, after string) error {
	l, _ := lang.ForPath(name)
	syn, ok := l.Check.Syntax()
	if !ok {
		return nil
	}
	old, new := lang.CountBrackets(syn, before), lang.CountBrackets(syn, after)
	for k := range 3 {
		if new.Unclosed[k] > old.Unclosed[k] {
			return fmt.Errorf("%d unclosed %q, %d before: %w", new.Unclosed[k], lang.Openers[k], old.Unclosed[k], ErrUnbalanced)
		}
		if new.Stray[k] > old.Stray[k] {
			return fmt.Errorf("%d stray %q, %d before: %w", new.Stray[k], lang.Closers[k], old.Stray[k], ErrUnbalanced)
		}
	}
	return nil
}
