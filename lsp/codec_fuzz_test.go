package lsp_test

import (
	"bytes"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp"
)

// paramTypes are the request and notification payloads the server decodes,
// each made fresh for a fuzz input.
var paramTypes = []func() any{
	func() any { return new(protocol.InitializeParams) },
	func() any { return new(protocol.DidOpenTextDocumentParams) },
	func() any { return new(protocol.DidChangeTextDocumentParams) },
	func() any { return new(protocol.InlineCompletionParams) },
	func() any { return new(protocol.CompletionParams) },
	func() any { return new(protocol.HoverParams) },
	func() any { return new(protocol.CodeActionParams) },
	func() any { return new(protocol.ExecuteCommandParams) },
	func() any { return new(protocol.DidChangeConfigurationParams) },
	func() any { return new(protocol.CancelParams) },
}

// FuzzCodecParams decodes arbitrary JSON as each payload type the server
// reads: decoding never panics, and what decodes reaches a fixed point after
// one round (decode, encode, decode, encode gives the bytes of the round
// before), unions included. One round is allowed to normalize: the protocol
// package decodes an absent document URI as "" but an explicit "" as
// "file:///".
func FuzzCodecParams(f *testing.F) {
	f.Add(uint8(2), []byte(`{"textDocument":{"uri":"file:///a.go","version":3},"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":1}},"text":"x"},{"text":"whole"}]}`))
	f.Add(uint8(3), []byte(`{"textDocument":{"uri":"file:///a.go"},"position":{"line":4,"character":2},"context":{"triggerKind":2,"selectedCompletionInfo":{"range":{"start":{"line":4,"character":0},"end":{"line":4,"character":2}},"text":"fo"}}}`))
	f.Add(uint8(0), []byte(`{"processId":null,"rootUri":"file:///w","capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]}},"initializationOptions":{"lspilot":{"server":{"maxMessageBytes":4096}}}}`))
	f.Add(uint8(9), []byte(`{"id":"abc"}`))
	f.Add(uint8(9), []byte(`{"id":17}`))
	f.Add(uint8(7), []byte(`{"command":"lspilot.status","arguments":[1,"a",null,{"b":[]}]}`))
	f.Add(uint8(6), []byte(`{"textDocument":{"uri":"file:///a"},"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}},"context":{"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","code":42}],"only":["refactor.rewrite"]}}`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		newParams := paramTypes[int(which)%len(paramTypes)]
		var c lsp.Codec
		v := newParams()
		if err := c.Unmarshal(data, v); err != nil {
			return
		}
		first, err := c.Marshal(v)
		if err != nil {
			return // a decoded value the encoder cannot write, such as NaN
		}
		second := roundTrip(t, c, newParams, first)
		if third := roundTrip(t, c, newParams, second); !bytes.Equal(second, third) {
			t.Fatalf("%T: encoding is not stable:\n%s\n%s\n%s", v, first, second, third)
		}
	})
}

// roundTrip decodes data as a fresh payload and encodes it again.
func roundTrip(t *testing.T, c lsp.Codec, newParams func() any, data []byte) []byte {
	t.Helper()
	v := newParams()
	if err := c.Unmarshal(data, v); err != nil {
		t.Fatalf("%T: cannot decode its own encoding %s: %v", v, data, err)
	}
	out, err := c.Marshal(v)
	if err != nil {
		t.Fatalf("%T: re-encode: %v", v, err)
	}
	return out
}
