package lsp

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// MethodAuthenticate is the notification that opens every connection to a
// listener with a token, before anything else:
//
//	Content-Length: N\r\n\r\n{"jsonrpc":"2.0","method":"lspilot/authenticate","params":{"token":"TOKEN"}}
//
// It is an ordinary LSP frame, so a client that can send a notification
// before initialize can authenticate itself; the server sends nothing back.
// A connection whose first frame is not this notification with the right
// token is closed without a byte served.
const MethodAuthenticate = "lspilot/authenticate"

// authTimeout bounds the wait for the authentication frame.
const authTimeout = 10 * time.Second

// maxAuthBody bounds the authentication frame's body.
const maxAuthBody = 4 << 10

// ErrUnauthenticated is a connection that did not present the token.
var ErrUnauthenticated = errors.New("connection did not authenticate")

// AuthenticateFrame returns the frame that presents token to a listener.
func AuthenticateFrame(token []byte) []byte {
	body, _ := json.Marshal(map[string]any{
		"jsonrpc": "2.0", "method": MethodAuthenticate, "params": map[string]string{"token": string(token)},
	})
	return fmt.Appendf(nil, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// authenticate reads the authentication frame from conn and checks its
// token. It returns the connection to serve, which starts after the frame.
func authenticate(conn net.Conn, token []byte) (io.ReadWriteCloser, error) {
	conn.SetReadDeadline(time.Now().Add(authTimeout))
	r := bufio.NewReaderSize(conn, maxAuthBody)
	body, err := readAuthFrame(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnauthenticated, err)
	}
	var msg struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
		Params struct {
			Token string `json:"token"`
		} `json:"params"`
	}
	if err := json.Unmarshal(body, &msg); err != nil || msg.Method != MethodAuthenticate || msg.ID != nil {
		return nil, fmt.Errorf("%w: the first message is not a %s notification", ErrUnauthenticated, MethodAuthenticate)
	}
	// Hashing first makes the comparison constant in time whatever the
	// lengths.
	got, want := sha256.Sum256([]byte(msg.Params.Token)), sha256.Sum256(token)
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return nil, fmt.Errorf("%w: wrong token", ErrUnauthenticated)
	}
	conn.SetReadDeadline(time.Time{})
	return bufferedConn{r, conn}, nil
}

// readAuthFrame reads one small frame: header lines up to the empty line,
// then a body of at most maxAuthBody bytes.
func readAuthFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return nil, fmt.Errorf("read header: %w", err)
		}
		text := strings.TrimRight(string(line), "\r\n")
		if text == "" {
			break
		}
		name, value, ok := strings.Cut(text, ":")
		if !ok {
			return nil, fmt.Errorf("%.40q is not a header field", text)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil || length <= 0 || length > maxAuthBody {
				return nil, fmt.Errorf("content length %q out of range", strings.TrimSpace(value))
			}
		}
	}
	if length < 0 {
		return nil, errors.New("missing Content-Length")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return body, nil
}

// bufferedConn reads what the authentication left buffered, then the
// connection.
type bufferedConn struct {
	r *bufio.Reader
	net.Conn
}

func (c bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
