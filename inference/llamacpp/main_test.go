package llamacpp_test

import (
	"os"
	"testing"

	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

// realLlama is started by the first end-to-end test that needs it.
var realLlama backendtest.RealLlamaServer

func TestMain(m *testing.M) {
	os.Exit(backendtest.Main(m, &realLlama))
}
