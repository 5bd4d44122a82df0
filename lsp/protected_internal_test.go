package lsp

import "testing"

func TestProtection(t *testing.T) {
	tests := []struct {
		give string
		want guard
	}{
		{"main.go", guardNone},
		{"pkg/git/config.go", guardNone},
		{".gitignore", guardNone},
		{"docs/vscode.md", guardNone},
		{".git/config", guardRefuse},
		{".git/hooks/pre-commit", guardRefuse},
		{"vendor/mod/.git/config", guardRefuse},
		{".git", guardRefuse}, // a worktree's or submodule's gitdir file
		{".GIT/config", guardRefuse},
		{".g\u200cit/config", guardRefuse}, // HFS+ ignores the joiner
		{".git./config", guardRefuse},      // Windows drops the dot
		{"GIT~1/config", guardRefuse},      // Windows's short name
		{"...", guardNone},
		{".hg/hgrc", guardRefuse},
		{".vscode/tasks.json", guardConfirm},
		{".vscode/settings.json", guardConfirm},
		{"sub/.vscode/launch.json", guardConfirm},
		{".idea/workspace.xml", guardConfirm},
		{".helix/languages.toml", guardConfirm},
		{".zed/settings.json", guardConfirm},
		{".nvim.lua", guardConfirm},
		{".nvimrc", guardConfirm},
		{".exrc", guardConfirm},
		{".dir-locals.el", guardConfirm},
		{".envrc", guardConfirm},
		{".gitattributes", guardConfirm},
		{".gitmodules", guardConfirm},
		{".github/workflows/ci.yml", guardConfirm},
		{".gitlab-ci.yml", guardConfirm},
		{"Jenkinsfile", guardConfirm},
		{".husky/pre-commit", guardConfirm},
		{".pre-commit-config.yaml", guardConfirm},
		{"build.rs", guardConfirm},
		{".cargo/config.toml", guardConfirm},
		{".npmrc", guardConfirm},
		{".devcontainer/devcontainer.json", guardConfirm},
		{".vscode/.git/config", guardRefuse}, // the strictest wins
		{"build.rs/lib.rs", guardNone},       // file names count only as the last part
	}
	for _, tt := range tests {
		if got := protection(tt.give); got.guard != tt.want {
			t.Errorf("protection(%q) = %+v, want guard %d", tt.give, got, tt.want)
		}
	}
}
