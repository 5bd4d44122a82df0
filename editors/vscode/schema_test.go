package vscode_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/editors/editortest"
	"github.com/lspilot/lspilot/lsp/config"
)

// serverSections are the sections of the server's configuration whose keys
// the extension declares as settings of their own (lspilot.completion.maxTokens
// and so on); the rest pass through lspilot.settings.
var serverSections = []string{"backends", "completion", "hover", "codeActions", "fim", "nextEdit"}

// clientRefused are the backend keys a client may not send.
var clientRefused = []string{"apiKeyEnv", "apiKeyFile"}

// property is one setting of package.json's configuration schema.
type property struct {
	Type       string              `json:"type"`
	Default    any                 `json:"default"`
	Desc       string              `json:"description"`
	MDDesc     string              `json:"markdownDescription"`
	Items      *property           `json:"items"`
	Properties map[string]property `json:"properties"`
}

// schema reads the settings that package.json declares.
func schema(t *testing.T) map[string]property {
	t.Helper()
	data, err := os.ReadFile("package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]property `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // defaults as written: 1048576, not 1.048576e+06
	if err := dec.Decode(&pkg); err != nil {
		t.Fatalf("package.json: %v", err)
	}
	return pkg.Contributes.Configuration.Properties
}

// jsonKeys returns the JSON member names of struct type typ.
func jsonKeys(typ reflect.Type) []string {
	var keys []string
	for f := range typ.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// serverKeys returns the dotted keys of the server's configuration in
// sections: each member of a section, and backends as one key.
func serverKeys() []string {
	var keys []string
	cfg := reflect.TypeFor[config.Config]()
	for f := range cfg.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case !slices.Contains(serverSections, name):
		case f.Type.Kind() == reflect.Struct:
			for _, k := range jsonKeys(f.Type) {
				keys = append(keys, name+"."+k)
			}
		default:
			keys = append(keys, name)
		}
	}
	return keys
}

// TestSchemaMatchesServer checks that the settings schema declares every key
// of the server's backends, completion, hover, code action and fim sections,
// and nothing the server does not know; that each entry of lspilot.backends
// has exactly the keys the server takes from an editor; and that every
// setting has a description.
func TestSchemaMatchesServer(t *testing.T) {
	props := schema(t)
	var declared []string
	for key, p := range props {
		if p.Desc == "" && p.MDDesc == "" {
			t.Errorf("%s has no description", key)
		}
		k := strings.TrimPrefix(key, "lspilot.")
		if section, _, _ := strings.Cut(k, "."); slices.Contains(serverSections, section) {
			declared = append(declared, k)
		}
	}
	slices.Sort(declared)
	want := serverKeys()
	slices.Sort(want)
	if diff := cmp.Diff(want, declared); diff != "" {
		t.Errorf("server keys declared in package.json (-server +schema):\n%s", diff)
	}

	backend := props["lspilot.backends"].Items
	if backend == nil {
		t.Fatal("lspilot.backends declares no items")
	}
	var got []string
	for k, p := range backend.Properties {
		got = append(got, k)
		if p.Desc == "" {
			t.Errorf("lspilot.backends[].%s has no description", k)
		}
	}
	slices.Sort(got)
	var wantBackend []string
	for _, k := range jsonKeys(reflect.TypeFor[config.Backend]()) {
		if !slices.Contains(clientRefused, k) {
			wantBackend = append(wantBackend, k)
		}
	}
	slices.Sort(wantBackend)
	if diff := cmp.Diff(wantBackend, got); diff != "" {
		t.Errorf("keys of a lspilot.backends entry (-server +schema):\n%s", diff)
	}
}

// readmeRow matches a row of the README's configuration table: key, type, default.
var readmeRow = regexp.MustCompile("(?m)^\\| `([a-zA-Z.]+)` \\| ([a-z ]+) \\| `([^`]*)`")

// TestSchemaDefaultsMatchREADME checks that each server key's default and
// type in the schema are those the README's configuration table documents.
func TestSchemaDefaultsMatchREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(editortest.RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{"integer": "integer", "bool": "boolean", "number": "number", "string": "string"}
	documented := map[string][2]string{}
	for _, m := range readmeRow.FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = [2]string{types[m[2]], m[3]}
	}
	props := schema(t)
	for _, key := range serverKeys() {
		p, ok := props["lspilot."+key]
		if !ok || key == "backends" {
			continue // TestSchemaMatchesServer reports undeclared keys; lists have no default in the table
		}
		doc, ok := documented[key]
		if !ok {
			t.Errorf("%s is not in the README's configuration table", key)
			continue
		}
		if got := (p.Type + " " + fmt.Sprint(p.Default)); got != doc[0]+" "+doc[1] {
			t.Errorf("lspilot.%s: schema says %s, README says %s %s", key, got, doc[0], doc[1])
		}
	}
}
