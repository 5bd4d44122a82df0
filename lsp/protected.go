package lsp

import (
	"errors"
	"strings"
)

// ErrProtected reports a proposal that edits a protected file: one whose
// content runs commands or steers tools without the user asking, such as
// git's own files or an editor's tasks.
var ErrProtected = errors.New("protected file")

// guard is how a code action may touch a protected path.
type guard int

const (
	// guardNone: an ordinary source file.
	guardNone guard = iota
	// guardConfirm: offered only as an edit the editor asks the user to
	// confirm, through a change annotation naming the file and the risk.
	guardConfirm
	// guardRefuse: never offered.
	guardRefuse
)

// protectedRule names what a protected path is and why it matters.
type protectedRule struct {
	guard guard
	what  string // said to the user: the kind of file and why it is sensitive
}

var (
	vcsInternals = protectedRule{guardRefuse, "version-control internals (their config and hooks run commands whenever the version-control tool runs)"}
	editorConfig = protectedRule{guardConfirm, "editor settings or tasks (they can run commands when the folder is opened)"}
	editorStart  = protectedRule{guardConfirm, "an editor startup file (run when the folder is opened)"}
	shellEnv     = protectedRule{guardConfirm, "a shell environment hook (run on entering the folder)"}
	gitConfig    = protectedRule{guardConfirm, "git configuration or hooks of the repository (they steer or run commands on git calls)"}
	ciConfig     = protectedRule{guardConfirm, "CI configuration (run by the CI service, with its secrets)"}
	buildHook    = protectedRule{guardConfirm, "a build hook (run by the build tool or the editor's language server on its own)"}
)

// protectedDirs are directory names protected at any depth, with all they
// hold; protectedFiles are file names protected at any depth. Both are
// matched without regard to case, as on case-insensitive file systems.
var protectedDirs = map[string]protectedRule{
	".git": vcsInternals, ".hg": vcsInternals, ".svn": vcsInternals, ".bzr": vcsInternals, ".jj": vcsInternals,

	".vscode": editorConfig, ".idea": editorConfig, ".helix": editorConfig, ".zed": editorConfig,
	".fleet": editorConfig, ".vs": editorConfig, ".devcontainer": editorConfig,

	".githooks": gitConfig, ".husky": gitConfig,

	".github": ciConfig, ".gitlab": ciConfig, ".circleci": ciConfig, ".buildkite": ciConfig,
	".woodpecker": ciConfig, ".forgejo": ciConfig, ".gitea": ciConfig,

	".cargo": buildHook, ".mvn": buildHook,
}

var protectedFiles = map[string]protectedRule{
	".nvim.lua": editorStart, ".nvimrc": editorStart, ".exrc": editorStart, ".lazy.lua": editorStart,
	".dir-locals.el": editorStart, ".dir-locals-2.el": editorStart,

	".envrc": shellEnv, ".mise.toml": shellEnv, "mise.toml": shellEnv,

	".gitattributes": gitConfig, ".gitmodules": gitConfig, ".lfsconfig": gitConfig,
	".pre-commit-config.yaml": gitConfig, "lefthook.yml": gitConfig, ".lefthook.yml": gitConfig,

	".gitlab-ci.yml": ciConfig, ".travis.yml": ciConfig, "jenkinsfile": ciConfig, "azure-pipelines.yml": ciConfig,
	".drone.yml": ciConfig, ".woodpecker.yml": ciConfig, "bitbucket-pipelines.yml": ciConfig,

	"build.rs": buildHook, ".npmrc": buildHook, ".yarnrc": buildHook, ".yarnrc.yml": buildHook,
	".pnpmfile.cjs": buildHook, "gradle-wrapper.properties": buildHook,
}

// protection returns the rule a slash-separated path falls under; the
// strictest when several apply, guardNone when none does.
func protection(path string) protectedRule {
	var worst protectedRule
	parts := strings.Split(path, "/")
	for i, p := range parts {
		p = fold(p)
		r, ok := protectedDirs[p]
		if !ok && i == len(parts)-1 {
			r, ok = protectedFiles[p]
		}
		if ok && r.guard > worst.guard {
			worst = r
		}
	}
	return worst
}

// fold returns the name a file system that ignores case may give a path
// component: lower case, without the code points macOS's HFS+ ignores,
// without the trailing dots and spaces Windows drops, and with the short
// name Windows gives ".git" spelled out.
func fold(name string) string {
	name = strings.Map(func(r rune) rune {
		if hfsIgnorable(r) {
			return -1
		}
		return r
	}, strings.ToLower(name))
	if t := strings.TrimRight(name, ". "); t != "" && t != "." {
		name = t
	}
	if name == "git~1" {
		return ".git"
	}
	return name
}

// hfsIgnorable reports the code points HFS+ leaves out when it compares
// names, so that ".g\u200cit" names the same directory as ".git".
func hfsIgnorable(r rune) bool {
	return r >= 0x200c && r <= 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x206a && r <= 0x206f || r == 0xfeff
}
