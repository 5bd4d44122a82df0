package benchmark

import (
	"context"
	"testing"

	"go.uber.org/goleak"

	"github.com/lspilot/lspilot/lsp/edittrace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMeasureDaemon(t *testing.T) {
	tr := edittrace.Synthesize("editor000/a.go", "go", "package a\n\nfunc f() int {\n\treturn 42\n}\n", 2, 1)
	lspilot, _ := pickStrategies([]string{"lspilot"})
	cpu, p99, err := measureDaemon(context.Background(), tr, lspilot[0])
	if err != nil {
		t.Fatal(err)
	}
	if cpu <= 0 || p99 <= 0 {
		t.Errorf("cpu %v, p99 %v: want both measured", cpu, p99)
	}
	if peakRSS() == 0 {
		t.Error("no peak RSS")
	}
}
