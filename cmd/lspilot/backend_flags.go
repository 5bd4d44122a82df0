package main

import (
	"flag"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
)

// backendFlags name one backend on the command line, replacing the config
// file's list: lspilot serve --backend URL --model NAME.
type backendFlags struct {
	url, model, kind string
}

func (b *backendFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.url, "backend", "", "inference server `URL` (replaces the config file's backends)")
	fs.StringVar(&b.model, "model", "", "model `NAME` on the --backend server")
	fs.StringVar(&b.kind, "backend-kind", "", "ollama, openai or llamacpp (default: detected by probing)")
}

// apply returns the config file layer with the flags' backend in place of
// its backends list; without --backend, a --backend-kind applies to every
// backend (a --model without --backend is refused by check).
func (b *backendFlags) apply(file map[string]any) map[string]any {
	if b.url == "" && b.model == "" && b.kind == "" {
		return file
	}
	out := maps.Clone(file)
	if out == nil {
		out = map[string]any{}
	}
	if b.url == "" {
		list, _ := out["backends"].([]map[string]any)
		for i := range list {
			list[i] = maps.Clone(list[i])
			set(list[i], "model", b.model)
			set(list[i], "kind", b.kind)
		}
		return out
	}
	entry := map[string]any{"url": b.url}
	set(entry, "model", b.model)
	set(entry, "kind", b.kind)
	out["backends"] = []any{entry}
	return out
}

func set(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

// check refuses what cannot name a server: --model without
// --backend, and a --backend that is not an http(s) URL. The messages say
// what was expected.
func (b *backendFlags) check() error {
	if b.model != "" && b.url == "" {
		return fmt.Errorf("--model %s needs --backend, the server that has it, such as "+
			"`--backend http://127.0.0.1:11434 --model %s` (without either, lspilot looks for a server on this machine)", b.model, b.model)
	}
	if b.url == "" {
		return nil
	}
	return checkURLFlag(b.url)
}

// checkURLFlag explains what is wrong with a --backend URL.
func checkURLFlag(raw string) error {
	want := "lspilot wants a URL such as http://127.0.0.1:11434 (Ollama) or http://127.0.0.1:8080 (llama-server)"
	scheme, rest, hasScheme := strings.Cut(raw, "://")
	if !hasScheme {
		return fmt.Errorf("--backend %q has no scheme: did you mean http://%s? %s", raw, strings.TrimPrefix(raw, "//"), want)
	}
	if scheme != "http" && scheme != "https" {
		return fmt.Errorf("--backend %q: unknown scheme %q, did you mean http://%s? %s", raw, scheme, rest, want)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("--backend %q is not a URL: %v; %s", raw, unwrapURLError(err), want)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("--backend %q has no host; %s", raw, want)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("--backend %q: port %s is out of range 1-65535; %s", raw, p, want)
		}
	}
	return nil
}

// unwrapURLError drops url.Error's repetition of the operation and URL.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
