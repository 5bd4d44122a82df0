// Package ollamatest runs a real Ollama server for end-to-end tests.
//
// Binary builds the Ollama server from the Go module that go.mod requires, once, and caches it
// under ${XDG_CACHE_HOME:-$HOME/.cache}/lspilot/ollama/<version>. The build needs the C++ headers
// of the Debian packages listed in AptPackages; the build never installs them. Concurrent
// test binaries wait for one build under a file lock. A clean build takes minutes, so CI runs
// `go run ./inference/ollamatest/buildollama` before `go test`, keeping it out of test timeouts.
//
// Start launches `ollama serve` on a loopback port with private state (HOME, OLLAMA_MODELS),
// OLLAMA_DEBUG=1 and the generated models of package tinymodel, and stops it when the test
// ends. A server starts in about a second; a package can share one through TestMain with
// Launch, and read per-test effects as differences of CountLog, Requests or CacheLoads:
//
//	var srv *ollamatest.Server
//
//	func TestMain(m *testing.M) {
//		var err error
//		if srv, err = ollamatest.Launch(context.Background()); err != nil {
//			fmt.Fprintln(os.Stderr, err)
//			os.Exit(1)
//		}
//		code := m.Run()
//		srv.Close()
//		os.Exit(code)
//	}
//
// Wedge drives a model into Ollama's stuck-slot bug, where the server holds the model idle but
// starts no request for it, so that the backends' recovery is tested against the real thing.
//
// Every model greedily generates tinymodel.CycleText over and over; after <|fim_middle|>
// it starts at the beginning, so FIM completions are known in advance (tinymodel.Walk).
//
// The package is test support: it imports the ollama api and fs/ggml packages and the standard
// library, and nothing from lspilot except tinymodel. Product code must not import it.
package ollamatest
