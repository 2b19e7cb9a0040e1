package lsp

// Workspace folders: each is one engine.Workspace with its own analysis
// goroutine. Indexing reports $/progress when the client supports it;
// watched files (registered dynamically) invalidate the engine's disk view.

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/engine"
)

// folder is one analysed project root.
type folder struct {
	root     string
	implicit bool // made for a document outside every workspace folder
	shallow  bool // no project marker found: only the document's own folder is read, not its subfolders

	kick    chan struct{} // capacity 1: "analyse again"
	started atomic.Bool

	// analyzing is held by whoever analyses f: its analysis goroutine for
	// each round, or an edit's handler analysing inline (inline.go).
	analyzing sync.Mutex
	// lastCost is how long f's last analysis took (ns): an edit is analysed
	// inline only while that stays cheap (inline.go).
	lastCost atomic.Int64

	mu      sync.Mutex
	ws      *engine.Workspace
	loadErr error
	loaded  bool
	latest  *analysis
	changed chan struct{} // closed and replaced whenever latest or ws changes

	reported map[string]bool // skipped files already told to the user

	// cancelRun cancels the analysis running now, if any: a newer event
	// (edit, save, watched file, settings) supersedes it.
	cancelRun context.CancelFunc

	// pubMu serialises the folder's publishes with the clearing that
	// follows its removal: once removed is set no publish starts, and
	// done ends its analysis goroutine.
	pubMu   sync.Mutex
	removed atomic.Bool
	// respelled are URIs of files the client has since opened under
	// another spelling: what was published under them is cleared by the
	// folder's next publish, after any publish in flight that may still
	// have named the file the old way (under mu).
	respelled []uri.URI
	done      chan struct{}

	diagMemo diagMemo   // the diagnostics last built per file (diagmemo.go), under pubMu
	pubItems []pubItem  // nextPublished's list, emptied for the next publish, under pubMu
	pub      pubScratch // the maps of a publish, reused by the next, under pubMu

	// After the user cancelled its indexing, the folder is served shallowly:
	// its own files, the open documents and the files beside them (dirs),
	// until a project file changes and reindex asks for a full load.
	cancelled bool
	dirs      []string
	reindex   *indexRun

	changedPaths map[string]bool // changed on disk since the last analysis (see invalidate)
	projectStale bool            // project files may have changed on disk (see refreshProject)

	config configState // the configuration file's errors (configfile.go)
}

// analysis is one engine result together with the snapshot it judged.
type analysis struct {
	result *engine.Result
	err    error
	seq    uint64              // the server's document-event count at the snapshot
	docs   map[string]docStamp // the open documents analysed, by path
}

// docStamp identifies one open document's state: its version, and the
// document event that made it (versions restart when a file is reopened).
type docStamp struct {
	version int32
	seq     uint64
	big     bool // over the size limit: not in the overlays, not judged
}

func newFolder(root string, implicit bool) *folder {
	return &folder{root: root, implicit: implicit, kick: make(chan struct{}, 1), changed: make(chan struct{}), done: make(chan struct{})}
}

// schedule asks for a new analysis; several requests made while one runs
// collapse into one, and the running one, now stale, is cancelled.
func (f *folder) schedule() {
	f.supersede()
	select {
	case f.kick <- struct{}{}:
	default:
	}
}

// supersede cancels the analysis running now, if any: its inputs are about
// to change. Called before changing the workspace (Invalidate,
// SetEditorConfig), which waits for the analysis holding it.
func (f *folder) supersede() {
	f.mu.Lock()
	if f.cancelRun != nil {
		f.cancelRun()
	}
	f.mu.Unlock()
}

func (f *folder) workspace() *engine.Workspace {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ws
}

func (f *folder) setWorkspace(ws *engine.Workspace, err error) {
	f.mu.Lock()
	f.ws, f.loadErr, f.loaded = ws, err, true
	close(f.changed)
	f.changed = make(chan struct{})
	f.mu.Unlock()
}

func (f *folder) setLatest(a *analysis) {
	f.mu.Lock()
	f.latest = a
	close(f.changed)
	f.changed = make(chan struct{})
	f.mu.Unlock()
}

