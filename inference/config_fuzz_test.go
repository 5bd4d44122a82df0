package inference_test

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
)

// backendKey is the shape of every key ValidateBackends may name.
var backendKey = regexp.MustCompile(`^backends\[(\d+)\]\.(name|kind|url|model|apiKeyFile|maxLineBytes|maxConns|numCtx|timeoutMs|connectTimeoutMs|replicas\[\d+\]|languages\[\d+\])$`)

// FuzzValidateBackends validates arbitrary backend lists: every problem is a
// *ConfigError naming a key of a backend in the list; each backend's own
// Validate names the same keys without the prefix (a duplicate name being
// the list's concern); and WithDefaults is idempotent and never makes a
// valid backend invalid.
func FuzzValidateBackends(f *testing.F) {
	f.Add("a", "ollama", "http://127.0.0.1:11434", "m", "https://b:1/v1", "go", "a", "ftp://x", int64(-1))
	f.Add("", "", "", "", "http://", " ", "", "http://[::1]:80", int64(0))
	f.Add("x", "grpc", "http://h:1", "", "%zz", "", "y", "https://h", int64(5))
	f.Fuzz(func(t *testing.T, name, kind, url, model, replica, lang, name2, url2 string, n int64) {
		cfgs := []inference.BackendConfig{
			{Name: name, Kind: inference.BackendKind(kind), URL: url, Model: model, Replicas: []string{replica},
				Languages: []string{lang}, MaxLineBytes: int(n), Timeout: time.Duration(n), APIKeyEnv: name2, APIKeyFile: model},
			{Name: name2, URL: url2, Kind: inference.BackendKind(kind), NumCtx: int(n), MaxConns: int(-n), ConnectTimeout: time.Duration(-n)},
		}
		listed := map[int][]string{}
		for _, e := range parts(inference.ValidateBackends(cfgs)) {
			var ce *inference.ConfigError
			if !errors.As(e, &ce) {
				t.Fatalf("problem %q is not a *ConfigError", e)
			}
			m := backendKey.FindStringSubmatch(ce.Key)
			if m == nil || ce.Msg == "" {
				t.Fatalf("problem %q names no known key", ce)
			}
			var i int
			fmt.Sscan(m[1], &i)
			if i >= len(cfgs) {
				t.Fatalf("problem %q names backend %d of %d", ce, i, len(cfgs))
			}
			if m[2] != "name" {
				listed[i] = append(listed[i], m[2])
			}
		}
		for i, c := range cfgs {
			own := keys(c.Validate())
			if diff := cmp.Diff(listed[i], own); diff != "" {
				t.Fatalf("backend %d: Validate and ValidateBackends disagree (-list +own):\n%s", i, diff)
			}
			d := c.WithDefaults()
			if !cmp.Equal(d.WithDefaults(), d) {
				t.Fatalf("WithDefaults is not idempotent: %+v", d)
			}
			if extra := keys(d.Validate()); len(own) == 0 && len(extra) > 0 {
				t.Fatalf("defaults made a valid backend invalid: %v", extra)
			}
		}
	})
}

// parts splits a joined error.
func parts(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// keys returns the sorted keys of a Validate error.
func keys(err error) []string {
	var out []string
	for _, e := range parts(err) {
		var ce *inference.ConfigError
		if errors.As(e, &ce) {
			out = append(out, strings.TrimSpace(ce.Key))
		}
	}
	slices.Sort(out)
	return out
}
