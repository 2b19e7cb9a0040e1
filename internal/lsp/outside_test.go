package lsp

import (
	"path/filepath"
	"testing"

	"go.lsp.dev/uri"
)

// TestPublishesProjectFilesAboveTheFolder: with only backend/ open as the
// workspace, the repository root's .gitignore (which forgets .env) gets
// its DJS801, published by backend/'s folder; no folder is made for it.
func TestPublishesProjectFilesAboveTheFolder(t *testing.T) {
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{
		".git/HEAD":                "ref: refs/heads/main\n",
		".gitignore":               "__pycache__/\n",
		"backend/manage.py":        "import os\n",
		"backend/requirements.txt": "django==5.1\ngunicorn\n",
	})
	backend := filepath.Join(repo, "backend")
	c := startServer(t, nil)
	c.initialize(backend, "", "")
	u := c.open(filepath.Join(backend, "app", "settings.py"), 1, cleanSettings)
	c.barrier(u)
	pub := c.waitLatest("DJS801 on the repository's .gitignore", uri.File(filepath.Join(repo, ".gitignore")), 0, hasCode("DJS801"))
	if len(pub.Diagnostics) != 1 {
		t.Errorf("diagnostics %+v", pub.Diagnostics)
	}
}
