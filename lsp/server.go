package lsp

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/lsp/config"
	"github.com/lspilot/lspilot/lsp/langctx"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// Version is the server version reported in initialize; cmd/lspilot sets it.
var Version = "devel"

// server is one editor session: the protocol state of a connection. Handlers
// stay thin: they take a snapshot, call a feature, and convert the result.
type server struct {
	protocol.UnimplementedServer

	logger   *zap.Logger
	client   protocol.Client
	features atomic.Pointer[Features]
	rebuild  func(context.Context, config.Config) (Features, func(), error)
	docs     *documents
	config   *config.Store
	maxBytes *atomic.Int64 // the stream's size limit, following server.maxMessageBytes
	inflight inflight
	daemon   *daemon // shared listener state; nil for a stdio session
	session  string  // identifies this session to shared features
	outages  outages
	observer Observer        // never nil
	sent     sentSuggestions // the latest suggestions sent, for accepted characters
	listed   listedItems     // the latest completion list items, to learn their acceptance
	// nextEdits are the next-edit requests in flight, which a change of
	// their document cancels.
	nextEdits docRequests
	// settingsMu serializes changes of the configuration layers and of
	// the features built from them.
	settingsMu sync.Mutex
	// fileDetached says the session left its config file layer (it is
	// ending): reloads no longer apply. Guarded by settingsMu.
	fileDetached bool
	// links maps an open document's URI to the path its links lead to, ""
	// for none (see excludedDoc); forgotten when it opens or closes.
	links    sync.Map
	activity statusTracker // generations running, backend failures, latency
	// notify sends a notification the protocol.Client lacks; nil drops it.
	notify func(ctx context.Context, method string, params any) error
	// definitions, when set, is the process's source of definitions from
	// language servers: the session's Managers join it (definitions.go).
	definitions *langctx.Registry

	mu              sync.Mutex
	roots           []string                      // guarded by mu; workspace root directories
	defs            []*langctx.Manager            // guarded by mu; language servers by root (definitions.go)
	defsOn          bool                          // guarded by mu; context.definitions was on at initialize
	built           string                        // guarded by mu; featureKey of the config features were built from
	ownClose        func()                        // guarded by mu; closes features this session built
	caps            clientCaps                    // guarded by mu; set by initialize
	progressCancels map[string]context.CancelFunc // guarded by mu; by progress token
	selections      map[string]selection          // guarded by mu; by URI, the editor's last selection
	state           lifecycle                     // guarded by mu
	enc             textdoc.Encoding              // guarded by mu; fixed by initialize
	trace           protocol.TraceValue           // guarded by mu
	exitCode        int                           // guarded by mu; -1 until exit
	exited          chan struct{}                 // closed by exit
	ready           chan struct{}                 // closed by initialized
}

var _ protocol.Server = (*server)(nil)

func newServer(logger *zap.Logger, client protocol.Client, features Features, maxBytes *atomic.Int64, file map[string]any) *server {
	s := &server{
		logger:   logger,
		client:   client,
		docs:     newDocuments(),
		config:   config.NewStore(),
		maxBytes: maxBytes,
		trace:    protocol.TraceValueOff,
		observer: nopObserver{},
		exitCode: -1,
		exited:   make(chan struct{}),
		ready:    make(chan struct{}),
		session:  fmt.Sprintf("%d-%d", os.Getpid(), sessionIDs.Add(1)),
	}
	if file != nil {
		_, errs := s.config.Set(config.FromFile, file)
		for _, e := range errs {
			logger.Warn("invalid config file value", zap.String("key", e.Key), zap.Error(e.Err))
		}
	}
	s.setFeatures(features)
	s.built = featureKey(s.config.Get())
	s.maxBytes.Store(s.config.Get().Server.MaxMessageBytes)
	return s
}

// sessionIDs numbers the sessions of this process.
var sessionIDs atomic.Int64

// lifecycle returns the session's state.
func (s *server) lifecycle() lifecycle {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// encoding returns the negotiated position encoding.
func (s *server) encoding() textdoc.Encoding {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enc
}

// Shutdown implements protocol.Server.
func (s *server) Shutdown(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = stateShutdown
	return nil
}

// Exit implements protocol.Server. The exit code is 0 only after shutdown.
func (s *server) Exit(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exitCode >= 0 {
		return nil
	}
	s.exitCode = 1
	if s.state == stateShutdown {
		s.exitCode = 0
	}
	close(s.exited)
	return nil
}

// Initialized implements protocol.Server.
func (s *server) Initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	s.mu.Lock()
	if s.state == stateInitializing {
		s.state = stateInitialized
		close(s.ready)
	}
	s.mu.Unlock()
	s.publishStatus(ctx)
	return nil
}

// clientCaps is what the server needs to know of the client's capabilities.
type clientCaps struct {
	documentChanges, create, workDoneProgress bool
	resolveEdit                               bool // codeAction/resolve may fill in the edit
	annotations                               bool // workspace edits may carry change annotations
}

// clientCaps returns the client's capabilities.
func (s *server) clientCaps() clientCaps {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps
}
