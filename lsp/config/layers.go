package config

import (
	"maps"
	"reflect"
	"slices"
	"strings"
)

// layer is one source of configuration, as a JSON-shaped tree.
type layer = map[string]any

// unsetNulls returns l without its null members, and init without the
// members that l sets to null; neither argument is modified.
func unsetNulls(l, init layer) (layer, layer) {
	if l == nil {
		return nil, init
	}
	out, in := maps.Clone(l), maps.Clone(init)
	for k, v := range l {
		switch v := v.(type) {
		case nil:
			delete(out, k)
			delete(in, k)
		case layer:
			sub, _ := in[k].(layer)
			out[k], sub = unsetNulls(v, sub)
			if _, ok := in[k].(layer); ok {
				in[k] = sub
			}
		}
	}
	return out, in
}

// merge returns base overridden by top; nested tables merge key by key.
func merge(base, top layer) layer {
	out := maps.Clone(base)
	for k, v := range top {
		if sub, ok := v.(layer); ok {
			if old, ok := out[k].(layer); ok {
				out[k] = merge(old, sub)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// without returns l less the dotted key; a key inside an array drops the
// whole array, since a half-valid list entry is no entry.
func without(l layer, key string) layer {
	head, rest, nested := strings.Cut(key, ".")
	if i := strings.IndexByte(head, '['); i >= 0 {
		head, nested = head[:i], false
	}
	out := maps.Clone(l)
	if sub, ok := out[head].(layer); ok && nested {
		out[head] = without(sub, rest)
		return out
	}
	delete(out, head)
	return out
}

// withoutPath returns l without the member at path (JSON pointer tokens);
// an array is dropped whole.
func withoutPath(l layer, path []string) layer {
	if len(path) == 0 {
		return l
	}
	out := maps.Clone(l)
	if sub, ok := out[path[0]].(layer); ok && len(path) > 1 {
		out[path[0]] = withoutPath(sub, path[1:])
		return out
	}
	delete(out, path[0])
	return out
}

// ChangedKeys returns the top-level keys whose values differ between a and
// b, sorted.
func ChangedKeys(a, b map[string]any) []string {
	var keys []string
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	for k, v := range b {
		if !reflect.DeepEqual(a[k], v) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
