package route

import (
	"strings"

	"github.com/lspilot/lspilot/inference"
)

// Separators in keys: bytes that code and prose rarely hold, so that a
// boundary between fields seldom matches text.
const (
	sepModel   = 0x1d // after the model name
	sepField   = 0x1e // after a context file or a chat message
	sepSuffix  = 0x1f // between a FIM prefix and suffix
	roleMarker = '\n' // between a chat message's role and its content
)

// AppendKey appends to dst the key under which req's prompt is cached: the
// text the server will see, in its order, laid out so that requests whose
// server-side prompts share a prefix have keys sharing one too.
//
//   - Every key starts with the model name and a separator, so that models
//     never share a cache.
//   - Raw: the Prompt as sent.
//   - FIM: each Extra file (name, newline, text, separator), then Prompt, a
//     separator and Suffix: the prefix-suffix-middle order of llama.cpp's
//     /infill and of the FIM templates of Ollama's coding models. A model
//     that puts the suffix first shares less than the key predicts.
//   - Chat: each message's role, a newline, its content and a separator,
//     which chat templates turn into text with the same common prefixes.
//
// Template tokens are left out: they are the same for every request of a
// model, so they move prefixes without changing which ones are shared.
func AppendKey(dst []byte, req *inference.Request) []byte {
	if req == nil {
		return dst
	}
	dst = appendModel(dst, req)
	switch {
	case req.IsChat():
		for _, m := range req.Messages {
			dst = appendMessage(dst, m)
		}
	case req.Raw:
		dst = append(dst, req.Prompt...)
	default:
		dst = appendExtra(dst, req)
		dst = append(dst, req.Prompt...)
		dst = append(dst, sepSuffix)
		dst = append(dst, req.Suffix...)
	}
	return dst
}

// AppendContextKey appends to dst the context part of req's key: the part
// that stays put while the user types on one line, and a prefix of
// AppendKey's. For FIM and raw prompts it ends after the last line end of
// Prompt (the lines above the cursor, with the Extra files of FIM); for chat
// it holds every message but the last.
func AppendContextKey(dst []byte, req *inference.Request) []byte {
	if req == nil {
		return dst
	}
	dst = appendModel(dst, req)
	switch {
	case req.IsChat():
		for _, m := range req.Messages[:len(req.Messages)-1] {
			dst = appendMessage(dst, m)
		}
	default:
		if !req.Raw {
			dst = appendExtra(dst, req)
		}
		dst = append(dst, req.Prompt[:strings.LastIndexByte(req.Prompt, '\n')+1]...)
	}
	return dst
}

func appendModel(dst []byte, req *inference.Request) []byte {
	dst = append(dst, req.Model...)
	return append(dst, sepModel)
}

func appendExtra(dst []byte, req *inference.Request) []byte {
	for _, f := range req.Extra {
		dst = append(dst, f.Name...)
		dst = append(dst, '\n')
		dst = append(dst, f.Text...)
		dst = append(dst, sepField)
	}
	return dst
}

func appendMessage(dst []byte, m inference.Message) []byte {
	dst = append(dst, m.Role...)
	dst = append(dst, roleMarker)
	dst = append(dst, m.Content...)
	return append(dst, sepField)
}
