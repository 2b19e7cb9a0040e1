package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/engine"
)

// TestHostileWorkspace indexes a folder holding a settings module over the
// size limit, binary and invalid-UTF-8 ones, NUL bytes, 10,000 nested
// brackets, a symlink loop and symlinks leading out of the folder. The
// server keeps serving: an open document gets its diagnostics, the skipped
// files are told once (a log line each, one message), and nothing outside
// the folder is read.
func TestHostileWorkspace(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "settings.py"), []byte("DEBUG = True\nSECRET_KEY = 'outside-secret'\n"), 0o644)
	big := "DEBUG = True\n" + strings.Repeat("# padding to push the module over the size limit\n", engine.MaxFileSize/48+10)
	files := map[string]string{
		"manage.py":        "",
		".gitignore":       ".env\n",
		"requirements.txt": "django==5.1\ngunicorn\n",
		"big/settings.py":  big,
		"bin/settings.py":  "\x00\x01\xff\xfe\x89PNG\r\n\x1a\n\x00DEBUG = True",
		"nul/settings.py":  "DEBUG = True\x00\nSECRET_KEY = 'x\x00y'\n",
		"nest/settings.py": "DEBUG = True\nX = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n",
	}
	writeFiles(t, root, files)
	os.Symlink(root, filepath.Join(root, "loop"))
	os.Symlink(outside, filepath.Join(root, "outside"))
	os.Symlink(filepath.Join(outside, "settings.py"), filepath.Join(root, "escape_settings.py"))

	c := startServer(t, nil)
	c.initialize(root, "", "")
	u := c.open(filepath.Join(root, "app", "settings.py"), 1, "DEBUG = True\nALLOWED_HOSTS = ['*']\n")
	got := map[string]bool{}
	for _, d := range c.waitPublish(u, 1).Diagnostics {
		got[diagCode(d)] = true
	}
	if !got["DJS001"] || !got["DJS004"] {
		t.Errorf("the open document got %v, want DJS001 and DJS004", got)
	}
	c.barrier(u)

	var notices []string
	c.waitUntil("a notice about skipped files", func() bool {
		notices = notices[:0]
		for _, m := range c.notes {
			if m.Method == protocol.MethodWindowShowMessage {
				var p protocol.ShowMessageParams
				json.Unmarshal(m.Params, &p)
				notices = append(notices, p.Message)
			}
		}
		return len(notices) > 0
	})
	if len(notices) != 1 || !strings.Contains(notices[0], "skipped") || !strings.Contains(notices[0], "more files") {
		t.Errorf("notices = %q, want one about several skipped files", notices)
	}
	for _, p := range c.publications() {
		if strings.Contains(p.URI, "outside") || strings.Contains(p.URI, "escape_settings") || strings.Contains(p.URI, "/loop/") {
			t.Errorf("published for a file reached through a symlink out of or around the folder: %s", p.URI)
		}
		for _, d := range p.Diagnostics {
			if strings.Contains(diagMessage(d), "outside-secret") {
				t.Errorf("read a file outside the workspace: %s", diagMessage(d))
			}
		}
	}
	// A second analysis tells nothing new.
	c.change(u, 2, edit(0, 8, 0, 12, "False"))
	c.waitPublish(u, 2)
	c.barrier(u)
	count := 0
	for _, m := range c.notes {
		if m.Method == protocol.MethodWindowShowMessage {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d notices after a second analysis, want still 1", count)
	}
}
