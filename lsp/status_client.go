package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// QueryStatus plays a short client session on conn, a connection to a
// daemon: initialize, the CommandStatus command, shutdown and exit. The
// status it returns counts this session among the daemon's sessions. The
// caller bounds the exchange with conn's deadline and closes conn.
func QueryStatus(conn io.ReadWriter, client string) (Status, error) {
	q := &statusQuery{w: conn, r: bufio.NewReader(conn)}
	var st Status
	init := protocol.InitializeParams{ClientInfo: protocol.ClientInfo{Name: client}}
	if err := q.call(1, protocol.MethodInitialize, init, nil); err != nil {
		return st, err
	}
	if err := q.notify(protocol.MethodInitialized, protocol.InitializedParams{}); err != nil {
		return st, err
	}
	cmd := protocol.ExecuteCommandParams{Command: CommandStatus}
	if err := q.call(2, protocol.MethodWorkspaceExecuteCommand, cmd, &st); err != nil {
		return st, err
	}
	if err := q.call(3, protocol.MethodShutdown, nil, nil); err != nil {
		return st, err
	}
	return st, q.notify(protocol.MethodExit, nil)
}

// statusQuery is the client side of QueryStatus.
type statusQuery struct {
	w io.Writer
	r *bufio.Reader
}

func (q *statusQuery) notify(method string, params any) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return writeFrame(q.w, jsonrpc2.NewNotification(method, raw))
}

// call sends a request and decodes its result into result, when not nil,
// skipping the daemon's notifications.
func (q *statusQuery) call(id int64, method string, params, result any) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	if err := writeFrame(q.w, jsonrpc2.NewCall(jsonrpc2.NewNumberID(id), method, raw)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	for {
		_, body, err := readFrame(q.r)
		if err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		resp, ok := msg.(*jsonrpc2.Response)
		if !ok || resp.ID() != jsonrpc2.NewNumberID(id) {
			continue
		}
		if err := resp.Err(); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		if result == nil {
			return nil
		}
		return json.Unmarshal(resp.Result(), result)
	}
}
