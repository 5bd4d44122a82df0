package benchmark

import (
	"context"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/ollamatest"
)

// serverCounts are what a real Ollama's own log says about a run.
type serverCounts struct {
	generates, aborted int
	prompt, recomputed int
	// loads is how many prompts the log counts; firstPrompt and first are
	// the size of the first of the run and what it recomputed (it may find
	// the cache cold).
	loads, firstPrompt, first int
}

func countServer(srv *ollamatest.Server) serverCounts {
	var c serverCounts
	for _, r := range srv.SettledRequests("/api/generate") {
		c.generates++
		if r.Status != 200 {
			c.aborted++
		}
	}
	for _, l := range srv.CacheLoads() {
		c.prompt += l.Prompt
		c.recomputed += l.Remaining
		c.loads++
	}
	return c
}

// minus returns what c counts beyond o, taken before the run.
func (c serverCounts) minus(o serverCounts, srv *ollamatest.Server) serverCounts {
	d := serverCounts{c.generates - o.generates, c.aborted - o.aborted, c.prompt - o.prompt, c.recomputed - o.recomputed, c.loads - o.loads, 0, 0}
	if loads := srv.CacheLoads(); d.loads > 0 && o.loads < len(loads) {
		d.firstPrompt, d.first = loads[o.loads].Prompt, loads[o.loads].Remaining
	}
	return d
}

// TestRealOllama replays an editor in real time against a real Ollama
// serving the generated model, with the naive strategy, Cody's and
// lspilot's, logs them side by side and reads the server's own log: lspilot
// sends fewer requests than naive, and the server evaluates only a small
// part of each prompt, the rest coming from its KV cache.
func TestRealOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.WithoutLargeModel())
	run := func(strategy string) (Result, serverCounts) {
		before := countServer(srv)
		res, err := Run(context.Background(), Options{
			Editors: 1, Duration: 8 * time.Second, Lines: 6, Seed: 2, Strategies: []string{strategy},
			BackendURL: srv.URL, BackendKind: "ollama", Model: srv.FIMModel,
		})
		if err != nil {
			t.Fatal(err)
		}
		// The server logs a request once it notices its end.
		time.Sleep(500 * time.Millisecond)
		return res[0], countServer(srv).minus(before, srv)
	}
	naive, naiveServer := run("naive")
	cody, codyServer := run("cody")
	lspilot, lspilotServer := run("lspilot")
	for _, r := range []struct {
		res Result
		srv serverCounts
	}{{naive, naiveServer}, {cody, codyServer}, {lspilot, lspilotServer}} {
		t.Logf("%-8s keystrokes %d, shown %d, p50 %v, p95 %v; server: %d requests (%d aborted), %d prompt tokens, %d evaluated (not from its cache)",
			r.res.Strategy, r.res.Keystrokes, r.res.Shown, r.res.P50.Round(time.Millisecond), r.res.P95.Round(time.Millisecond),
			r.srv.generates, r.srv.aborted, r.srv.prompt, r.srv.recomputed)
	}
	if lspilot.Keystrokes == 0 || lspilotServer.generates == 0 {
		t.Fatalf("lspilot made %d keystrokes and %d requests", lspilot.Keystrokes, lspilotServer.generates)
	}
	perKey := func(c serverCounts, r Result) float64 { return float64(c.generates) / float64(r.Keystrokes) }
	if perKey(lspilotServer, lspilot) >= perKey(naiveServer, naive) {
		t.Errorf("lspilot sent %.2f requests per keystroke, naive %.2f", perKey(lspilotServer, lspilot), perKey(naiveServer, naive))
	}
	// The first prompt of the run may find the cache cold, and a run with
	// few requests would be judged by it alone: judge the prompts after it
	// when there are some.
	recomputed, prompt := lspilotServer.recomputed, lspilotServer.prompt
	if lspilotServer.loads > 1 {
		recomputed -= lspilotServer.first
		prompt -= lspilotServer.firstPrompt
	}
	if share := float64(recomputed) / float64(max(prompt, 1)); share > 0.5 {
		t.Errorf("the server evaluated %.0f%% of lspilot's prompt tokens after the first; the KV cache should serve most", 100*share)
	}
}
