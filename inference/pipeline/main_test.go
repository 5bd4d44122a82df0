package pipeline_test

import (
	"os"
	"testing"

	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

// realOllama is started by the first end-to-end test that needs it.
var realOllama backendtest.RealOllama

func TestMain(m *testing.M) {
	os.Exit(backendtest.Main(m, &realOllama))
}
