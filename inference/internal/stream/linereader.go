package stream

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/lspilot/lspilot/inference"
)

// LineReader reads newline-terminated lines of bounded length, so that a
// misbehaving server cannot make the client buffer without limit.
type LineReader struct {
	br  *bufio.Reader
	max int
	buf []byte
}

// NewLineReader reads lines of at most max bytes (inference.DefaultMaxLine
// when max is not positive) from r.
func NewLineReader(r io.Reader, max int) *LineReader {
	if max <= 0 {
		max = inference.DefaultMaxLine
	}
	return &LineReader{br: bufio.NewReaderSize(r, min(max+2, 64<<10)), max: max}
}

// ReadLine returns the next line without its "\n" or "\r\n"; the slice is
// valid until the next call. At the end of the stream it returns io.EOF; a
// last line without a line end comes back with io.ErrUnexpectedEOF; a line
// longer than the bound gives inference.ErrLineTooLong; read errors are
// returned as is.
func (l *LineReader) ReadLine() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		frag, err := l.br.ReadSlice('\n')
		switch {
		case err == nil:
			line := frag
			if len(l.buf) > 0 {
				l.buf = append(l.buf, frag...)
				line = l.buf
			}
			line = trimEOL(line)
			if len(line) > l.max {
				return nil, inference.ErrLineTooLong
			}
			return line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			if len(l.buf)+len(frag) > l.max+1 {
				return nil, inference.ErrLineTooLong
			}
			l.buf = append(l.buf, frag...)
		default:
			l.buf = append(l.buf, frag...)
			if len(l.buf) > l.max {
				return nil, inference.ErrLineTooLong
			}
			if errors.Is(err, io.EOF) {
				if len(l.buf) == 0 {
					return nil, io.EOF
				}
				return l.buf, io.ErrUnexpectedEOF
			}
			return l.buf, err
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}
