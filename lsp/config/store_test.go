package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConfigLayers(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		init     string
		client   string
		want     int64
		wantKeys []string
	}{
		{name: "defaults", want: DefaultMaxMessageBytes},
		{name: "file", file: "[server]\nmaxMessageBytes = 2048\n", want: 2048},
		{name: "init overrides file", file: "[server]\nmaxMessageBytes = 2048\n", init: `{"server":{"maxMessageBytes":4096}}`, want: 4096},
		{name: "client overrides init", init: `{"server":{"maxMessageBytes":4096}}`, client: `{"lspilot":{"server":{"maxMessageBytes":8192}}}`, want: 8192},
		{name: "invalid type keeps previous", init: `{"server":{"maxMessageBytes":4096}}`, client: `{"server":{"maxMessageBytes":"big"}}`, want: 4096, wantKeys: []string{"server.maxMessageBytes"}},
		{name: "below minimum keeps previous", file: "[server]\nmaxMessageBytes = 2048\n", client: `{"server":{"maxMessageBytes":5}}`, want: 2048, wantKeys: []string{"server.maxMessageBytes"}},
		{name: "unknown key named, rest applied", client: `{"server":{"maxMessageBytes":3000,"colour":1}}`, want: 3000, wantKeys: []string{"server.colour"}},
		{name: "client null unsets its init value", file: "[server]\nmaxMessageBytes = 2048\n", init: `{"server":{"maxMessageBytes":4096}}`, client: `{"server":{"maxMessageBytes":null}}`, want: 2048},
		{name: "client null over nothing", client: `{"server":{"maxMessageBytes":null},"hover":null}`, want: DefaultMaxMessageBytes},
		{name: "client null beside a value", init: `{"server":{"maxMessageBytes":4096}}`, client: `{"lspilot":{"server":{"maxMessageBytes":null},"completion":{"maxTokens":12}}}`, want: DefaultMaxMessageBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStore()
			var keys []string
			collect := func(errs []*KeyError) {
				for _, e := range errs {
					keys = append(keys, e.Key)
				}
			}
			if tt.file != "" {
				l, err := parseTOML([]byte(tt.file))
				if err != nil {
					t.Fatal(err)
				}
				_, errs := s.Set(FromFile, l)
				collect(errs)
			}
			for _, step := range []struct {
				i   Source
				raw string
			}{{FromInit, tt.init}, {FromClient, tt.client}} {
				if step.raw == "" {
					continue
				}
				l, err := ParseSettings([]byte(step.raw))
				if err != nil {
					t.Fatal(err)
				}
				_, errs := s.Set(step.i, l)
				collect(errs)
			}
			if got := s.Get().Server.MaxMessageBytes; got != tt.want {
				t.Errorf("maxMessageBytes = %d, want %d", got, tt.want)
			}
			if diff := cmp.Diff(tt.wantKeys, keys); diff != "" {
				t.Errorf("reported keys (-want +got):\n%s", diff)
			}
		})
	}
}
