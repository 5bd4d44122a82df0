package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// runVersion prints the version.
func runVersion(_ context.Context, args []string, io stdio) error {
	fs := newFlagSet("version", io)
	if err := parseFlags(fs, args, io); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("version: unexpected arguments %q", fs.Args())
	}
	fmt.Fprintln(io.out, "lspilot", buildVersion())
	return nil
}

// buildVersion is the version of this binary.
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(version, bi)
}

// versionOf picks the version to report: the module version when the binary
// was installed with "go install module@version", else the one set with
// -ldflags, else "devel" with the commit, its time and whether the tree had
// changes, as far as the build recorded them.
func versionOf(ldflags string, bi *debug.BuildInfo) string {
	if bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	if ldflags != "" && ldflags != "devel" {
		return ldflags
	}
	if bi == nil {
		return "devel"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(12, len(s.Value))]
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	switch {
	case rev == "":
		return "devel"
	case at == "":
		return "devel " + rev + dirty
	}
	return fmt.Sprintf("devel %s%s (%s)", rev, dirty, at)
}
