package lsp

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

func complete(t *testing.T, c *testClient, u uri.URI, line, char uint32) []protocol.CompletionItem {
	t.Helper()
	var res protocol.CompletionList
	c.callOK(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Position:     protocol.Position{Line: line, Character: char},
	}}, &res)
	return res.Items
}

func labels(items []protocol.CompletionItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func TestCompletion(t *testing.T) {
	dir := t.TempDir()
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	text := "import os\n" + // 0
		"SEC\n" + // 1
		"X_FRAME_OPTIONS = \"\"\n" + // 2
		"MIDDLEWARE = [\n" + // 3
		"    \"django.mi\",\n" + // 4
		"]\n" + // 5
		"SECURE_REFERRER_POLICY = 'sa'\n" + // 6
		"def f():\n" + // 7
		"    x = \"\"\n" // 8
	u := c.open(filepath.Join(dir, "settings.py"), 1, text)

	items := complete(t, c, u, 1, 3)
	got := labels(items)
	for _, want := range []string{"SECRET_KEY", "SECURE_SSL_REDIRECT", "DEBUG", "CORS_ALLOWED_ORIGINS"} {
		if !slices.Contains(got, want) {
			t.Errorf("setting names lack %s", want)
		}
	}
	if te, ok := items[0].TextEdit.(*protocol.TextEdit); !ok || fmtRange(te.Range) != "1:0-1:3" {
		t.Errorf("setting name edit = %#v, want range 1:0-1:3", items[0].TextEdit)
	}

	if got := labels(complete(t, c, u, 2, 19)); !slices.Equal(got, []string{"DENY", "SAMEORIGIN"}) {
		t.Errorf("X_FRAME_OPTIONS values = %v", got)
	}

	items = complete(t, c, u, 4, 14)
	if got := labels(items); !slices.Contains(got, "django.middleware.security.SecurityMiddleware") || len(got) < 10 {
		t.Errorf("middleware completion = %v", got)
	}
	if te, ok := items[0].TextEdit.(*protocol.TextEdit); !ok || fmtRange(te.Range) != "4:5-4:14" {
		t.Errorf("middleware edit = %#v, want range 4:5-4:14", items[0].TextEdit)
	}

	if got := labels(complete(t, c, u, 6, 28)); !slices.Contains(got, "same-origin") || !slices.Contains(got, "strict-origin-when-cross-origin") {
		t.Errorf("referrer policy values = %v", got)
	}
	// Not at a top-level setting: nothing.
	if got := labels(complete(t, c, u, 8, 9)); len(got) != 0 {
		t.Errorf("string inside a function offered %v", got)
	}
	if got := labels(complete(t, c, u, 0, 3)); len(got) != 0 {
		t.Errorf("inside 'import' offered %v", got)
	}
}

func TestIndexingReportsProgress(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(t.TempDir(), `{"window":{"workDoneProgress":true}}`, "")
	var kinds []string
	c.waitUntil("progress begin and end", func() bool {
		kinds = kinds[:0]
		for _, n := range c.notes {
			if n.Method != protocol.MethodProgress {
				continue
			}
			var p struct {
				Token string `json:"token"`
				Value struct {
					Kind string `json:"kind"`
				} `json:"value"`
			}
			if json.Unmarshal(n.Params, &p) == nil && p.Token == "djls-indexing" {
				kinds = append(kinds, p.Value.Kind)
			}
		}
		return len(kinds) == 2
	})
	if !slices.Equal(kinds, []string{"begin", "end"}) {
		t.Errorf("progress kinds = %v", kinds)
	}
	created := false
	for _, r := range c.requests {
		created = created || r.Method == protocol.MethodWindowWorkDoneProgressCreate
	}
	if !created {
		t.Error("no window/workDoneProgress/create before $/progress")
	}
}
