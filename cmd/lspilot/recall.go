package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/recall"
	"github.com/lspilot/lspilot/lsp/langctx"
)

// recallDefinitions returns the starter of the definitions row's source:
// the language's own server, found on PATH, as lspilot serve runs it. A
// server that restarted or failed during the run is reported on stderr.
func recallDefinitions(stderr io.Writer) recall.NewDefinitions {
	return func(_ context.Context, set recall.Set) (recall.Definitions, error) {
		if _, want, ok := langctx.Command(set.Language, nil, exec.LookPath); !ok {
			return nil, fmt.Errorf("no language server for %s on PATH (%s; make langservers builds them)", set.Language, strings.Join(want, " "))
		}
		return managerSource{langctx.New(langctx.Config{Root: set.Root}), stderr}, nil
	}
}

// managerSource is a Manager as the recall harness holds a source: Close
// stops it, and says if a server did not run throughout.
type managerSource struct {
	*langctx.Manager
	stderr io.Writer
}

func (m managerSource) Close() {
	for _, s := range m.Status() {
		if s.Restarts > 0 || s.State == langctx.StateFailed {
			fmt.Fprintf(m.stderr, "recall: %s server %s: %s after %d restarts (last error: %s)\n",
				s.Language, strings.Join(s.Command, " "), s.State, s.Restarts, s.LastError)
		}
	}
	m.Shutdown()
}

// runRecall measures how often prompts hold the definition the line being
// written needs, per context strategy, and prints a table (and a CSV).
func runRecall(ctx context.Context, args []string, sio stdio) error {
	fs := newFlagSet("recall", sio)
	var o recall.Options
	fs.IntVar(&o.Sites, "sites", 300, "completion sites per set")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the sites and of the files visited before each")
	setNames := fs.String("sets", "", "comma-separated sets to measure, of go, python, ts (default all present)")
	cache := fs.String("cache", recall.CacheDir(), "where make recall-corpus unpacked the Python and TypeScript projects")
	fs.BoolVar(&o.DirFeed, "dir-feed", false, "add the neighbors+dir row: the neighbouring-files source also fed the other files of each site's directory, as a server reading the workspace could (lspilot does not, today)")
	csvPath := fs.String("csv", "", "also write the results as CSV to this file")
	sitesPath := fs.String("sites-csv", "", "also write each site's outcome per strategy as CSV to this file")
	if err := parseFlags(fs, args, sio); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("recall: unexpected arguments %q", fs.Args())
	}
	sets, missing := recall.DefaultSets(*cache)
	if *setNames != "" {
		want := strings.Split(*setNames, ",")
		sets = slices.DeleteFunc(sets, func(s recall.Set) bool { return !slices.Contains(want, s.Name) })
		missing = slices.DeleteFunc(missing, func(m string) bool {
			name, _, _ := strings.Cut(m, ":")
			return !slices.Contains(want, name)
		})
	}
	for _, m := range missing {
		fmt.Fprintln(sio.err, "recall: skipped", m)
	}
	if len(sets) == 0 {
		return fmt.Errorf("recall: no set to measure")
	}
	o.Sets, o.Progress, o.Definitions = sets, sio.err, recallDefinitions(sio.err)
	results, runErr := recall.Run(ctx, o)
	if err := recall.WriteTable(sio.out, results); err != nil {
		return err
	}
	if *csvPath != "" {
		if err := writeFile(*csvPath, func(w io.Writer) error { return recall.WriteCSV(w, results) }); err != nil {
			return err
		}
	}
	if *sitesPath != "" {
		if err := writeFile(*sitesPath, func(w io.Writer) error { return recall.WriteSitesCSV(w, results) }); err != nil {
			return err
		}
	}
	if runErr != nil {
		return fmt.Errorf("recall: %w", runErr)
	}
	return nil
}
