package lsp

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// The .gitignore fix, with no .gitignore in the project, creates the file
// with its content in one WorkspaceEdit: the CreateFile, then the text edit
// to that same new file, so nothing is left as an empty file on disk with
// its line only in an unsaved tab.
func TestGitignoreFixCreatesFileWithContentInOneEdit(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"requirements.txt": "django==5.1\ngunicorn\n"})
	path := filepath.Join(dir, "settings.py")
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	u := c.open(path, 1, cleanSettings)
	d, ok := firstWithCode(c.waitPublish(u, 1).Diagnostics, "DJS801")
	if !ok {
		t.Fatal("no DJS801 on settings that read env vars without a .gitignore")
	}
	m := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range:        d.Range,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}, Only: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
	})
	var actions []struct {
		Title string
		Edit  struct {
			DocumentChanges []struct {
				Kind         string
				URI          string `json:"uri"`
				TextDocument struct{ URI string }
				Edits        []struct{ NewText string }
			}
		}
	}
	if err := json.Unmarshal(m.Result, &actions); err != nil {
		t.Fatal(err)
	}
	want := string(uri.File(filepath.Join(dir, ".gitignore")))
	for _, a := range actions {
		if a.Title != "djls (DJS801): Create a .gitignore that ignores .env (unsafe)" {
			continue
		}
		ch := a.Edit.DocumentChanges
		if len(ch) != 2 || ch[0].Kind != "create" || ch[0].URI != want || ch[1].TextDocument.URI != want ||
			len(ch[1].Edits) != 1 || ch[1].Edits[0].NewText != ".env\n" {
			t.Fatalf("documentChanges = %+v, want create %s then its .env line", ch, want)
		}
		return
	}
	t.Fatalf("no .gitignore fix among %+v", actions)
}
