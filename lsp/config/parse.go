package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/BurntSushi/toml"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// parseTOML reads a config file into a layer.
func parseTOML(data []byte) (layer, error) {
	l := layer{}
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&l); err != nil {
		return nil, err
	}
	return l, nil
}

// LoadFile reads and checks a TOML config file. A syntax error, or
// any key with an invalid value, is an error naming the file, the line and
// the key (a *FileError, several joined). A missing file at the default
// location is not an error; the caller says whether path was explicit.
func LoadFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	l, err := parseTOML(data)
	if err != nil {
		return nil, syntaxError(path, data, err)
	}
	if err := checkFile(path, data, l); err != nil {
		return nil, err
	}
	return l, nil
}

// ParseSettings decodes an initializationOptions or settings object. A
// top-level "lspilot" member, as editors send per-server sections, is
// unwrapped. GitHub Copilot's clients send {"nextEditSuggestions":
// {"enabled": ...}}: it stands for nextEdit.enabled.
func ParseSettings(data []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(data)) == 0 || string(bytes.TrimSpace(data)) == "null" {
		return nil, nil
	}
	var l layer
	if err := json.Unmarshal(data, &l, exactNumbers); err != nil {
		return nil, fmt.Errorf("settings must be a JSON object: %w", err)
	}
	if sub, ok := l["lspilot"].(layer); ok {
		return sub, nil
	}
	return copilotNextEdit(l), nil
}

// copilotNextEdit turns Copilot's nextEditSuggestions member of l into
// nextEdit.enabled, unless l sets that itself.
func copilotNextEdit(l layer) layer {
	nes, ok := l["nextEditSuggestions"].(layer)
	if !ok {
		return l
	}
	delete(l, "nextEditSuggestions")
	enabled, ok := nes["enabled"]
	if !ok {
		return l
	}
	ne, _ := l["nextEdit"].(layer)
	if ne == nil {
		ne = layer{}
		l["nextEdit"] = ne
	}
	if _, set := ne["enabled"]; !set {
		ne["enabled"] = enabled
	}
	return l
}

// exactNumbers decodes JSON numbers as TOML does: integers as int64, so
// that large ones are not rounded through float64, others as float64.
var exactNumbers = json.WithUnmarshalers(json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *any) error {
	if dec.PeekKind() != '0' {
		return errors.ErrUnsupported
	}
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if n, err := strconv.ParseInt(string(val), 10, 64); err == nil {
		*v = n
		return nil
	}
	f, err := strconv.ParseFloat(string(val), 64)
	if err != nil {
		return err
	}
	*v = f
	return nil
}))

// Resolve returns the configuration a config file layer yields over
// the defaults, or the first invalid key.
func Resolve(file map[string]any) (Config, error) {
	s := NewStore()
	cfg, errs := s.Set(FromFile, file)
	if len(errs) > 0 {
		return cfg, errs[0]
	}
	return cfg, nil
}
