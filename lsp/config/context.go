package config

import (
	"errors"
	"fmt"
)

// Context says what prompts carry besides the document.
type Context struct {
	// Definitions turns on the definitions of the identifiers near the
	// cursor, asked of the language's own server (gopls, pyright, ...).
	Definitions bool `json:"definitions"`
	// MaxBytes bounds those definitions in one prompt; 0 takes the default.
	MaxBytes int `json:"maxBytes"`
	// LanguageServers overrides the server command of a language id; an
	// empty command turns that language off. Only the config file may set
	// it: a client must not choose what lspilot runs.
	LanguageServers map[string]LanguageServer `json:"languageServers"`
}

// LanguageServer is the command that serves one language.
type LanguageServer struct {
	// Command is the program and its arguments, looked up on PATH.
	Command []string `json:"command"`
}

// Servers returns the commands by language id.
func (c Context) Servers() map[string][]string {
	out := map[string][]string{}
	for id, s := range c.LanguageServers {
		out[id] = s.Command
	}
	return out
}

// validate checks the budget.
func (c Context) validate() []*KeyError {
	if c.MaxBytes < 0 {
		return []*KeyError{{Key: "context.maxBytes", Err: fmt.Errorf("%d is negative", c.MaxBytes)}}
	}
	return nil
}

// errClientCommand explains the refusal of a server command from a client.
var errClientCommand = errors.New("language server commands come only from the config file: a client cannot choose what lspilot runs")

// screenCommands drops context.languageServers from a client layer; an
// empty value sets nothing and passes (editors echo every key).
func screenCommands(l layer) (layer, []*KeyError) {
	ctx, _ := l["context"].(layer)
	v, ok := ctx["languageServers"]
	if m, isMap := v.(layer); !ok || isMap && len(m) == 0 {
		return l, nil
	}
	return without(l, "context.languageServers"), []*KeyError{{Key: "context.languageServers", Err: errClientCommand}}
}
