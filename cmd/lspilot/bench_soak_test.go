package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchSoak runs "lspilot bench --soak" with a tiny configuration over
// the preset: a few editors for seconds, a replica killed and restarted.
func TestBenchSoak(t *testing.T) {
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "--soak", "--editors", "3", "--duration", "4s", "--lines", "5",
		"--preset", "h100-1.5b", "--kill-replica-after", "1s", "--restart-replica-after", "2s", "--warm-up", "1s"},
		stdio{strings.NewReader(""), &out, &errs})
	if err != nil {
		t.Fatalf("bench --soak: %v\n%s\n%s", err, out.String(), errs.String())
	}
	t.Logf("\n%s", out.String())
	for _, want := range []string{"3 editors typing for 4s in real time with the lspilot strategy against 2 simulated",
		"replica 1 killed at 1s, restarted at 2s", "requests unanswered", "every request answered: yes", "back to idle: yes"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(context.Background(), []string{"bench", "--soak", "--sweep", "2,3"}, stdio{nil, &out, &errs}); err == nil {
		t.Error("--soak with --sweep: no error")
	}
}
