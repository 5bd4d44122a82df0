package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/discover"
	"github.com/lspilot/lspilot/inference/doctor"
)

// doctorDiscover looks for a server on this machine as serve does without
// a configured backend, prints what each place answered and the pick, and
// returns the pick's configuration; ok is false when nothing was found.
func doctorDiscover(ctx context.Context, w io.Writer) (inference.BackendConfig, bool) {
	fmt.Fprintln(w, "no backend configured: looking on this machine, as lspilot serve does")
	res := discover.Find(ctx, discover.Targets(os.Getenv), discover.Options{})
	for _, s := range res.Servers {
		switch {
		case len(s.Models) > 0:
			line(w, doctor.OK, "found", fmt.Sprintf("%s at %s: %s", s.Server(), s.URL, doctor.PickText(s.Models)))
		case s.Answered():
			line(w, doctor.Warn, "found", fmt.Sprintf("%s at %s: %v", s.Server(), s.URL, s.Err))
		default:
			line(w, doctor.Skip, "found", fmt.Sprintf("%s at %s (%s): %v", s.Server(), s.URL, s.From, s.Err))
		}
	}
	srv, m, ok := res.Pick()
	if !ok {
		line(w, doctor.Fail, "found", "no server with a usable model on this machine")
		fixLine(w, fmt.Sprintf("install Ollama (https://ollama.com/download) and run `ollama pull %s`, or %s",
			suggestedModel, howToChoose()))
		return inference.BackendConfig{}, false
	}
	tier, _ := discover.Rank(m)
	line(w, doctor.OK, "pick", fmt.Sprintf("%s (%s) on %s at %s: lspilot serve uses it while no backend is configured",
		m.Name, tier, srv.Server(), srv.URL))
	hintLine(w, fmt.Sprintf("to choose another, %s", howToChoose()))
	return inference.BackendConfig{Name: srv.URL, Kind: srv.Kind, URL: srv.URL, Model: m.Name}, true
}

// serverFailed reports a report whose server check failed.
func serverFailed(rep doctor.Report) bool {
	for _, c := range rep.Checks {
		if c.Name == "server" && c.Status == doctor.Fail {
			return true
		}
	}
	return false
}

// otherServers follows a server that did not answer with the servers that
// do answer on this machine, in case the URL has the wrong host or port.
func otherServers(ctx context.Context, w io.Writer, bc inference.BackendConfig) {
	res := discover.Find(ctx, discover.Targets(os.Getenv), discover.Options{})
	found := false
	for _, s := range res.Servers {
		if s.Answered() && s.URL != bc.URL {
			hintLine(w, fmt.Sprintf("%s answers at %s on this machine: did you mean --backend %s?", s.Server(), s.URL, s.URL))
			found = true
		}
	}
	if !found {
		hintLine(w, fmt.Sprintf("Ollama listens on port %d by default, llama-server on %d; nothing answers on this machine at either",
			discover.OllamaPort, discover.LlamaServerPort))
	}
}

// fixLine prints a fix under the line before, in the doctor's format.
func fixLine(w io.Writer, fix string) {
	fmt.Fprintf(w, "      %-8s fix: %s\n", "", fix)
}

// hintLine prints a hint under the checks of a backend.
func hintLine(w io.Writer, hint string) {
	fmt.Fprintf(w, "      %-8s hint: %s\n", "", hint)
}
