package lsp

import (
	"fmt"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/internal/engine"
)

// Clients without file watching (Neovim, Helix, Zed send no
// didChangeWatchedFiles) would leave the engine's project files (the
// requirements, .gitignore, pyproject.toml it read) as they were when the
// folder was indexed. Every open, save and close of any file is taken as a
// sign that the disk may have changed: the folder's project files are read
// again (project.Reload: a few ms, no walk) before its next analysis. Open
// documents still win over the disk (engine/buffers.go).

// refreshProject marks f's project files as possibly changed on disk and
// schedules an analysis, which re-reads them first (applyChanged).
func (f *folder) refreshProject() {
	f.markProjectStale()
	f.schedule()
}

func (f *folder) markProjectStale() {
	f.mu.Lock()
	f.projectStale = true
	f.mu.Unlock()
}

// reloadProjectFiles re-reads ws's project files when stale; runs on f's
// analysis goroutine.
func (s *Server) reloadProjectFiles(f *folder, ws *engine.Workspace, stale bool) {
	if !stale {
		return
	}
	if err := ws.ReloadProjectFiles(s.ctx); err != nil && s.ctx.Err() == nil {
		s.log.Warn("re-reading project files failed", zap.String("root", f.root), zap.Error(err))
		s.logMessage(protocol.MessageTypeError, fmt.Sprintf("djls: %s: %v", f.root, err))
	}
}
