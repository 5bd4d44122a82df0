package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// helpDoc is what a command's help says besides its flags.
type helpDoc struct {
	synopsis string // after "lspilot "
	about    string // what the command does, one paragraph or more
	example  string // one or more command lines
}

// helpDocs are the commands' help texts, by command name.
var helpDocs = map[string]helpDoc{
	"serve": {
		synopsis: "serve [flags]",
		about: `Run the language server. An editor starts it and speaks the Language
Server Protocol over its stdin and stdout; --listen serves sessions on a
socket instead, and --remote forwards stdio to a shared daemon. Backends come
from the config file or from --backend and --model.`,
		example: `lspilot serve --backend http://127.0.0.1:11434 --model qwen2.5-coder:1.5b-base
lspilot serve --remote=auto`,
	},
	"doctor": {
		synopsis: "doctor [flags]",
		about: `Check every configured backend: that it answers, that the model is there,
that a completion streams, and how long it takes. Says what to fix, and exits
1 when a check fails.`,
		example: `lspilot doctor --backend http://127.0.0.1:11434 --model qwen2.5-coder:1.5b-base`,
	},
	"gpusim": {
		synopsis: "gpusim [flags]",
		about: `Run a simulated GPU inference server (llama-server, OpenAI and Ollama
endpoints) with the timing of a real model on real hardware, to try lspilot
and its scheduler without a GPU. Ctrl-C stops it and prints what each replica
did.`,
		example: `lspilot gpusim --listen 127.0.0.1:8080 --preset h100-7b --replicas 2`,
	},
	"recall": {
		synopsis: "recall [flags]",
		about: `Measure, without a model, how often completion prompts hold the definition
that the line being written needs. Sites are lines of the Go standard library
and of a Python and a TypeScript project (make recall-corpus fetches them)
that use an identifier declared in another file; the real engine builds the
prompt at each with no extra context, with the ring of files visited before,
and with the neighbouring-files source. Prints recall, context tokens,
prompt-prefix stability while the line is typed, and the source's latency.`,
		example: `lspilot recall
lspilot recall --sets go --sites 500 --csv recall.csv`,
	},
	"bench": {
		synopsis: "bench [flags]",
		about: `Replay synthesized editing from many editors through the real server with
each request strategy, and print what users and the GPU saw: latency of
suggestions, wasted tokens, acceptance. Runs against the simulator unless
--backend names a real server.`,
		example: `lspilot bench --editors 50 --duration 30s
lspilot bench --sweep 10,50,100 --p95-target 250ms --csv out.csv`,
	},
	"version": {
		synopsis: "version",
		about: `Print the version: the module version for a binary installed with
"go install", else the version set when it was built, else the commit it was
built from.`,
		example: `lspilot version`,
	},
}

// errHelpShown is returned by a command whose help was asked for and shown:
// the process exits 0.
var errHelpShown = errors.New("help shown")

// newFlagSet returns the flag set of command name, whose usage is the
// command's help.
func newFlagSet(name string, io stdio) *flag.FlagSet {
	fs := flag.NewFlagSet("lspilot "+name, flag.ContinueOnError)
	fs.SetOutput(io.err)
	fs.Usage = func() { writeHelp(fs.Output(), name, fs) }
	return fs
}

// parseFlags parses args into fs. Asked for help (-h, --help), it shows the
// help on stdout and returns errHelpShown; on a bad flag, it shows the error
// and the help on stderr and returns exit status 2.
func parseFlags(fs *flag.FlagSet, args []string, io stdio) error {
	var buf bytes.Buffer
	out := fs.Output()
	fs.SetOutput(&buf)
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case errors.Is(err, flag.ErrHelp):
		io.out.Write(buf.Bytes())
		return errHelpShown
	case err != nil:
		out.Write(buf.Bytes())
		return exitError{2}
	}
	return nil
}

// writeHelp writes command name's help: synopsis, description, flags and
// examples.
func writeHelp(w io.Writer, name string, fs *flag.FlagSet) {
	doc, ok := helpDocs[name]
	if !ok {
		doc = helpDoc{synopsis: name + " [flags]"}
	}
	fmt.Fprintf(w, "Usage: lspilot %s\n", doc.synopsis)
	if doc.about != "" {
		fmt.Fprintf(w, "\n%s\n", doc.about)
	}
	if fs != nil && hasFlags(fs) {
		fmt.Fprintln(w, "\nFlags:")
		fs.VisitAll(func(f *flag.Flag) { writeFlag(w, f) })
	}
	if doc.example != "" {
		fmt.Fprintln(w, "\nExample:")
		for line := range strings.SplitSeq(doc.example, "\n") {
			fmt.Fprintln(w, "  "+line)
		}
	}
}

// writeFlag writes one flag as "--name VALUE", its usage below, and its
// default when it has one worth saying.
func writeFlag(w io.Writer, f *flag.Flag) {
	arg, usage := flag.UnquoteUsage(f)
	if arg == "value" {
		arg = "VALUE"
	}
	head := "  --" + f.Name
	if arg != "" {
		head += " " + arg
	}
	fmt.Fprintln(w, head)
	if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" && f.DefValue != "0s" {
		usage += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	fmt.Fprintln(w, "      "+usage)
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// usage writes the program's help: the commands and where to learn more.
func usage(w io.Writer) {
	fmt.Fprint(w, `lspilot is an AI pair programmer for any editor: a language server that
turns inline completion, completion, hover and code action requests into
prompts for a GPU inference server (Ollama, llama-server, OpenAI-compatible).

Usage: lspilot <command> [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help       show a command's help: lspilot help <command>

Example:
  lspilot doctor --backend http://127.0.0.1:11434 --model qwen2.5-coder:1.5b-base
  lspilot serve --backend http://127.0.0.1:11434 --model qwen2.5-coder:1.5b-base

Run "lspilot help <command>" or "lspilot <command> --help" for a command's flags.
`)
}

// runHelp answers "lspilot help [command]".
func runHelp(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 {
		usage(io.out)
		return nil
	}
	if len(args) > 1 {
		usage(io.err)
		return exitError{2}
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, []string{"-h"}, io)
		}
	}
	fmt.Fprintf(io.err, "lspilot: unknown command %q\n\n", args[0])
	usage(io.err)
	return exitError{2}
}
