package lsp

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// RefuseEditor tells an editor that no session can be served, for a
// forwarder that could not reach its daemon: it shows reason at once with
// window/showMessage (allowed before initialize), then answers the
// editor's initialize request, if one comes within wait, with an error
// carrying the same reason. Other messages are dropped. It returns once
// initialize is answered, the input ends, or wait has passed; a read of in
// that blocks is left to end with the process.
func RefuseEditor(in io.Reader, out io.Writer, reason string, wait time.Duration) error {
	params, err := json.Marshal(protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: reason})
	if err != nil {
		return err
	}
	if err := writeFrame(out, jsonrpc2.NewNotification(protocol.MethodWindowShowMessage, params)); err != nil {
		return err
	}
	initialize := make(chan jsonrpc2.ID, 1)
	go func() {
		defer close(initialize)
		r := bufio.NewReader(in)
		for {
			_, body, err := readFrame(r)
			if err != nil {
				return
			}
			if e := peekEnvelope(body); e.method == protocol.MethodInitialize && e.id.IsValid() {
				initialize <- e.id
				return
			}
		}
	}()
	select {
	case id, ok := <-initialize:
		if !ok {
			return nil // the input ended first
		}
		// retry false: the client should not try again by itself.
		data, _ := json.Marshal(protocol.InitializeError{Retry: false})
		rpcErr := jsonrpc2.NewError(jsonrpc2.Code(protocol.LSPErrorCodesRequestFailed), reason)
		rpcErr.Data = data
		return writeFrame(out, jsonrpc2.NewResponse(id, nil, rpcErr))
	case <-time.After(wait):
		return nil
	}
}
