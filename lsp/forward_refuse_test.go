package lsp_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

// TestRefuseEditor tells an editor that no daemon can serve it: the reason
// is shown at once, and initialize, when the editor sends it, is answered
// with the same reason and no retry.
func TestRefuseEditor(t *testing.T) {
	const reason = "lspilot: cannot reach the shared daemon: it exited"
	tests := []struct {
		name, input string
		want        []string // the methods or ids of what the editor gets
	}{
		{"initialize", lsptest.Frame(`{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}`) +
			lsptest.Frame(`{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}`), []string{"window/showMessage", "7"}},
		{"input ends", "", []string{"window/showMessage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			in := io.NopCloser(strings.NewReader(tt.input))
			if err := lsp.RefuseEditor(in, &out, reason, lsptest.Timeout); err != nil {
				t.Fatal(err)
			}
			var got []string
			r := bufio.NewReader(&out)
			for {
				msg, err := readMessage(r)
				if err != nil {
					break
				}
				text := string(msg.Params) + string(msg.ErrorJSON)
				if !strings.Contains(text, reason) {
					t.Errorf("message %+v lacks the reason", msg)
				}
				if msg.Method != "" {
					got = append(got, msg.Method)
					continue
				}
				got = append(got, string(msg.ID))
				if !strings.Contains(text, `"retry":false`) {
					t.Errorf("initialize error %s: want retry false", text)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("the editor got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRefuseEditorWaitBounded gives up waiting for initialize after the
// wait it is given.
func TestRefuseEditorWaitBounded(t *testing.T) {
	in, w := io.Pipe()
	defer w.Close()
	var out bytes.Buffer
	begin := time.Now()
	if err := lsp.RefuseEditor(in, &out, "lspilot: no daemon", 10*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	t.Logf("returned after %s", time.Since(begin))
	if !strings.Contains(out.String(), "window/showMessage") {
		t.Errorf("the editor got %q, want the message", out.String())
	}
}

// wireMessage is a message as the test reads it.
type wireMessage struct {
	ID        json.RawMessage `json:"id"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	ErrorJSON json.RawMessage `json:"error"`
}

// readMessage reads one framed message.
func readMessage(r *bufio.Reader) (wireMessage, error) {
	var m wireMessage
	n := 0
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return m, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if err := json.Unmarshal([]byte(v), &n); err != nil {
				return m, err
			}
		}
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return m, err
	}
	return m, json.Unmarshal(body, &m)
}
