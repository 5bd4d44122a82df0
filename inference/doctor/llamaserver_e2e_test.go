package doctor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/doctor"
)

// TestE2EDoctorLlamaServer: the doctor recognises the real llama-server at
// its root URL and passes every check on it.
func TestE2EDoctorLlamaServer(t *testing.T) {
	srv := realLlama.Get(t)
	tests := []struct {
		name string
		give inference.BackendConfig
	}{
		{name: "detected kind", give: inference.BackendConfig{Name: "llama", URL: srv.URL}},
		{name: "kind llamacpp", give: inference.BackendConfig{Name: "llama", Kind: inference.KindLlamaCpp, URL: srv.URL, Model: srv.Model}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var out strings.Builder
			// A loaded test machine is slow; latency is not what this checks.
			report, err := doctor.Run(ctx, tt.give, doctor.Options{SlowFirstToken: time.Minute}, &out, zaptest.NewLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("doctor output:\n%s", out.String())
			want := map[string]doctor.Status{"config": doctor.OK, "server": doctor.OK, "model": doctor.OK, "fim": doctor.OK, "context": doctor.OK, "latency": doctor.OK}
			for _, c := range report.Checks {
				if want[c.Name] != c.Status {
					t.Errorf("check %s = %s (%s), want %s", c.Name, c.Status, c.Detail, want[c.Name])
				}
				delete(want, c.Name)
			}
			if report.Failed() || len(want) > 0 {
				t.Errorf("Failed() = %v; checks that did not run: %v", report.Failed(), want)
			}
		})
	}
}
