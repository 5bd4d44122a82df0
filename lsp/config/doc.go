// Package config is lspilot's configuration: its types and built-in
// defaults, the config file (TOML) and the client's settings (JSON) as
// layers merged over the defaults, validation with errors that name the key
// and, for the file, its line and column, null members that unset what a
// client set before, and the rules of trust that keep a client from
// choosing where the user's API keys go or from narrowing the privacy
// exclusions.
//
// The language server (package lsp) holds a Store per session and applies
// the layers as the messages that carry them arrive; the command loads the
// file. This package knows nothing of the protocol: it must not import
// go.lsp.dev, lsp or cmd/.
package config
