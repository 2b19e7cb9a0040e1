package lsp

// Untitled buffers (an editor's new, never saved files: untitled:Untitled-1)
// are judged as a standalone settings module. Each one gets a virtual path
// of its own, <temp>/djls-untitled-<pid>/<hash of the URI>/settings.py: its
// folder is an implicit folder of its own, created empty (the engine loads
// a folder from disk) and removed when the session ends; the file itself is
// never written, the document is served from the editor's text. Findings go
// back to the URI as the client spelled it (fileURI). The name settings.py
// makes a buffer with one Django setting name (DEBUG = True) a settings
// module; a buffer without any is not judged.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.lsp.dev/uri"
	"go.uber.org/zap"
)

const untitledScheme = "untitled"

// untitledDir holds the folders of this process's untitled buffers.
var untitledDir = filepath.Join(os.TempDir(), fmt.Sprintf("djls-untitled-%d", os.Getpid()))

// untitledPath returns the virtual path of an untitled: URI, "" for any
// other URI.
func untitledPath(u uri.URI) string {
	s := string(u)
	if !strings.HasPrefix(strings.ToLower(s), untitledScheme+":") {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return filepath.Join(untitledDir, hex.EncodeToString(sum[:8]), "settings.py")
}

// isUntitledPath reports a path made by untitledPath.
func isUntitledPath(path string) bool {
	return filepath.Dir(filepath.Dir(path)) == untitledDir
}

// untitledSibling reports a file beside an untitled buffer in its virtual
// folder (a .gitignore a project fix would create): not the user's project.
func untitledSibling(path string) bool {
	return isUntitledPath(path) && filepath.Base(path) != "settings.py"
}

// ownsUntitled: an untitled buffer belongs to its own folder only, never to
// a workspace folder that happens to contain the temp directory.
func ownsUntitled(f *folder, path string) bool {
	return !isUntitledPath(path) || f.root == filepath.Dir(path)
}

// folderRoot is the root of the implicit folder made for a document outside
// every workspace folder, and whether a project marker chose it.
func (s *Server) folderRoot(path string) (string, bool) {
	if !isUntitledPath(path) {
		return projectRoot(filepath.Dir(path))
	}
	dir := filepath.Dir(path)
	s.untitledUsed.Store(true)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		s.log.Warn("cannot make the folder of an untitled buffer", zap.String("dir", dir), zap.Error(err))
	}
	return dir, false
}

// removeUntitledDirs removes the untitled buffers' empty folders at the end
// of the session.
func (s *Server) removeUntitledDirs() {
	if s.untitledUsed.Load() {
		_ = os.RemoveAll(untitledDir)
	}
}
