package inference

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// APIKey reads the API key named by the configuration, at construction time.
// source says where it came from, for error hints ("environment variable X",
// "file F"); it is empty, like key, when no key is configured. Errors name
// the variable, never the key, nor the file's path (only the local
// configuration can name one, and messages may reach a client).
func (c BackendConfig) APIKey() (key, source string, err error) {
	switch {
	case c.APIKeyEnv != "":
		source = "environment variable " + c.APIKeyEnv
		key = strings.TrimSpace(os.Getenv(c.APIKeyEnv))
		if key == "" {
			return "", source, &ConfigError{Key: "apiKeyEnv", Msg: fmt.Sprintf("environment variable %s is empty or unset", c.APIKeyEnv)}
		}
	case c.APIKeyFile != "":
		source = "file " + c.APIKeyFile
		b, err := os.ReadFile(c.APIKeyFile)
		if err != nil {
			return "", source, &ConfigError{Key: "apiKeyFile", Msg: "cannot read the key file: " + pathless(err)}
		}
		key = strings.TrimSpace(string(b))
		if key == "" {
			return "", source, &ConfigError{Key: "apiKeyFile", Msg: "the key file is empty"}
		}
	}
	return key, source, nil
}

// pathless returns the reason of a file error without the path, which
// the configuration already names.
func pathless(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
