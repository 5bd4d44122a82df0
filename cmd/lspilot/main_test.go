package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the lspilot executable the process tests run.
var binary string

func TestMain(m *testing.M) {
	// Serving without a backend looks for one on this machine; the tests
	// must not find the developer's own servers. Port 1 refuses at once.
	for k, v := range map[string]string{"OLLAMA_HOST": "127.0.0.1:1", "LLAMA_ARG_HOST": "127.0.0.1", "LLAMA_ARG_PORT": "1"} {
		os.Setenv(k, v)
	}
	dir, err := os.MkdirTemp("", "lspilot-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "lspilot")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build lspilot: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
