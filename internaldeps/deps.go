package deps
import (
 _ "go.lsp.dev/protocol"
 _ "go.lsp.dev/jsonrpc2"
 _ "go.lsp.dev/uri"
 _ "go.uber.org/zap"
 _ "go.uber.org/zap/zaptest"
 _ "github.com/sourcegraph/go-diff/diff"
 _ "github.com/ollama/ollama/api"
 _ "github.com/ollama/ollama/fs/ggml"
 _ "github.com/google/go-cmp/cmp"
 _ "golang.org/x/tools/txtar"
 _ "go.uber.org/goleak"
 _ "github.com/BurntSushi/toml"
 _ "golang.org/x/sync/errgroup"
)
