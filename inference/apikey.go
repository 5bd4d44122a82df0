package inference

import (
	"fmt"
	"os"
	"strings"
)

// APIKey reads the API key named by the configuration, at construction time.
// source says where it came from, for error hints ("environment variable X",
// "file F"); it is empty, like key, when no key is configured. Errors name
// the variable or file, never the key.
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
			return "", source, fmt.Errorf("read apiKeyFile: %w", err)
		}
		key = strings.TrimSpace(string(b))
		if key == "" {
			return "", source, &ConfigError{Key: "apiKeyFile", Msg: fmt.Sprintf("%s is empty", c.APIKeyFile)}
		}
	}
	return key, source, nil
}
