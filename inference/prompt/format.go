package prompt

import (
	"errors"
	"fmt"
	"strings"
)

// ErrBadTemplate is the sentinel a TemplateError wraps.
var ErrBadTemplate = errors.New("bad prompt template")

// TemplateError reports a custom template that cannot be used.
type TemplateError struct {
	// Format is the template text as configured.
	Format string
	// Reason says what is wrong with it.
	Reason string
}

// Error implements error.
func (e *TemplateError) Error() string {
	return fmt.Sprintf("prompt template %q: %s", e.Format, e.Reason)
}

// Unwrap returns ErrBadTemplate.
func (e *TemplateError) Unwrap() error { return ErrBadTemplate }

type segKind int

const (
	segText segKind = iota
	segContext
	segFile
	segPrefix
	segSuffix
	segMiddle
)

var placeholderKinds = map[string]segKind{
	"context": segContext,
	"file":    segFile,
	"prefix":  segPrefix,
	"suffix":  segSuffix,
	"middle":  segMiddle,
}

// segment is one literal run or one placeholder of a Format.
type segment struct {
	kind segKind
	text string
}

// parseFormat splits a Format into segments and checks its placeholders.
func parseFormat(format string) ([]segment, error) {
	var segs []segment
	seen := map[segKind]bool{}
	lit := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '{' {
			continue
		}
		name, ok := placeholderAt(format[i+1:])
		if !ok {
			continue
		}
		kind, known := placeholderKinds[name]
		if !known {
			return nil, &TemplateError{Format: format, Reason: "unknown placeholder {" + name + "}"}
		}
		if seen[kind] {
			return nil, &TemplateError{Format: format, Reason: "placeholder {" + name + "} appears twice"}
		}
		seen[kind] = true
		if lit < i {
			segs = append(segs, segment{kind: segText, text: format[lit:i]})
		}
		segs = append(segs, segment{kind: kind})
		i += len(name) + 1
		lit = i + 1
	}
	if lit < len(format) {
		segs = append(segs, segment{kind: segText, text: format[lit:]})
	}
	if !seen[segPrefix] || !seen[segSuffix] {
		return nil, &TemplateError{Format: format, Reason: "needs both {prefix} and {suffix}"}
	}
	if seen[segMiddle] && segs[len(segs)-1].kind != segMiddle {
		return nil, &TemplateError{Format: format, Reason: "{middle} must end the template"}
	}
	return segs, nil
}

// placeholderAt reports the lower-case word in "word}" at the start of s.
func placeholderAt(s string) (string, bool) {
	for j := 0; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '}':
			return s[:j], j > 0
		case c >= 'a' && c <= 'z', c == '_':
		default:
			return "", false
		}
	}
	return "", false
}

// ParseTemplate makes a custom Template from configuration: format uses the
// placeholders of the package documentation and stop lists the stop
// sequences for the backend.
func ParseTemplate(format string, stop []string) (Template, error) {
	if _, err := parseFormat(format); err != nil {
		return Template{}, err
	}
	return Template{
		Family: FamilyCustom,
		Format: format,
		Stop:   append([]string(nil), stop...),
	}, nil
}

// expand replaces the {name} keys of a small header format with the values
// given as name, value pairs.
func expand(format string, kv ...string) string {
	size := len(format)
	for i := 1; i < len(kv); i += 2 {
		size += len(kv[i])
	}
	var sb strings.Builder
	sb.Grow(size)
	for i := 0; i < len(format); {
		if format[i] == '{' {
			if v, n, ok := valueAt(format[i+1:], kv); ok {
				sb.WriteString(v)
				i += n + 2
				continue
			}
		}
		sb.WriteByte(format[i])
		i++
	}
	return sb.String()
}

// valueAt returns the value of the key in "key}" at the start of s.
func valueAt(s string, kv []string) (string, int, bool) {
	name, ok := placeholderAt(s)
	if !ok {
		return "", 0, false
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == name {
			return kv[i+1], len(name), true
		}
	}
	return "", 0, false
}
