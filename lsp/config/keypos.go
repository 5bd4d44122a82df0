package config

import (
	"fmt"
	"strconv"
	"strings"
)

// keyPos is where a key starts in a config file, 1-based.
type keyPos struct{ line, col int }

// positions maps dotted keys, with [i] for the entries of an array of
// tables ("backends[0].url"), to where the file sets them.
type positions map[string]keyPos

// find returns the position of key, or of the nearest enclosing key the file
// names (an inline table, an array); zero when there is none.
func (p positions) find(key string) keyPos {
	for key != "" {
		if at, ok := p[key]; ok {
			return at
		}
		key = key[:max(strings.LastIndexByte(key, '.'), strings.LastIndexByte(key, '['), 0)]
	}
	return keyPos{}
}

// keyPositions scans TOML text for the keys it sets and the tables it
// opens. It follows table headers, arrays of tables, dotted and quoted keys,
// and skips the insides of multi-line arrays, inline tables and strings;
// keys inside inline tables are found at the table's key.
func keyPositions(data []byte) positions {
	pos := positions{}
	entries := map[string]int{} // [[name]] headers seen, by name
	prefix, depth, inString := "", 0, ""
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case inString != "":
			if strings.Contains(line, inString) {
				inString = ""
			}
			continue
		case depth > 0:
			depth += nesting(line)
			continue
		}
		text := strings.TrimSpace(stripComment(line))
		at := keyPos{line: i + 1, col: strings.Index(line, text) + 1}
		switch {
		case text == "":
		case strings.HasPrefix(text, "[["):
			name := keyPath(strings.TrimSuffix(strings.TrimPrefix(text, "[["), "]]"))
			prefix = fmt.Sprintf("%s[%d]", name, entries[name])
			entries[name]++
			pos.add(prefix, at)
		case strings.HasPrefix(text, "["):
			prefix = keyPath(strings.TrimSuffix(strings.TrimPrefix(text, "["), "]"))
			pos.add(prefix, at)
		default:
			k, v, ok := cutUnquoted(text, '=')
			if !ok {
				continue
			}
			pos.add(joinKey(prefix, keyPath(k)), at)
			v = strings.TrimSpace(v)
			depth = nesting(v)
			for _, q := range []string{`"""`, `'''`} {
				if strings.HasPrefix(v, q) && !strings.Contains(v[3:], q) {
					inString = q
				}
			}
		}
	}
	return pos
}

// add records the first place key is set.
func (p positions) add(key string, at keyPos) {
	if _, ok := p[key]; !ok {
		p[key] = at
	}
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// keyPath turns a TOML key (dotted, possibly quoted parts) into a dotted key.
func keyPath(k string) string {
	var parts []string
	for {
		part, rest, more := cutUnquoted(k, '.')
		part = strings.TrimSpace(part)
		if u, err := strconv.Unquote(part); err == nil && strings.HasPrefix(part, `"`) {
			part = u
		} else if len(part) >= 2 && part[0] == '\'' && part[len(part)-1] == '\'' {
			part = part[1 : len(part)-1]
		}
		parts = append(parts, part)
		if !more {
			return strings.Join(parts, ".")
		}
		k = rest
	}
}

// cutUnquoted cuts s around the first sep outside quotes.
func cutUnquoted(s string, sep byte) (before, after string, found bool) {
	var quote byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == sep:
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// stripComment removes a # comment outside quotes.
func stripComment(line string) string {
	before, _, _ := cutUnquoted(line, '#')
	return before
}

// nesting counts the brackets and braces a value opens and does not close.
func nesting(v string) int {
	n := 0
	var quote byte
	v = stripComment(v)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			n++
		case c == ']' || c == '}':
			n--
		}
	}
	return n
}
