package main

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpExitCodes runs the real binary: help asked for goes to stdout and
// exits 0; a wrong command or flag shows the usage on stderr and exits 2.
func TestHelpExitCodes(t *testing.T) {
	tests := []struct {
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{nil, 2, nil, []string{"Usage: lspilot <command>"}},
		{[]string{"--help"}, 0, []string{"Usage: lspilot <command>", "serve", "doctor", "Example:"}, nil},
		{[]string{"-h"}, 0, []string{"Usage: lspilot <command>"}, nil},
		{[]string{"help"}, 0, []string{"Usage: lspilot <command>"}, nil},
		{[]string{"help", "serve"}, 0, []string{"Usage: lspilot serve", "--backend URL", "--listen ADDR", "Example:"}, nil},
		{[]string{"help", "doctor"}, 0, []string{"Usage: lspilot doctor", "--model NAME", "Example:"}, nil},
		{[]string{"help", "nope"}, 2, nil, []string{`unknown command "nope"`, "Usage: lspilot <command>"}},
		{[]string{"nope"}, 2, nil, []string{`unknown command "nope"`, "Usage: lspilot <command>"}},
		{[]string{"serve", "--no-such-flag"}, 2, nil, []string{"flag provided but not defined: -no-such-flag", "Usage: lspilot serve"}},
		{[]string{"version", "-x"}, 2, nil, []string{"Usage: lspilot version"}},
	}
	for _, c := range []string{"serve", "doctor", "gpusim", "bench", "version"} {
		for _, h := range []string{"-h", "--help"} {
			tests = append(tests, struct {
				args       []string
				wantCode   int
				wantStdout []string
				wantStderr []string
			}{[]string{c, h}, 0, []string{"Usage: lspilot " + c, "Example:\n  lspilot " + c}, nil})
		}
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runBinary(t, nil, "", tt.args...)
			if r.code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", r.code, tt.wantCode)
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if tt.wantCode == 0 && r.stderr != "" {
				t.Errorf("help wrote to stderr: %s", r.stderr)
			}
			if tt.wantCode != 0 && r.stdout != "" {
				t.Errorf("an error wrote to stdout: %s", r.stdout)
			}
		})
	}
}

// TestVersionBinary runs the real binary built with and without a version
// set by the linker.
func TestVersionBinary(t *testing.T) {
	if r := runBinary(t, nil, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "lspilot devel") {
		t.Errorf("version = %d %q, want 0 and \"lspilot devel...\"", r.code, r.stdout)
	}
	bin := buildWith(t, "-ldflags", "-X main.version=v1.2.3")
	if r := runProgram(t, bin, nil, "", "version"); r.code != 0 || r.stdout != "lspilot v1.2.3\n" {
		t.Errorf("version = %d %q, want 0 and \"lspilot v1.2.3\"", r.code, r.stdout)
	}
}

// TestVersionOf picks the module version, then the linker's, then the
// commit.
func TestVersionOf(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name    string
		ldflags string
		bi      *debug.BuildInfo
		want    string
	}{
		{"go install", "devel", &debug.BuildInfo{Main: debug.Module{Version: "v0.4.1"}}, "v0.4.1"},
		{"go install wins over ldflags", "v9", &debug.BuildInfo{Main: debug.Module{Version: "v0.4.1"}}, "v0.4.1"},
		{"ldflags", "v1.2.3", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v1.2.3"},
		{"no build info", "devel", nil, "devel"},
		{"nothing recorded", "devel", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{"commit", "devel", &debug.BuildInfo{
			Main:     debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "312cc05aabbccddeeff", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "false"),
		}, "devel 312cc05aabbc (2026-12-01T10:00:00Z)"},
		{"modified commit", "", &debug.BuildInfo{
			Main:     debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "312cc05", "vcs.modified", "true"),
		}, "devel 312cc05-dirty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionOf(tt.ldflags, tt.bi); got != tt.want {
				t.Errorf("versionOf = %q, want %q", got, tt.want)
			}
		})
	}
}

// buildWith builds lspilot with extra go build flags.
func buildWith(t *testing.T, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "lspilot")
	args := append([]string{"build", "-o", bin}, flags...)
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
