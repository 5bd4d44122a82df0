package stream

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/lspilot/lspilot/inference"
)

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// JSONClient is the HTTP plumbing of backends that speak JSON themselves
// (openai, llamacpp): requests with the configured headers and errors mapped
// to *inference.BackendError.
type JSONClient struct {
	// HTTP sends the requests.
	HTTP *http.Client
	// Base is the URL paths are joined to.
	Base string
	// Header is added to every request (Authorization). It is never logged.
	Header http.Header
}

// PostStream sends body as JSON to path and returns the response of a 2xx
// answer for the caller to read and close; other answers become errors.
func (c *JSONClient) PostStream(ctx context.Context, o inference.Origin, path string, body any) (*http.Response, error) {
	return c.send(ctx, o, http.MethodPost, path, body, "text/event-stream")
}

// PostJSON sends in as JSON to path and decodes the answer into out.
func (c *JSONClient) PostJSON(ctx context.Context, o inference.Origin, path string, in, out any) error {
	resp, err := c.send(ctx, o, http.MethodPost, path, in, "application/json")
	if err != nil {
		return err
	}
	return decodeBody(o, resp, out)
}

// GetJSON fetches path and decodes the answer into out.
func (c *JSONClient) GetJSON(ctx context.Context, o inference.Origin, path string, out any) error {
	resp, err := c.send(ctx, o, http.MethodGet, path, nil, "application/json")
	if err != nil {
		return err
	}
	return decodeBody(o, resp, out)
}

func (c *JSONClient) send(ctx context.Context, o inference.Origin, method, path string, body any, accept string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode %s request: %w", path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.Base, "/")+path, rd)
	if err != nil {
		return nil, fmt.Errorf("build %s request: %w", path, err)
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", accept)
	SetRequestIDHeader(ctx, req.Header)
	SetAffinityHeader(ctx, req.Header)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, o.TransportError(err)
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return nil, o.HTTPError(resp.StatusCode, resp.Header, ErrorMessage(b))
	}
	return resp, nil
}

func decodeBody(o inference.Origin, resp *http.Response, out any) error {
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return o.ReadError(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return o.Error(inference.ErrMalformed, resp.StatusCode, "answer is not the expected JSON", err)
	}
	return nil
}

// ErrorMessage extracts the message from an error answer in the shapes
// servers use: {"error": {"message": ...}}, {"error": "..."},
// {"message": ...}, {"detail": ...}, or plain text. The message is neither
// bounded nor redacted: inference.Origin.Error does both, redacting first so that no
// part of a key survives a cut.
func ErrorMessage(body []byte) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &v) != nil {
		return strings.TrimSpace(string(body))
	}
	if len(v.Error) > 0 {
		var s string
		if json.Unmarshal(v.Error, &s) == nil {
			return strings.TrimSpace(s)
		}
		var obj struct {
			Message string `json:"message"`
			Type    string `json:"type"`
		}
		if json.Unmarshal(v.Error, &obj) == nil && obj.Message != "" {
			if obj.Type != "" && !strings.Contains(obj.Message, obj.Type) {
				return strings.TrimSpace(obj.Message + " (" + obj.Type + ")")
			}
			return strings.TrimSpace(obj.Message)
		}
	}
	if v.Message != "" {
		return strings.TrimSpace(v.Message)
	}
	if len(v.Detail) > 0 {
		var s string
		if json.Unmarshal(v.Detail, &s) == nil {
			return strings.TrimSpace(s)
		}
		return strings.TrimSpace(string(v.Detail))
	}
	return strings.TrimSpace(string(body))
}
