package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// Tokens are printable ASCII without spaces, long enough not to be guessed.
const (
	minTokenBytes = 16
	maxTokenBytes = 1024
)

// loadToken returns the token named by --token-file or --token-env; nil
// when neither is set.
func loadToken(file, env string) ([]byte, error) {
	switch {
	case file != "" && env != "":
		return nil, errors.New("--token-file and --token-env exclude each other")
	case file != "":
		return readTokenFile(file)
	case env != "":
		v, ok := os.LookupEnv(env)
		if !ok || v == "" {
			return nil, fmt.Errorf("--token-env: environment variable %s is unset or empty", env)
		}
		return checkToken([]byte(v), "environment variable "+env)
	}
	return nil, nil
}

// readTokenFile reads a token from a regular file of the current user that
// no one else may read or write (mode 0600 or stricter).
func readTokenFile(path string) ([]byte, error) {
	f, err := openNoFollow(path, os.O_RDONLY)
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	defer f.Close()
	if err := checkOwnFile(f, false); err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("token file %s has mode %#o: other users can read or change it; run chmod 600 %s", path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTokenBytes+2))
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	return checkToken(bytes.TrimRight(data, "\r\n"), "token file "+path)
}

// checkToken refuses tokens that are too short, too long, or not printable
// ASCII; source names where the token came from.
func checkToken(token []byte, source string) ([]byte, error) {
	if len(token) < minTokenBytes || len(token) > maxTokenBytes {
		return nil, fmt.Errorf("%s: the token must be %d to %d characters long, not %d (make one with: head -c 32 /dev/urandom | base64)",
			source, minTokenBytes, maxTokenBytes, len(token))
	}
	for _, c := range token {
		if c <= ' ' || c > '~' {
			return nil, fmt.Errorf("%s: the token must be printable ASCII without spaces", source)
		}
	}
	return token, nil
}
