package langctx

import "strings"

// keywords are the words of each language that name nothing a server
// could define, by language id; shared ids point to one set.
var keywords = map[string]map[string]bool{}

func init() {
	add := func(words string, ids ...string) {
		set := map[string]bool{}
		for _, w := range strings.Fields(words) {
			set[w] = true
		}
		for _, id := range ids {
			keywords[id] = set
		}
	}
	add("break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false iota", "go")
	add("and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield None True False self cls", "python")
	add("break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new return super switch this throw try typeof var void while with yield async await of null undefined true false interface type enum implements readonly as from", "typescript", "javascript", "typescriptreact", "javascriptreact")
	add("as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while async await dyn", "rust")
	add("auto break case char const continue default do double else enum extern float for goto if inline int long register return short signed sizeof static struct switch typedef union unsigned void volatile while class namespace template typename public private protected virtual this new delete nullptr true false bool using", "c", "cpp")
}

// isKeyword reports whether name is a keyword of languageID.
func isKeyword(languageID, name string) bool {
	return keywords[languageID][name]
}
