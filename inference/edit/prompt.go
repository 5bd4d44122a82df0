package edit

import (
	"fmt"
	"unicode/utf8"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference"
)

// system is the instruction of every code action. It never changes, so a
// backend keeps it cached.
const system = "You are a careful programmer editing code inside the user's editor. " +
	"Make exactly the change asked for and keep everything else as it is. " +
	"Follow the file's style, naming and indentation. " +
	"Answer in the format asked for, with no explanation before or after."

// messages starts the chat for p.
func messages(p plan) []inference.Message {
	return []inference.Message{{Role: "system", Content: system}, {Role: "user", Content: p.task}}
}

// reask returns msgs followed by the refused answer and a turn that gives
// the reason and restates the format. An answer longer than echoBytes is
// cut, so that a runaway answer does not fill the next prompt.
func reask(msgs []inference.Message, answer string, reason error, format string, echoBytes int) []inference.Message {
	if len(answer) > echoBytes {
		n := echoBytes
		for n > 0 && !utf8.RuneStart(answer[n]) {
			n--
		}
		answer = fmt.Sprintf("%s\n[… %d more bytes cut]", answer[:n], len(answer)-n)
	}
	out := make([]inference.Message, 0, len(msgs)+2)
	out = append(out, msgs...)
	return append(out,
		inference.Message{Role: "assistant", Content: answer},
		inference.Message{Role: "user", Content: fmt.Sprintf(
			"Your answer could not be applied: %v.\nTry again. %s", reason, format)})
}

// doc says how a language writes doc comments and how the answer holds one.
type doc struct {
	comment string // what to write
	answer  string // what the answer holds
}

// docStyle returns the doc comment convention of language.
func docStyle(language string) doc {
	style := lang.Lookup(language).Doc
	d := doc{style.Comment, "the doc comment followed by the selected code unchanged"}
	if style.InBody {
		d.answer = "the selected code unchanged with the docstring added as the first statement of the body, indented like the body"
	}
	if d.comment == "" {
		name := language
		if name == "" {
			name = "the file's language"
		}
		d.comment = "a doc comment in the usual style of " + name
	}
	return d
}

// testConventions says how tests are usually written in language; pkg, when
// set, names the package the tests belong to.
func testConventions(language, pkg string) string {
	s := lang.Lookup(language).TestFramework
	if s == "" {
		return "Use the usual test framework of the language."
	}
	if pkg != "" {
		s += fmt.Sprintf("; the file belongs to package %s", pkg)
	}
	return s + "."
}
