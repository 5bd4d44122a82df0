package lsp

import (
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// position converts a protocol position.
func position(p protocol.Position) textdoc.Position {
	return textdoc.Position{Line: int(p.Line), Character: int(p.Character)}
}

// protoPosition converts a position for the wire.
func protoPosition(p textdoc.Position) protocol.Position {
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}

// protoRange returns the wire range of the byte span [start, end) of snap.
func protoRange(snap *textdoc.Snapshot, start, end int, enc textdoc.Encoding) protocol.Range {
	return protocol.Range{
		Start: protoPosition(snap.Position(start, enc)),
		End:   protoPosition(snap.Position(end, enc)),
	}
}

// cursor returns the byte offset of a request position. Requests may point
// past the end of a line or of the document; they are clamped, never refused.
func cursor(snap *textdoc.Snapshot, p protocol.Position, enc textdoc.Encoding) int {
	return snap.ClampedOffset(position(p), enc)
}
