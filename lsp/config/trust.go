package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
)

// What a client may configure. The editor, or anything that can reach the
// server's socket, sends initializationOptions and didChangeConfiguration;
// the config file and the command line are the user's own. A client must
// never choose where the user's secrets go, so:
//   - API key sources (apiKeyEnv, apiKeyFile) and literal keys are refused
//     in client layers: a client could otherwise have any environment
//     variable or one-line file of the user sent to a server it names;
//   - a backend keeps its key only with the URL and replicas the config
//     file gave it alongside the key; a backends list from a client replaces
//     the file's whole, so its backends carry no key;
//   - privacy.exclude from a client adds to the file's patterns (see
//     unionExcludes), never removes one;
//   - context.languageServers (commands lspilot runs) is refused in client
//     layers (see screenCommands).
// A client may name a backend's affinityHeader: its value is a keyed hash
// of the session (inference.AffinityKey), no secret, and goes only to the
// backend's own servers; validation refuses credential headers
// (Authorization, Cookie, ...) by name, so it can neither carry nor
// overwrite a key.
// screenClient enforces the first at the layer boundary, keyBinding checks
// the second on every effective configuration.

// clientRefused are the backend keys a client layer may not set, compared
// without regard to case.
var clientRefused = []string{"apiKeyEnv", "apiKeyFile", "apiKey"}

// errClientKey explains the refusal of a key source from a client.
var errClientKey = errors.New("API keys come only from the config file or the command line; " +
	"a client cannot set apiKeyEnv, apiKeyFile or a key (the client's backends list was ignored)")

// screenClient returns l without the keys a client may not set, and one
// error for each; an empty value sets nothing and passes. Dropping a key inside the backends list drops the list,
// so the backends in force stay as they were.
func screenClient(l layer) (layer, []*KeyError) {
	list, _ := l["backends"].([]any)
	var errs []*KeyError
	for i, e := range list {
		entry, _ := e.(layer)
		for k, v := range entry {
			if v == "" {
				continue // an empty source chooses nothing (editors echo every key)
			}
			if slices.ContainsFunc(clientRefused, func(r string) bool { return strings.EqualFold(k, r) }) {
				errs = append(errs, &KeyError{Key: fmt.Sprintf("backends[%d].%s", i, k), Err: errClientKey})
			}
		}
	}
	slices.SortFunc(errs, func(a, b *KeyError) int { return strings.Compare(a.Key, b.Key) })
	for _, e := range errs {
		l = without(l, e.Key)
	}
	l, cmdErrs := screenCommands(l)
	return l, append(errs, cmdErrs...)
}

// keyBinding reports every effective backend that would send an API key to
// a URL the config file did not pair with that key source.
func keyBinding(file layer, eff []Backend) []*KeyError {
	var own []Backend
	if list, ok := file["backends"]; ok {
		data, err := json.Marshal(list)
		if err == nil {
			json.Unmarshal(data, &own) // a file that does not decode has no keyed backends
		}
	}
	var errs []*KeyError
	for i, b := range eff {
		if b.APIKeyEnv == "" && b.APIKeyFile == "" {
			continue
		}
		if !slices.ContainsFunc(own, func(o Backend) bool { return sameKeyTarget(o, b) }) {
			errs = append(errs, &KeyError{Key: fmt.Sprintf("backends[%d].url", i),
				Err: errors.New("the API key of the config file goes only to the URL and replicas the config file gives with it")})
		}
	}
	return errs
}

// sameKeyTarget reports whether a and b send the same key source to the
// same servers.
func sameKeyTarget(a, b Backend) bool {
	return a.APIKeyEnv == b.APIKeyEnv && a.APIKeyFile == b.APIKeyFile && a.URL == b.URL && slices.Equal(a.Replicas, b.Replicas)
}
