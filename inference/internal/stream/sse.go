package stream

import (
	"bytes"
	"io"
)

// SSEReader reads server-sent events line by line, as OpenAI-compatible
// servers and llama.cpp stream them. Each "data:" line is one event: the
// servers lspilot speaks to never split an event over several data lines.
type SSEReader struct {
	lines *LineReader
}

// NewSSEReader reads events from r with lines of at most maxLine bytes.
func NewSSEReader(r io.Reader, maxLine int) *SSEReader {
	return &SSEReader{lines: NewLineReader(r, maxLine)}
}

// Next returns the field name and value of the next non-empty line: "data"
// for events, "error" for llama.cpp's error events, "" for comments (which
// servers send as keep-alives). The value is valid until the next call. Errors
// are those of LineReader.ReadLine.
func (s *SSEReader) Next() (field string, value []byte, err error) {
	for {
		line, err := s.lines.ReadLine()
		if err != nil {
			return "", line, err
		}
		if len(line) == 0 {
			continue
		}
		if line[0] == ':' {
			return "", line[1:], nil
		}
		name, val, ok := bytes.Cut(line, []byte{':'})
		if !ok {
			return string(line), nil, nil
		}
		val = bytes.TrimPrefix(val, []byte{' '})
		switch string(name) {
		case "data":
			return "data", val, nil
		case "error":
			return "error", val, nil
		}
		return string(name), val, nil
	}
}

// IsDone reports whether an SSE data value is the "[DONE]" end marker.
func IsDone(data []byte) bool {
	return string(data) == "[DONE]"
}
