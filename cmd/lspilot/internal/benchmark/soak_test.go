package benchmark

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestSoakSmall runs a soak of a few editors for seconds in real time, with
// a replica killed and brought back: every request is answered, the run
// comes back to idle, the restarted replica serves again, and the report
// says so. Round-robin routing sends to the restarted replica at once; the
// prefix router waits out its breaker's cool-down and the editors' cache
// affinity, which takes longer than a unit test.
func TestSoakSmall(t *testing.T) {
	rep, err := Soak(context.Background(), SoakOptions{
		Options: Options{Editors: 4, Duration: 6 * time.Second, Lines: 10, Seed: 5, Preset: "h100-1.5b",
			Replicas: 2, KillAfter: time.Second, RestartAfter: 3 * time.Second, Strategies: []string{"round-robin"}},
		WarmUp: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := WriteSoak(&out, rep); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out.String())
	if !rep.AllAnswered() || !rep.Idle {
		t.Errorf("answered all: %v, idle: %v %q", rep.AllAnswered(), rep.Idle, rep.NotIdle)
	}
	if rep.Sent["textDocument/inlineCompletion"] == 0 || rep.Answers["result"] == 0 || rep.Keystrokes == 0 {
		t.Errorf("sent %v, answers %v, %d keystrokes", rep.Sent, rep.Answers, rep.Keystrokes)
	}
	if rep.Dropped == 0 || rep.ServedAfterRestart == 0 {
		t.Errorf("the dead replica dropped %d requests and took %d once back", rep.Dropped, rep.ServedAfterRestart)
	}
	if rep.WarmedUp.Sent == 0 || rep.End.Sent < rep.WarmedUp.Sent || rep.Connected.Goroutines.Daemon == 0 {
		t.Errorf("samples out of order: connected %+v, warmed up %+v, end %+v", rep.Connected, rep.WarmedUp, rep.End)
	}
	if rep.End.Memory.RSS == 0 || len(rep.Lateness) != rep.Keystrokes {
		t.Errorf("RSS %d, %d lateness samples for %d keystrokes", rep.End.Memory.RSS, len(rep.Lateness), rep.Keystrokes)
	}
	for _, want := range []string{"every request answered: yes", "back to idle: yes", "replica 1 killed at 1s, restarted at 3s", "daemon goroutines"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, o := range []SoakOptions{{Options: Options{Virtual: true}}, {Options: Options{Binary: "lspilot"}},
		{Options: Options{Replicas: 2, KillAfter: 2 * time.Second, RestartAfter: time.Second}},
		{Options: Options{Strategies: []string{"naive", "lspilot"}}}} {
		if _, err := Soak(context.Background(), o); err == nil {
			t.Errorf("Soak(%+v) = nil error", o.Options)
		}
	}
}
