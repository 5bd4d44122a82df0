package doctor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/doctor"
	"github.com/lspilot/lspilot/inference/ollamatest"
)

func TestE2EDoctor(t *testing.T) {
	srv := realOllama.Get(t)
	tests := []struct {
		name       string
		give       inference.BackendConfig
		wantFailed bool
		// wantStatus gives the expected status of some checks.
		wantStatus map[string]doctor.Status
	}{
		{name: "FIM model, detected kind", give: inference.BackendConfig{Name: "real", URL: srv.URL, Model: ollamatest.FIMModel},
			wantStatus: map[string]doctor.Status{"server": doctor.OK, "model": doctor.OK, "fim": doctor.OK, "context": doctor.OK, "latency": doctor.OK}},
		{name: "FIM model through /v1", give: inference.BackendConfig{Name: "real", URL: srv.URL + "/v1", Model: ollamatest.FIMModel},
			wantStatus: map[string]doctor.Status{"server": doctor.OK, "model": doctor.OK, "fim": doctor.OK, "latency": doctor.OK}},
		{name: "model without FIM template", give: inference.BackendConfig{Name: "real", Kind: inference.KindOllama, URL: srv.URL, Model: ollamatest.NoFIMModel},
			wantFailed: true, wantStatus: map[string]doctor.Status{"model": doctor.OK, "fim": doctor.Fail, "latency": doctor.OK}},
		{name: "missing model", give: inference.BackendConfig{Name: "real", Kind: inference.KindOllama, URL: srv.URL, Model: "nope:1b"},
			wantFailed: true, wantStatus: map[string]doctor.Status{"server": doctor.OK, "model": doctor.Fail, "latency": doctor.Skip}},
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
			if report.Failed() != tt.wantFailed {
				t.Errorf("Failed() = %v, want %v", report.Failed(), tt.wantFailed)
			}
			got := map[string]doctor.Status{}
			for _, c := range report.Checks {
				got[c.Name] = c.Status
			}
			for name, want := range tt.wantStatus {
				if got[name] != want {
					t.Errorf("check %s = %s, want %s", name, got[name], want)
				}
			}
		})
	}
}
