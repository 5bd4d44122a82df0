package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAffinityHeader: the config file and a client may both name a
// backend's affinity header, which reaches the inference configuration; a
// credential, hop-by-hop or malformed name is refused by key, from either,
// and the backends in force stay.
func TestAffinityHeader(t *testing.T) {
	const file = `
[[backends]]
url = "http://router:8000/v1"
model = "m"
kind = "openai"
affinityHeader = "x-smg-routing-key"
`
	tests := []struct {
		name       string
		file       string
		client     string
		wantHeader string
		wantKeys   []string
	}{
		{name: "from the file", file: file, wantHeader: "x-smg-routing-key"},
		{
			name: "from a client", file: file,
			client:     `{"backends":[{"url":"http://router:8000/v1","model":"m","kind":"openai","affinityHeader":"X-User-Id"}]}`,
			wantHeader: "X-User-Id",
		},
		{
			name: "client unsets it", file: file,
			client: `{"backends":[{"url":"http://router:8000/v1","model":"m","kind":"openai","affinityHeader":""}]}`,
		},
		{
			name: "client names a credential header", file: file,
			client:     `{"backends":[{"url":"http://router:8000/v1","model":"m","kind":"openai","affinityHeader":"Authorization"}]}`,
			wantHeader: "x-smg-routing-key", wantKeys: []string{"backends[0].affinityHeader"},
		},
		{
			name: "client names a hop-by-hop header", file: file,
			client:     `{"backends":[{"url":"http://router:8000/v1","model":"m","kind":"openai","affinityHeader":"Transfer-Encoding"}]}`,
			wantHeader: "x-smg-routing-key", wantKeys: []string{"backends[0].affinityHeader"},
		},
		{
			name: "client sends no header name", file: file,
			client:     `{"backends":[{"url":"http://router:8000/v1","model":"m","kind":"openai","affinityHeader":"x key"}]}`,
			wantHeader: "x-smg-routing-key", wantKeys: []string{"backends[0].affinityHeader"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var clients []string
			if tt.client != "" {
				clients = append(clients, tt.client)
			}
			s, errs := applyLayers(t, tt.file, clients...)
			var keys []string
			for _, e := range errs {
				keys = append(keys, e.Key)
			}
			if diff := cmp.Diff(tt.wantKeys, keys); diff != "" {
				t.Errorf("reported keys (-want +got):\n%s", diff)
			}
			cfgs := s.Get().BackendConfigs()
			if len(cfgs) != 1 {
				t.Fatalf("backends = %+v, want one", cfgs)
			}
			if cfgs[0].AffinityHeader != tt.wantHeader {
				t.Errorf("AffinityHeader = %q, want %q", cfgs[0].AffinityHeader, tt.wantHeader)
			}
		})
	}
}

// TestAffinityHeaderInFile: a config file naming a credential header is an
// error at its key.
func TestAffinityHeaderInFile(t *testing.T) {
	_, errs := applyLayers(t, `
[[backends]]
url = "http://router:8000/v1"
model = "m"
kind = "openai"
affinityHeader = "Cookie"
`)
	var keys []string
	for _, e := range errs {
		keys = append(keys, e.Key)
	}
	if diff := cmp.Diff([]string{"backends[0].affinityHeader"}, keys); diff != "" {
		t.Errorf("reported keys (-want +got):\n%s", diff)
	}
}
