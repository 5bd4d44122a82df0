package langctx_test

import (
	"context"
	"os"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/goleak"
)

// fakeEnv makes the test binary a language server that answers initialize
// and shutdown and never anything else: a server that hangs once running.
const fakeEnv = "LANGCTX_FAKE_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(fakeEnv) == "hang" {
		hangingServer()
		return
	}
	goleak.VerifyTestMain(m)
}

// hangingServer serves stdio until its input ends.
func hangingServer() {
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(stdio{}))
	conn.Go(context.Background(), func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		switch req.Method() {
		case "initialize":
			return map[string]any{"capabilities": map[string]any{"positionEncoding": "utf-8"}}, nil
		case "shutdown":
			return nil, nil
		case "exit":
			os.Exit(0)
		}
		if req.IsCall() {
			jsonrpc2.Async(ctx)
			<-ctx.Done() // never answers
		}
		return nil, nil
	})
	<-conn.Done()
}

type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdin.Close() }
