package main

import (
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/inference/discover"
)

// suggestedModel is the model the messages tell a newcomer to pull: small
// enough for a laptop CPU, trained for fill-in-the-middle.
const suggestedModel = "qwen2.5-coder:1.5b-base"

// howToChoose names the config keys and flags that choose a backend.
func howToChoose() string {
	path := defaultConfigPath()
	if path == "" {
		path = "config.toml"
	}
	return fmt.Sprintf("set `url` and `model` under [[backends]] in %s, or run `lspilot serve --backend URL --model NAME`", path)
}

// chosenMessage tells the user which model discovery chose and how to
// choose another.
func chosenMessage(s discover.Server, m discover.Model) string {
	tier, _ := discover.Rank(m)
	msg := fmt.Sprintf("lspilot: no backend configured; using %s (%s) on %s at %s, found on this machine. "+
		"To choose another, %s (`lspilot doctor` lists the models).", m.Name, tier, s.Server(), s.URL, howToChoose())
	if tier != discover.TierFIM {
		msg += fmt.Sprintf(" For better suggestions, use a base code model trained for fill-in-the-middle: `ollama pull %s`.", suggestedModel)
	}
	return msg
}

// notFoundMessage tells the user that nothing was found, where lspilot
// looked, and the fix.
func notFoundMessage(res discover.Result) string {
	return fmt.Sprintf("lspilot: no backend configured and none found on this machine (%s), so suggestions stay empty. "+
		"To fix: install Ollama (https://ollama.com/download) and run `ollama pull %s` (lspilot looks again every few seconds), or %s.",
		lookedAt(res), suggestedModel, howToChoose())
}

// lookedAt says what each place searched answered.
func lookedAt(res discover.Result) string {
	parts := make([]string, len(res.Servers))
	for i, s := range res.Servers {
		why := "no usable model"
		if s.Err != nil {
			why = s.Err.Error()
		}
		parts[i] = fmt.Sprintf("%s at %s: %s", s.Server(), s.URL, why)
	}
	return strings.Join(parts, "; ")
}
