package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// daemonUsage is the help of lspilot daemon.
const daemonUsage = `Usage: lspilot daemon <status|stop|restart> [flags]

Manage the shared daemons that "lspilot serve --remote=auto" starts: one per
configuration (the --backend, --model, --backend-kind, --config, --log-level
and --idle-timeout flags and the config file they resolve to), in
%s.

  status    list the running daemons: pid, socket, configuration, sessions, uptime
  stop      ask the daemons to exit (SIGTERM to the process verified to serve the socket)
  restart   stop the daemons and start each again at once with the same flags

Editors connected to a daemon that stops are told so and must restart their
language server. Exit status: 0 when done, or when no daemon is running
(a message says so); 1 on an error.
`

// runDaemon runs lspilot daemon status|stop|restart.
func runDaemon(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		w := io.out
		if len(args) == 0 {
			w = io.err
		}
		fmt.Fprintf(w, daemonUsage, daemonDir())
		if len(args) == 0 {
			return exitError{2}
		}
		return nil
	}
	actions := map[string]func(context.Context, *daemonFlags, stdio) error{
		"status": daemonStatus, "stop": daemonStop, "restart": daemonRestart,
	}
	action, ok := actions[args[0]]
	if !ok {
		fmt.Fprintf(io.err, daemonUsage, daemonDir())
		return fmt.Errorf("daemon: unknown action %q", args[0])
	}
	f, err := parseDaemonFlags(args[0], args[1:], io)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	return action(ctx, f, io)
}

// daemonFlags are the flags of the daemon actions.
type daemonFlags struct {
	pid     int
	timeout time.Duration
}

var daemonActionHelp = map[string]string{
	"status":  "List the running shared daemons: pid, socket, log, configuration, sessions open, uptime.",
	"stop":    "Ask the running shared daemons to exit, and wait until they have.",
	"restart": "Stop the running shared daemons, then start each again with the flags it had.",
}

func parseDaemonFlags(action string, args []string, io stdio) (*daemonFlags, error) {
	f := &daemonFlags{}
	fs := flag.NewFlagSet("lspilot daemon "+action, flag.ContinueOnError)
	fs.SetOutput(io.out)
	fs.Usage = func() {
		fmt.Fprintf(io.out, "Usage: lspilot daemon %s [flags]\n\n%s\n\nFlags:\n", action, daemonActionHelp[action])
		fs.PrintDefaults()
	}
	fs.IntVar(&f.pid, "pid", 0, "only the daemon with this process id")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "how long to wait for a daemon to answer, exit or start")
	if err := fs.Parse(args); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(io.err)
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("daemon %s: unexpected arguments %q", action, fs.Args())
	}
	return f, nil
}

// findDaemons returns the daemons answering in the per-user directory,
// those with f.pid only when it is set, and an error for each socket whose
// daemon could not be asked or verified. Sockets on which nothing answers
// are reported to w.
func findDaemons(f *daemonFlags, w io.Writer) ([]*daemonInfo, error) {
	dir := daemonDir()
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err := checkPrivateDir(dir); err != nil {
		return nil, err
	}
	socks, err := filepath.Glob(filepath.Join(dir, "daemon-*.sock"))
	if err != nil {
		return nil, err
	}
	var (
		found []*daemonInfo
		errs  []error
	)
	for _, sock := range socks {
		d, err := probeDaemon(sock, f.timeout)
		switch {
		case errors.Is(err, errNoDaemon):
			fmt.Fprintf(w, "no daemon answers on %s (a stale socket)\n", sock)
		case err != nil:
			errs = append(errs, err)
		case f.pid == 0 || d.pid == f.pid:
			found = append(found, d)
		}
	}
	return found, errors.Join(errs...)
}

// noneRunning says that no daemon was found.
func noneRunning(f *daemonFlags, w io.Writer) {
	if f.pid != 0 {
		fmt.Fprintf(w, "no shared daemon with pid %d is running (looked in %s)\n", f.pid, daemonDir())
		return
	}
	fmt.Fprintf(w, "no shared daemon is running (looked in %s)\n", daemonDir())
}

// daemonStatus prints the running daemons.
func daemonStatus(_ context.Context, f *daemonFlags, io stdio) error {
	found, err := findDaemons(f, io.out)
	if len(found) == 0 {
		if err == nil {
			noneRunning(f, io.out)
		}
		return err
	}
	for _, d := range found {
		st := d.status
		fmt.Fprintf(io.out, "daemon pid %d, version %s, up %s, %d session(s) open, %d served\n",
			d.pid, st.Version, time.Duration(st.UptimeSeconds)*time.Second, st.Sessions, st.TotalSessions)
		fmt.Fprintf(io.out, "  socket  %s\n  log     %s\n  config  %s\n", d.files.sock, d.files.log, d.summary())
	}
	return err
}

// daemonStop stops the running daemons.
func daemonStop(ctx context.Context, f *daemonFlags, io stdio) error {
	found, err := findDaemons(f, io.out)
	if len(found) == 0 {
		if err == nil {
			noneRunning(f, io.out)
		}
		return err
	}
	errs := []error{err}
	for _, d := range found {
		if err := d.stop(ctx, f.timeout); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(io.out, "stopped daemon pid %d (%s)\n", d.pid, d.files.sock)
	}
	return errors.Join(errs...)
}

// daemonRestart stops the running daemons and starts each again with the
// flags it had.
func daemonRestart(ctx context.Context, f *daemonFlags, io stdio) error {
	found, err := findDaemons(f, io.out)
	if len(found) == 0 {
		if err == nil {
			noneRunning(f, io.out)
			fmt.Fprintln(io.out, "the next editor started with --remote=auto starts one")
		}
		return err
	}
	errs := []error{err}
	for _, d := range found {
		pid, err := d.restart(ctx, f.timeout)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(io.out, "restarted daemon pid %d as pid %d (%s)\n", d.pid, pid, d.files.sock)
	}
	return errors.Join(errs...)
}

// summary describes a daemon's configuration from its flags.
func (d *daemonInfo) summary() string {
	f, err := parseServeFlags(d.args, stdio{err: io.Discard})
	if err != nil {
		return strings.Join(d.args, " ")
	}
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+" "+v)
		}
	}
	add("backend", f.backend.url)
	add("model", f.backend.model)
	add("kind", f.backend.kind)
	if f.config != "" {
		add("config file", f.config)
	} else {
		add("config file", "(default)")
	}
	add("log level", f.logLevel)
	if f.idleTimeout > 0 {
		add("idle timeout", f.idleTimeout.String())
	}
	return strings.Join(parts, ", ")
}
