package config

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzConfigTOML parses arbitrary config files: parsing never panics, a
// syntax error names its line, every invalid value is reported under a key
// that the file holds, and the configuration that results round-trips
// through JSON and TOML unchanged.
func FuzzConfigTOML(f *testing.F) {
	f.Add("[server]\nmaxMessageBytes = 2048\n")
	f.Add("[completion]\nenabled = false\ntemperature = 0.2\nmaxTokens = -1\ncolour = 'red'\n")
	f.Add("[[backends]]\nurl = \"http://127.0.0.1:11434\"\nkind = \"ollama\"\nmodel = \"m\"\nslots = -2\n" +
		"[[backends]]\nurl = \"ftp://x\"\nreplicas = [\"http://a:1\", \"nope\"]\n")
	f.Add("fim = { template = \"auto\" }\nhover = { enabled = true, deadlineMs = 1e3 }\n")
	f.Add("[scheduler]\nqueueLimit = 1e3\ncacheTtlSeconds = 1979-05-27T07:32:00Z\n")
	f.Add("server = 3\n[codeActions\n")
	f.Fuzz(func(t *testing.T, data string) {
		l, err := parseTOML([]byte(data))
		if err != nil {
			var fe *FileError
			if !errors.As(syntaxError("f.toml", []byte(data), err), &fe) || fe.Line < 1 {
				t.Fatalf("parse error %q names no line", err)
			}
			return
		}
		s := NewStore()
		cfg, errs := s.Set(FromFile, l)
		checkKeys(t, errs, l)
		checkStable(t, cfg)
	})
}

// FuzzConfigJSON applies an arbitrary settings object (initializationOptions
// or didChangeConfiguration) over a valid config file: no panic, every
// reported key is one the object holds, and the result round-trips.
func FuzzConfigJSON(f *testing.F) {
	f.Add([]byte(`{"server":{"maxMessageBytes":4096}}`))
	f.Add([]byte(`{"lspilot":{"completion":{"debounceMs":"soon","maxTokens":64}}}`))
	f.Add([]byte(`{"backends":[{"url":"http://h:1","model":"m","timeoutMs":-5},{"kind":"grpc"}]}`))
	f.Add([]byte(`{"hover":null,"fim":{"template":7},"scheduler":{"batchWindowMs":1.5}}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[1,2]`))
	f.Add([]byte(`{"server":{"maxMessageBytes":1e300}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := parseTOML([]byte("[server]\nmaxMessageBytes = 2048\n[[backends]]\nurl = \"http://127.0.0.1:1\"\nmodel = \"m\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		s := NewStore()
		if _, errs := s.Set(FromFile, file); len(errs) > 0 {
			t.Fatalf("base file: %v", errs)
		}
		l, err := ParseSettings(data)
		if err != nil {
			if !strings.Contains(err.Error(), "settings must be a JSON object") {
				t.Fatalf("parse error %q does not say what settings must be", err)
			}
			return
		}
		cfg, errs := s.Set(FromClient, l)
		checkKeys(t, errs, l)
		checkStable(t, cfg)
		if again, errs2 := s.Set(FromClient, l); !cmp.Equal(again, cfg) || len(errs2) != len(errs) {
			t.Fatalf("setting the same layer twice gave different results:\n%s", cmp.Diff(cfg, again))
		}
	})
}

// checkKeys requires every error to name a key that starts with a member
// of the layer (an invalid value is reported where the user wrote it, and a
// member's name may hold dots), and no key to be reported twice.
func checkKeys(t *testing.T, errs []*KeyError, l layer) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range errs {
		if seen[e.Key] || e.Err == nil {
			t.Fatalf("key %q reported twice or without a reason (%d errors)", e.Key, len(errs))
		}
		seen[e.Key] = true
		held := false
		for m := range l {
			held = held || e.Key == m || strings.HasPrefix(e.Key, m+".") || strings.HasPrefix(e.Key, m+"[")
		}
		if !held {
			t.Fatalf("error %q names key %q, which the layer does not hold (keys %v)", e, e.Key, keysOf(l))
		}
	}
}

func keysOf(l layer) []string {
	var out []string
	for k := range l {
		out = append(out, k)
	}
	return out
}

// jsonNumbers compares integers as JSON numbers (doubles) do: settings
// arrive from editors as JSON, where integers above 2^53 are rounded. An
// empty list and no list are the same setting.
var jsonNumbers = cmp.Options{
	cmpopts.EquateEmpty(),
	cmp.Comparer(func(a, b int64) bool { return float64(a) == float64(b) }),
	cmp.Comparer(func(a, b int) bool { return float64(a) == float64(b) }),
}

// checkStable writes cfg as JSON settings and as a TOML file, reads each
// back over the defaults, and requires the same configuration without
// errors.
func checkStable(t *testing.T, cfg Config) {
	t.Helper()
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatalf("marshal config: %v", err)
	}
	fromJSON, err := ParseSettings(data)
	if err != nil {
		t.Fatalf("read back %s: %v", data, err)
	}
	var b strings.Builder
	if err := toml.NewEncoder(&b).Encode(tomlValue(fromJSON)); err != nil {
		t.Fatalf("write %s as TOML: %v", data, err)
	}
	fromTOML, err := parseTOML([]byte(b.String()))
	if err != nil {
		t.Fatalf("read back TOML %q: %v", b.String(), err)
	}
	for name, l := range map[string]layer{"JSON": fromJSON, "TOML": fromTOML} {
		again, errs := NewStore().Set(FromClient, l)
		if len(errs) > 0 {
			t.Fatalf("%s round trip reports %v for %s", name, errs, data)
		}
		if diff := cmp.Diff(cfg, again, jsonNumbers); diff != "" {
			t.Fatalf("%s round trip changed the config (-before +after):\n%s", name, diff)
		}
	}
}

// tomlValue converts a JSON layer's values for the TOML encoder: numbers
// kept as JSON text become int64 when they are integers, float64 otherwise.
func tomlValue(v any) any {
	switch v := v.(type) {
	case layer:
		out := layer{}
		for k, e := range v {
			out[k] = tomlValue(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = tomlValue(e)
		}
		return out
	case jsontext.Value:
		if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return n
		}
		f, _ := strconv.ParseFloat(string(v), 64)
		return f
	}
	return v
}