// waitFor returns the first analysis whose snapshot saw document event seq
// or a later one (any analysis when seq is 0), or ctx's error. Later counts:
// edits typed while waiting may be coalesced into one analysis.
func (f *folder) waitFor(ctx context.Context, seq uint64) (*analysis, error) {
	for {
		f.mu.Lock()
		a, loadErr, loaded, ch := f.latest, f.loadErr, f.loaded, f.changed
		f.mu.Unlock()
		if loaded && loadErr != nil {
			return nil, loadErr
		}
		if a != nil && a.seq >= seq {
			return a, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (f *folder) contains(path string) bool {
	rel, err := filepath.Rel(f.root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// initialRoots lists the workspace folders of initialize (or its rootUri).
func initialRoots(p *protocol.InitializeParams) []string {
	var roots []string
	if folders, ok := p.WorkspaceFolders.Get(); ok {
		for _, wf := range folders {
			if path := uriPath(wf.URI); path != "" {
				roots = append(roots, path)
			}
		}
	}
	//lint:ignore SA1019 rootUri is deprecated, but a client that sends no workspace folders still names its root only there
	if root := p.RootURI; len(roots) == 0 && root != nil {
		if path := uriPath(*root); path != "" {
			roots = append(roots, path)
		}
	}
	return roots
}

func (s *Server) addFolder(root string) *folder {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.folders {
		if f.root == root {
			return f
		}
	}
	f := newFolder(root, false)
	s.folders = append(s.folders, f)
	return f
}

// folderFor returns the deepest folder containing path, creating one at the
// file's project root when no workspace folder contains it.
func (s *Server) folderFor(path string) *folder {
	s.mu.Lock()
	var best *folder
	for _, f := range s.folders {
		if f.contains(path) && (best == nil || len(f.root) > len(best.root)) && ownsUntitled(f, path) {
			best = f
		}
	}
	if best != nil {
		s.mu.Unlock()
		return best
	}
	root, marked := s.folderRoot(path)
	best = newFolder(root, true)
	best.shallow = !marked
	s.folders = append(s.folders, best)
	indexed := s.state == stateInitialized
	s.mu.Unlock()
	if indexed {
		s.startFolder(best, nil)
	}
	return best
}

// projectRoot walks up from dir to the nearest folder that looks like a
// project (manage.py, pyproject.toml, setup.cfg or .git); dir itself, and
// false, when there is none. The filesystem root and the home directory are
// never a project root: a stray marker there would make the server walk the
// whole disk.
func projectRoot(dir string) (string, bool) {
	home, _ := os.UserHomeDir()
	for d := dir; ; {
		if d == filepath.Dir(d) || d == home {
			return dir, false
		}
		for _, marker := range []string{"manage.py", "pyproject.toml", "setup.cfg", ".git"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d, true
			}
		}
		d = filepath.Dir(d)
	}
}

// reconfigure gives every project the new editor settings and re-judges it.
func (s *Server) reconfigure(cfg *config.Config) {
	s.mu.Lock()
	folders := append([]*folder(nil), s.folders...)
	s.mu.Unlock()
	for _, f := range folders {
		if ws := f.workspace(); ws != nil {
			f.supersede()
			ws.SetEditorConfig(cfg)
			f.schedule()
		}
	}
}

func handleDidChangeWorkspaceFolders(s *Server, ctx context.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	var gone []*folder
	s.mu.Lock()
	for _, removed := range p.Event.Removed {
		path := uriPath(removed.URI)
		var out []*folder
		s.folders, out = deleteFolder(s.folders, path)
		gone = append(gone, out...)
	}
	s.mu.Unlock()
	for _, f := range gone {
		s.removeFolder(f)
	}
	var folders []*folder
	for _, added := range p.Event.Added {
		if path := uriPath(added.URI); path != "" {
			folders = append(folders, s.addFolder(path))
		}
	}
	s.index(folders)
	return nil
}

// deleteFolder drops the folder at root, returning the rest and the
// folders dropped.
func deleteFolder(folders []*folder, root string) (kept, dropped []*folder) {
	for _, f := range folders {
		if f.root != root {
			kept = append(kept, f)
		} else {
			dropped = append(dropped, f)
		}
	}
	return kept, dropped
}

// removeFolder retires a folder the client removed: it publishes nothing
// more, its analysis goroutine ends, its open documents go to the folder
// that now contains them, and the findings it published for files on disk
// are cleared (the client would keep them forever: no folder judges those
// files any more).
//
// It runs on the read loop, so it never waits for a publish in flight: that
// publish may be blocked writing to a client that is itself blocked writing
// to us (an answer to a server request). The clearing waits for it instead,
// in the background.
func (s *Server) removeFolder(f *folder) {
	if !f.removed.CompareAndSwap(false, true) {
		return
	}
	close(f.done)
	var open []string
	s.mu.Lock()
	for path := range s.docs {
		if f.contains(path) {
			open = append(open, path)
		}
	}
	s.mu.Unlock()
	s.background(func() { s.clearPublished(f) })
	for _, path := range open {
		s.folderFor(path).schedule()
	}
}

// clearPublished forgets what the removed folder f published and sends an
// empty publish for each file on disk that showed findings; open documents
// are left to the folder that took them over.
func (s *Server) clearPublished(f *folder) {
	f.pubMu.Lock() // after any publish of f's in flight; none starts now
	defer f.pubMu.Unlock()
	s.clearRespelled(f)
	var clear []string
	s.mu.Lock()
	for path, p := range s.published {
		if p.folder != f {
			continue
		}
		delete(s.published, path)
		if s.docs[path] == nil && !p.empty {
			clear = append(clear, path)
		}
	}
	s.mu.Unlock()
	sort.Strings(clear)
	for _, path := range clear {
		s.mu.Lock()
		_, taken := s.published[path] // published since by a folder added back
		s.mu.Unlock()
		if !taken {
			s.send(path, nil, nil)
		}
	}
}

// watchedGlobs are the files whose change on disk can change findings.
var watchedGlobs = []string{
	"**/*.py", "**/.gitignore", "**/requirements*.txt", "**/requirements/*.txt",
	"**/pyproject.toml", "**/djls-security.toml", "**/.env", "**/Pipfile",
	// Deployment manifests (DJS804-DJS806).
	"**/Procfile", "**/Dockerfile*", "**/*compose*.y*ml", "**/fly.toml", "**/render.yaml", "**/app.json", "**/app.yaml",
}

func (s *Server) registerWatchers() {
	opts := protocol.DidChangeWatchedFilesRegistrationOptions{}
	for _, g := range watchedGlobs {
		opts.Watchers = append(opts.Watchers, protocol.FileSystemWatcher{GlobPattern: protocol.Pattern(g)})
	}
	raw, err := protocol.Marshal(&opts)
	if err != nil {
		return
	}
	err = s.client.RegisterCapability(s.ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "djls-watched-files",
		Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: raw,
	}}})
	if err != nil {
		s.log.Warn("client refused file watchers", zap.Error(err))
	}
}

func handleDidChangeWatchedFiles(s *Server, ctx context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	byFolder := map[*folder][]string{}
	for _, ch := range p.Changes {
		path := uriPath(ch.URI)
		if path == "" {
			continue
		}
		f := s.folderFor(path)
		byFolder[f] = append(byFolder[f], path)
	}
	for f, paths := range byFolder {
		if s.reindexCancelled(f, paths) {
			continue
		}
		f.invalidate(paths)
	}
	return nil
}

// invalidate records files changed on disk and schedules an analysis. The
// folder's own goroutine hands them to the engine before it analyses
// (applyChanged): re-reading project files (requirements, .gitignore,
// pyproject.toml) takes a while on a large tree and must not hold up the
// read loop, and a burst of events coalesces into one reload.
func (f *folder) invalidate(paths []string) {
	f.mu.Lock()
	if f.changedPaths == nil {
		f.changedPaths = map[string]bool{}
	}
	for _, p := range paths {
		f.changedPaths[p] = true
	}
	f.mu.Unlock()
	f.schedule()
}

// applyChanged hands the files changed since the last analysis to the
// engine; runs on f's analysis goroutine.
func (s *Server) applyChanged(f *folder) {
	f.mu.Lock()
	ws, changed := f.ws, f.changedPaths
	f.changedPaths = nil
	stale := f.projectStale
	f.projectStale = false
	f.mu.Unlock()
	if ws == nil {
		return
	}
	if len(changed) == 0 {
		s.reloadProjectFiles(f, ws, stale)
		return
	}
	paths := slices.Sorted(maps.Keys(changed))
	if s.hooks != nil && s.hooks.invalidate != nil {
		s.hooks.invalidate(f.root, paths)
	}
	if err := ws.Invalidate(paths...); err != nil && s.ctx.Err() == nil {
		s.log.Warn("re-indexing failed", zap.String("root", f.root), zap.Error(err))
		s.logMessage(protocol.MessageTypeError, fmt.Sprintf("djls: %s: %v", f.root, err))
	}
	// A changed project file re-read them all already.
	s.reloadProjectFiles(f, ws, stale && !engine.Reindexes(paths...))
}

// fileURI is the URI to publish for path: the client's own spelling when
// the document is open or has been open in this session (a client matches
// diagnostics by its spelling; the file's diagnostics after a close must
// replace those it got while open).
func (s *Server) fileURI(path string) uri.URI {
	s.mu.Lock()
	defer s.mu.Unlock()
	if doc := s.docs[path]; doc != nil {
		return doc.uri
	}
	if u := s.spelled[path]; u != "" {
		return u
	}
	return uri.File(path)
}
