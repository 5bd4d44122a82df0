package main

import (
	"flag"
	"maps"
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
// its backends list; without --backend, a --model applies to every backend.
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
