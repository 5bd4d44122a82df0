package helix_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
)

// client is the least LSP client that can stand in for Helix: it writes
// requests and notifications and reads until the answer to its request,
// keeping the server's notifications and answering its requests with null.
// It runs on the test's goroutine; a server that hangs is ended by the
// command's context, which ends the read.
type client struct {
	w      io.Writer
	r      *textproto.Reader
	nextID int
	// notes are the server's notifications so far, in order.
	notes []message
}

// message is any JSON-RPC 2.0 message.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func newClient(w io.Writer, r io.Reader) *client {
	return &client{w: w, r: textproto.NewReader(bufio.NewReader(r))}
}

// call sends a request and decodes its result into result (when not nil).
func (c *client) call(method string, params, result any) error {
	c.nextID++
	id := json.RawMessage(strconv.Itoa(c.nextID))
	if err := c.write(message{ID: id, Method: method, Params: marshal(params)}); err != nil {
		return err
	}
	for {
		m, err := c.read()
		if err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		switch {
		case m.Method != "" && m.ID != nil: // a request from the server
			if err := c.write(message{ID: m.ID, Result: json.RawMessage("null")}); err != nil {
				return err
			}
		case m.Method != "":
			c.notes = append(c.notes, m)
		case string(m.ID) == string(id):
			if m.Error != nil {
				return fmt.Errorf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
			}
			if result == nil {
				return nil
			}
			return json.Unmarshal(m.Result, result)
		}
	}
}

// notify sends a notification.
func (c *client) notify(method string, params any) error {
	return c.write(message{Method: method, Params: marshal(params)})
}

func (c *client) write(m message) error {
	m.JSONRPC = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

func (c *client) read() (message, error) {
	var m message
	header, err := c.r.ReadMIMEHeader()
	if err != nil {
		return m, fmt.Errorf("read header: %w", err)
	}
	n, err := strconv.Atoi(header.Get("Content-Length"))
	if err != nil {
		return m, fmt.Errorf("bad Content-Length %q", header.Get("Content-Length"))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r.R, body); err != nil {
		return m, fmt.Errorf("read body: %w", err)
	}
	return m, json.Unmarshal(body, &m)
}

func marshal(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only the test's own literals are marshalled
	}
	return data
}
