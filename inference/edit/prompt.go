package edit

import (
	"fmt"
	"unicode/utf8"

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
	above := "the doc comment followed by the selected code unchanged"
	switch language {
	case "go":
		return doc{"a Go doc comment (// lines, a sentence that starts with the declared name)", above}
	case "python":
		return doc{"a docstring (PEP 257, triple double quotes)",
			"the selected code unchanged with the docstring added as the first statement of the body, indented like the body"}
	case "rust":
		return doc{"a Rust doc comment (/// lines)", above}
	case "javascript", "javascriptreact", "typescript", "typescriptreact":
		return doc{"a JSDoc comment (/** ... */)", above}
	case "java":
		return doc{"a Javadoc comment (/** ... */)", above}
	case "kotlin":
		return doc{"a KDoc comment (/** ... */)", above}
	case "c", "cpp", "objective-c", "objective-cpp":
		return doc{"a Doxygen comment (/** ... */)", above}
	case "csharp":
		return doc{"an XML doc comment (/// <summary> ... </summary>)", above}
	case "ruby", "shellscript", "perl", "r":
		return doc{"a comment of # lines", above}
	case "lua":
		return doc{"a LuaDoc comment (--- lines)", above}
	case "elixir":
		return doc{`a @doc attribute (@doc """ ... """)`, above}
	}
	name := language
	if name == "" {
		name = "the file's language"
	}
	return doc{"a doc comment in the usual style of " + name, above}
}

// testConventions says how tests are usually written in language.
func testConventions(language, pkg string) string {
	switch language {
	case "go":
		s := "Use the standard testing package with table-driven tests where they fit"
		if pkg != "" {
			s += fmt.Sprintf("; the file belongs to package %s", pkg)
		}
		return s + "."
	case "python":
		return "Use pytest: plain test_ functions with assert, importing what they test."
	case "javascript", "javascriptreact", "typescript", "typescriptreact":
		return "Use describe/it/expect as Jest and Vitest do, importing what they test."
	case "rust":
		return "Use Rust's built-in test harness: #[test] functions with assert! and assert_eq!."
	}
	return "Use the usual test framework of the language."
}
