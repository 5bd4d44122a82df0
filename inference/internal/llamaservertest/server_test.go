package llamaservertest

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/lspilot/lspilot/inference/proctest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestReleases(t *testing.T) {
	s := &Server{log: proctest.NewLog()}
	s.log.Write([]byte(`0.08.357.818 I slot      release: id  0 | task 1 | stop processing: n_tokens = 25, truncated = 0
0.20.092.989 W srv          stop: cancel task, id_task = 921
0.20.292.821 I slot      release: id  1 | task 921 | stop processing: n_tokens = 30, truncated = 0
`))
	want := []Release{{Slot: 0, Task: 1, Tokens: 25}, {Slot: 1, Task: 921, Tokens: 30}}
	if diff := cmp.Diff(want, s.Releases()); diff != "" {
		t.Errorf("Releases() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{921}, s.Cancelled()); diff != "" {
		t.Errorf("Cancelled() (-want +got):\n%s", diff)
	}
	r, err := s.WaitRelease(t.Context(), 921)
	if err != nil || r != want[1] {
		t.Errorf("WaitRelease(921) = %+v, %v", r, err)
	}
}

// TestLifecycle: a started server serves its model on the announced slots,
// logs, and leaves nothing behind when it stops.
func TestLifecycle(t *testing.T) {
	s, err := Launch(t.Context(), WithSlots(3), WithContext(3072), WithBatch(512))
	if err != nil {
		t.Fatal(err)
	}
	var props struct {
		TotalSlots int    `json:"total_slots"`
		ModelPath  string `json:"model_path"`
		Settings   struct {
			NCtx int `json:"n_ctx"`
		} `json:"default_generation_settings"`
	}
	getJSON(t, s.URL+"/props", &props)
	if props.TotalSlots != 3 || props.Settings.NCtx != 1024 || props.ModelPath != s.dir+"/"+s.Model+".gguf" {
		t.Errorf("/props = %+v, want 3 slots of 1024 tokens serving %s", props, s.Model)
	}
	// The log reaches the buffer through a pipe, maybe after /health answered.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := s.WaitLog(ctx, "model loaded", 1); s.Version == "" || err != nil {
		t.Errorf("version %q, %v; log:\n%s", s.Version, err, s.Log())
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close() = %v", err)
	}
	if _, err := os.Stat(s.root.Path(s.dir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the model dir outlived the server: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close() = %v", err)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	http.DefaultClient.CloseIdleConnections()
}
