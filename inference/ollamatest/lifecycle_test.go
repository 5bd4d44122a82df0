package ollamatest

import (
	"context"
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// TestNewEngineAndClose runs the FIM model on Ollama's Go engine with two slots, then
// checks that Close leaves no process of the server's group and no state behind.
func TestNewEngineAndClose(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Launch(ctx, WithNewEngine(), WithNumParallel(2), WithoutLargeModel())
	if err != nil {
		t.Fatalf("Launch: %v", err)
	}
	defer s.Close()
	if s.LargeModel != "" {
		t.Errorf("LargeModel = %q with WithoutLargeModel", s.LargeModel)
	}
	for _, want := range []string{"OLLAMA_NEW_ENGINE:true", "OLLAMA_NUM_PARALLEL:2"} {
		if s.CountLog(want) == 0 {
			t.Errorf("server config does not show %s", want)
		}
	}

	var text string
	err = s.Client.Generate(ctx, &api.GenerateRequest{
		Model: s.FIMModel, Prompt: "package main\n\n", Suffix: "\n", Options: greedy(20),
	}, func(r api.GenerateResponse) error {
		text += r.Response
		return nil
	})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if diff := cmp.Diff(tinymodel.Walk(0, 20), text); diff != "" {
		t.Errorf("generated text (-want +got):\n%s", diff)
	}
	if s.CountLog("starting ollama engine") == 0 {
		t.Errorf("log does not show the Go engine runner")
	}

	pgid := s.cmd.Process.Pid
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := syscall.Kill(-pgid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d still exists after Close (kill 0: %v)", pgid, err)
	}
	if _, err := os.Stat(s.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("server dir %s remains after Close (%v)", s.dir, err)
	}
}
