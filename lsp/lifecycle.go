package lsp

import (
	"bytes"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// lifecycle is where a session stands in the protocol's life cycle.
type lifecycle int

const (
	stateCreated      lifecycle = iota // waiting for initialize
	stateInitializing                  // initialize answered, initialized not yet received
	stateInitialized                   // serving
	stateShutdown                      // shutdown answered; only exit is meaningful
)

// admit says whether a message may be dispatched in state s. For a request it
// returns the error to answer instead; a notification that is not admitted is
// dropped (ok false, err nil): jsonrpc2 ends the connection when a
// notification's handler returns an error.
func (s lifecycle) admit(method string, isCall bool, params jsonrpc2.RawMessage) (ok bool, err error) {
	switch {
	case method == protocol.MethodExit:
		return true, nil
	case method == protocol.MethodInitialize && !isCall:
		return false, nil // nothing to answer, and nothing to start a session from
	case !isCall:
		return s != stateCreated && s != stateShutdown, nil
	}
	switch s {
	case stateCreated:
		if method != protocol.MethodInitialize {
			return false, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized: send initialize first")
		}
		return checkInitializeParams(params)
	case stateShutdown:
		return false, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shut down: only exit is accepted")
	}
	if method == protocol.MethodInitialize {
		return false, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already received")
	}
	return true, nil
}

// checkInitializeParams refuses initialize parameters that are not an
// object: the session would start from capabilities nobody sent.
func checkInitializeParams(params jsonrpc2.RawMessage) (ok bool, err error) {
	if p := bytes.TrimSpace(params); len(p) == 0 || p[0] != '{' {
		return false, jsonrpc2.NewError(jsonrpc2.InvalidParams, "initialize: params must be an InitializeParams object")
	}
	return true, nil
}

// logRefused logs a message the lifecycle refused. An initialize without an
// id is a client bug worth a warning; the rest is routine.
func (s *server) logRefused(method string, isCall bool, err error) {
	if method == protocol.MethodInitialize && !isCall {
		s.logger.Warn("ignored initialize sent as a notification: it needs an id to be answered")
		return
	}
	s.logger.Debug("message refused by lifecycle", zap.String("method", method), zap.Error(err))
}
