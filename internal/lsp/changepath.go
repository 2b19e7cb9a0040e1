package lsp

import (
	"strings"

	"go.lsp.dev/uri"
)

// uriPathMemo is one URI and its uriPath. An editor's keystrokes name the
// same document, and working its path out again (percent-decoding, Clean,
// a copy) was a few allocations per keystroke.
type uriPathMemo struct {
	uri  uri.URI
	path string
}

// changedPath is uriPath(u), remembering the last answer (under s.mu).
func (s *Server) changedPath(u uri.URI) string {
	s.mu.Lock()
	memo := s.changed
	s.mu.Unlock()
	if memo.uri == u && u != "" {
		return memo.path
	}
	path := uriPath(u)
	// A copy: u may be a substring of the message it came in.
	memo = uriPathMemo{uri: uri.URI(strings.Clone(string(u))), path: path}
	s.mu.Lock()
	s.changed = memo
	s.mu.Unlock()
	return path
}
