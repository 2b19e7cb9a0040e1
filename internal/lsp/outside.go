package lsp

// A project's files may lie above its workspace folder: the repository's
// .gitignore or the requirements beside manage.py when the editor opened a
// subfolder. The folder whose analysis judged such a file publishes it.

// publishes reports whether f publishes path: path is in f and no nested
// folder, or in no folder at all (found without making an implicit folder
// for it, as folderFor would).
func (s *Server) publishes(f *folder, path string) bool {
	s.mu.Lock()
	var best *folder
	for _, g := range s.folders {
		if g.contains(path) && (best == nil || len(g.root) > len(best.root)) {
			best = g
		}
	}
	s.mu.Unlock()
	return best == f || best == nil
}
