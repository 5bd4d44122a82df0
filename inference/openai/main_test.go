package openai_test

import (
	"os"
	"testing"

	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

// realOllama is started by the first end-to-end test that needs it.
var realOllama backendtest.RealOllama

// realLlama is started by the first test against llama-server's /v1
// endpoints.
var realLlama backendtest.RealLlamaServer

func TestMain(m *testing.M) {
	os.Exit(backendtest.Main(m, &realOllama, &realLlama))
}
