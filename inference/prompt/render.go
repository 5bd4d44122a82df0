package prompt

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// renderContext renders the repository header and the extra chunks that fit
// the budget.
func renderContext(t Template, r Request, o Options) (string, []File) {
	chunks, kept := fitChunks(r.Extra, o.ExtraTokens, o.Counter, func(f File) string {
		return renderChunk(t, f, r.Language)
	})
	if r.Repo != "" && t.RepoHeader != "" {
		chunks = expand(t.RepoHeader, "repo", r.Repo) + chunks
	}
	return chunks, kept
}

// fitChunks renders the chunks that fit the budget. Chunks are taken from
// the newest back; the first one that does not fit ends the walk, so chunks
// are only ever dropped from the front and the kept ones stay in arrival
// order.
func fitChunks(files []File, budget int, c Counter, render func(File) string) (string, []File) {
	rendered := make([]string, len(files))
	used, first := 0, len(files)
	for i := len(files) - 1; i >= 0; i-- {
		s := render(files[i])
		n := c.Count(s)
		if used+n > budget {
			break
		}
		used += n
		rendered[i] = s
		first = i
	}
	if first == len(files) {
		return "", nil
	}
	return strings.Join(rendered[first:], ""), append([]File(nil), files[first:]...)
}

// renderChunk renders one extra file with the family's file separator or,
// without one, a comment line naming its path in its own language.
func renderChunk(t Template, f File, language string) string {
	text := f.Text
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if t.ContextFile != "" {
		return expand(t.ContextFile, "path", f.Path, "text", text)
	}
	if l := lang.Detect(f.Path); l != "" {
		language = l
	}
	return lang.CommentLine(language, f.Path) + text
}

// renderFileHeader renders the current file's header.
func renderFileHeader(t Template, r Request) string {
	if r.Path == "" {
		return ""
	}
	if t.FileHeader != "" {
		return expand(t.FileHeader, "path", r.Path)
	}
	return lang.CommentLine(r.Language, r.Path)
}

// render writes the segments of a format. It returns the prompt and the
// offset where the cursor line's prefix starts.
func render(segs []segment, ctx, file string, b Built) (string, int) {
	has := map[segKind]bool{}
	size := len(ctx) + len(file) + len(b.Prefix) + len(b.Suffix) + len(b.CurrentLinePrefix)
	for _, s := range segs {
		has[s.kind] = true
		size += len(s.text)
	}
	var sb strings.Builder
	sb.Grow(size)
	stable := 0
	for _, s := range segs {
		switch s.kind {
		case segText:
			sb.WriteString(s.text)
		case segContext:
			sb.WriteString(ctx)
		case segFile:
			sb.WriteString(file)
		case segPrefix:
			if !has[segContext] {
				sb.WriteString(ctx)
			}
			if !has[segFile] {
				sb.WriteString(file)
			}
			sb.WriteString(b.Prefix)
			if !has[segMiddle] {
				stable = sb.Len()
				sb.WriteString(b.CurrentLinePrefix)
			}
		case segSuffix:
			sb.WriteString(b.Suffix)
		case segMiddle:
			stable = sb.Len()
			sb.WriteString(b.CurrentLinePrefix)
		}
	}
	return sb.String(), stable
}
