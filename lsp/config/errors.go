package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/go-json-experiment/json"
)

// FileError is a problem of the config file, located in it: a syntax
// error, or a key whose value is invalid.
type FileError struct {
	Path      string
	Line, Col int    // 1-based; 0 when unknown
	Key       string // dotted key, "" for a syntax error
	Err       error
}

// Error formats "path:line:col: key: problem", as compilers do, so editors
// and terminals can jump to it.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// syntaxError locates a TOML parse error of the file at path, whose text
// is data.
func syntaxError(path string, data []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &FileError{Path: path, Err: err}
	}
	// The byte offset locates the error better than the parser's line,
	// which it counts one too far after a newline it did not expect and
	// one too few at the end of the file.
	line, col := max(pe.Position.Line, 1), pe.Position.Col
	if at := pe.Position.Start; at >= 0 && at <= len(data) {
		line, col = lineCol(data, at)
	}
	// The end of the file reaches the message as a NUL byte.
	msg := strings.ReplaceAll(pe.Message, "\x00", `\x00`)
	return &FileError{Path: path, Line: line, Col: col, Err: errors.New(msg)}
}

// lineCol is the 1-based line and column of byte offset at of data.
func lineCol(data []byte, at int) (line, col int) {
	return bytes.Count(data[:at], []byte("\n")) + 1, at - bytes.LastIndexByte(data[:at], '\n')
}

// checkFile checks the values of a parsed config file and returns every
// invalid key, located in data (the file's text), joined.
func checkFile(path string, data []byte, l layer) error {
	_, errs := NewStore().Set(FromFile, l)
	if len(errs) == 0 {
		return nil
	}
	pos := keyPositions(data)
	located := make([]*FileError, len(errs))
	for i, e := range errs {
		var tm *TypeMismatch
		if errors.As(e.Err, &tm) {
			tm.Value, _ = valueAt(l, e.Key)
		}
		p := pos.find(e.Key)
		located[i] = &FileError{Path: path, Line: p.line, Col: p.col, Key: e.Key, Err: e.Err}
	}
	slices.SortStableFunc(located, func(a, b *FileError) int { return cmp.Or(a.Line-b.Line, a.Col-b.Col) })
	out := make([]error, len(located))
	for i, e := range located {
		out[i] = e
	}
	return errors.Join(out...)
}

// typeError says what type a key wanted and what it found.
func typeError(se *json.SemanticError) error {
	return &TypeMismatch{Want: typeName(se.GoType), Found: kindName(byte(se.JSONKind))}
}

// TypeMismatch is a value of the wrong type.
type TypeMismatch struct {
	Want, Found string // "an integer", "a string"...
	Value       any    // the value found, when known and short
}

func (e *TypeMismatch) Error() string {
	s := "want " + e.Want + ", found " + e.Found
	switch v := e.Value.(type) {
	case string:
		if len(v) <= 40 {
			s += fmt.Sprintf(" (%q)", v)
		}
	case int64, float64, bool:
		s += fmt.Sprintf(" (%v)", v)
	}
	return s
}

// typeName names a Go type as the config file's user knows it.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "a table"
	}
	return t.String()
}

// kindName names a JSON kind as the TOML value it came from.
func kindName(k byte) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case '{':
		return "a table"
	case '[':
		return "an array"
	case 'n':
		return "nothing"
	}
	return "another type"
}

// valueAt returns the value of a dotted key ("backends[1].slots") in l.
func valueAt(l layer, key string) (any, bool) {
	var v any = l
	for part := range strings.SplitSeq(key, ".") {
		name, index, isEntry := strings.Cut(strings.TrimSuffix(part, "]"), "[")
		m, ok := v.(layer)
		if !ok {
			return nil, false
		}
		if v, ok = m[name]; !ok {
			return nil, false
		}
		if isEntry {
			i, err := strconv.Atoi(index)
			if v, ok = entry(v, i); !ok || err != nil {
				return nil, false
			}
		}
	}
	return v, true
}

// entry returns element i of a TOML array, whatever its Go type.
func entry(v any, i int) (any, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || i < 0 || i >= rv.Len() {
		return nil, false
	}
	return rv.Index(i).Interface(), true
}
