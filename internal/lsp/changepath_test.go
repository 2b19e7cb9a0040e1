package lsp

import (
	"testing"

	"go.lsp.dev/uri"
)

// TestChangedPathIsUriPath: the memo answers what uriPath answers, for
// the same URI again and after another one.
func TestChangedPathIsUriPath(t *testing.T) {
	s := &Server{}
	for _, u := range []uri.URI{"file:///a/settings.py", "file:///a/settings.py", "file:///b/c%20d/settings.py", "untitled:Untitled-1", "", "file:///a/settings.py", "https://example.com/x.py"} {
		if got, want := s.changedPath(u), uriPath(u); got != want {
			t.Errorf("changedPath(%q) = %q, want %q", u, got, want)
		}
	}
}
