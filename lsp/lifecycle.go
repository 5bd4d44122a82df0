package lsp

import (
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
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
// dropped (ok false, err nil).
func (s lifecycle) admit(method string, isCall bool) (ok bool, err error) {
	if method == protocol.MethodExit {
		return true, nil
	}
	switch s {
	case stateCreated:
		if method == protocol.MethodInitialize {
			return true, nil
		}
		if isCall {
			return false, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized: send initialize first")
		}
		return false, nil
	case stateShutdown:
		if isCall {
			return false, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shut down: only exit is accepted")
		}
		return false, nil
	}
	if method == protocol.MethodInitialize {
		return false, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already received")
	}
	return true, nil
}
