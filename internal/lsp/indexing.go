package lsp

// Indexing: each folder is loaded (its files walked, its project files
// read) on its own goroutine. The folders started together form one
// indexRun with one work-done progress token, which the client may cancel
// (window/workDoneProgress/cancel): the walks still running stop, and each
// folder they belonged to is served shallowly instead — its own files, the
// open documents and the files in their folders — until a project file
// changes (or the server restarts) and the folder is indexed again.

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/internal/engine"
)

// indexRun is one indexing of one or more folders.
type indexRun struct {
	token  protocol.String
	ctx    context.Context // cancelled by window/workDoneProgress/cancel for token
	cancel context.CancelFunc

	finished chan struct{} // closed once every folder is loaded and analysed once

	mu        sync.Mutex
	folders   int
	remaining int
	files     map[*folder]int // .py files listed so far, per folder
	begun     bool            // $/progress begin sent
	ended     bool            // $/progress end sent
	cancelled []string        // roots whose walk was cancelled
}

// newRun registers a run for n folders under a fresh progress token.
func (s *Server) newRun(n int) *indexRun {
	ctx, cancel := context.WithCancel(s.ctx)
	run := &indexRun{ctx: ctx, cancel: cancel, finished: make(chan struct{}), folders: n, remaining: n, files: map[*folder]int{}}
	s.mu.Lock()
	s.runSeq++
	run.token = "djls-indexing"
	if s.runSeq > 1 {
		run.token = protocol.String("djls-indexing-" + strconv.Itoa(s.runSeq))
	}
	s.runs[string(run.token)] = run
	s.mu.Unlock()
	if n == 0 {
		s.finishRun(run)
	}
	return run
}

// folderDone counts one folder of run as indexed (run may be nil).
func (s *Server) folderDone(run *indexRun) {
	if run == nil {
		return
	}
	run.mu.Lock()
	run.remaining--
	last := run.remaining == 0
	run.mu.Unlock()
	if last {
		s.finishRun(run)
	}
}

func (s *Server) finishRun(run *indexRun) {
	s.mu.Lock()
	delete(s.runs, string(run.token))
	s.mu.Unlock()
	run.cancel()
	close(run.finished)
}

// index loads folders as one run, reporting progress when the client
// supports it.
func (s *Server) index(folders []*folder) {
	if len(folders) == 0 {
		return
	}
	progress := s.capabilities().workDoneProgress
	run := s.newRun(len(folders))
	for _, f := range folders {
		s.startFolder(f, run)
	}
	if progress {
		s.background(func() { s.reportIndexing(run) })
	}
}

// reportIndexing creates the run's progress token and reports begin
// (cancellable), the number of files listed, and end: "done", or
// "cancelled" after telling the user what cancelling means.
func (s *Server) reportIndexing(run *indexRun) {
	if err := s.client.WorkDoneProgressCreate(s.ctx, &protocol.WorkDoneProgressCreateParams{Token: run.token}); err != nil {
		s.log.Debug("client refused a progress token", zap.Error(err))
		return
	}
	run.mu.Lock()
	s.progress(run.token, &protocol.WorkDoneProgressBegin{Kind: "begin", Title: "djls: indexing settings", Cancellable: ptr(true), Message: ptr(fmt.Sprintf("%d folder(s)", run.folders))})
	run.begun = true
	run.mu.Unlock()
	select {
	case <-run.finished:
	case <-s.ctx.Done():
		return
	}
	run.mu.Lock()
	run.ended = true
	cancelled := run.cancelled
	run.mu.Unlock()
	if len(cancelled) == 0 {
		s.progress(run.token, &protocol.WorkDoneProgressEnd{Kind: "end", Message: ptr("done")})
		return
	}
	sort.Strings(cancelled)
	_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: cancelledMessage(cancelled)})
	s.progress(run.token, &protocol.WorkDoneProgressEnd{Kind: "end", Message: ptr("cancelled")})
}

func cancelledMessage(roots []string) string {
	return fmt.Sprintf("djls: indexing of %s was cancelled. Until it is indexed again, djls judges only the open files and the other files in their folders. "+
		"Changing a project file (requirements*.txt, pyproject.toml, setup.cfg, Pipfile, .gitignore, manage.py) re-indexes it, as does restarting the server.",
		strings.Join(roots, ", "))
}

func (s *Server) progress(token protocol.ProgressToken, value any) {
	raw, err := protocol.Marshal(value)
	if err != nil {
		return
	}
	_ = s.client.Progress(s.ctx, &protocol.ProgressParams{Token: token, Value: raw})
}

// walkProgress returns the callback f's walk calls as it lists files: it
// reports the run's total, while its progress is shown and not cancelled.
func (s *Server) walkProgress(run *indexRun, f *folder) func(int) {
	return func(n int) {
		if s.hooks != nil && s.hooks.indexProgress != nil {
			s.hooks.indexProgress(run.ctx, f.root, n)
		}
		run.mu.Lock()
		defer run.mu.Unlock()
		run.files[f] = n
		if !run.begun || run.ended || run.ctx.Err() != nil {
			return
		}
		total := 0
		for _, k := range run.files {
			total += k
		}
		s.progress(run.token, &protocol.WorkDoneProgressReport{Kind: "report", Message: ptr(groupThousands(total) + " files")})
	}
}

// groupThousands spells 12345 as "12,345".
func groupThousands(n int) string {
	d := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func handleWorkDoneProgressCancel(s *Server, ctx context.Context, p *protocol.WorkDoneProgressCancelParams) error {
	token, ok := p.Token.(protocol.String)
	if !ok {
		return nil // the server only makes string tokens
	}
	s.mu.Lock()
	run := s.runs[string(token)]
	s.mu.Unlock()
	if run == nil {
		s.log.Debug("cancel for a progress that is over", zap.String("token", string(token)))
		return nil
	}
	s.log.Info("indexing cancelled by the client", zap.String("token", string(token)))
	run.cancel()
	return nil
}

// startFolder loads f's workspace (as part of run, which may be nil) and
// runs its analysis loop; the run counts the folder done once its first
// analysis has been published.
func (s *Server) startFolder(f *folder, run *indexRun) {
	if !f.started.CompareAndSwap(false, true) {
		s.folderDone(run)
		return
	}
	s.background(func() {
		f.analyzing.Lock()
		s.loadFolder(f, run)
		s.analyzeOnce(f)
		f.analyzing.Unlock()
		s.folderDone(run)
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-f.done:
				return
			case <-f.kick:
			}
			s.analysisRound(f)
		}
	})
}

// analysisRound is one round of f's analysis loop, after a kick: a
// re-indexing, or the changes on disk and then an analysis.
func (s *Server) analysisRound(f *folder) {
	f.analyzing.Lock()
	defer f.analyzing.Unlock()
	f.mu.Lock()
	again := f.reindex
	f.reindex = nil
	f.mu.Unlock()
	if again != nil {
		f.mu.Lock()
		f.changedPaths = nil // the new load reads them all
		f.mu.Unlock()
		s.loadFolder(f, again)
		s.analyzeOnce(f)
		s.folderDone(again)
		return
	}
	s.refreshShallow(f)
	s.applyChanged(f)
	s.analyzeOnce(f)
}

func (s *Server) loadFolder(f *folder, run *indexRun) {
	s.mu.Lock()
	editor := s.editor
	s.mu.Unlock()
	ctx, opts := s.ctx, engine.Options{Editor: editor, Shallow: f.shallow, KeepLastGoodConfig: true}
	if run != nil {
		ctx, opts.Progress = run.ctx, s.walkProgress(run, f)
	}
	ws, err := engine.LoadContext(ctx, f.root, opts)
	cancelled := run != nil && err != nil && run.ctx.Err() != nil && s.ctx.Err() == nil
	if cancelled {
		s.log.Info("indexing cancelled; serving the open documents and their folders", zap.String("root", f.root))
		run.mu.Lock()
		run.cancelled = append(run.cancelled, f.root)
		run.mu.Unlock()
		dirs := s.openDirs(f)
		ws, err = engine.LoadContext(s.ctx, f.root, engine.Options{Editor: editor, Shallow: true, Dirs: dirs, KeepLastGoodConfig: true})
		f.mu.Lock()
		f.dirs = dirs
		f.mu.Unlock()
	}
	f.mu.Lock()
	f.cancelled = cancelled
	f.mu.Unlock()
	if err != nil && s.ctx.Err() == nil {
		s.log.Error("cannot load project", zap.String("root", f.root), zap.Error(err))
		s.logMessage(protocol.MessageTypeError, fmt.Sprintf("djls: %s: %v", f.root, err))
	}
	f.setWorkspace(ws, err)
	// Settings that arrived while loading were not seen by reconfigure.
	s.mu.Lock()
	now := s.editor
	s.mu.Unlock()
	if ws != nil && now != editor {
		ws.SetEditorConfig(now)
	}
}

// openDirs lists the folders of f's open documents.
func (s *Server) openDirs(f *folder) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var dirs []string
	for path := range s.docs {
		if f.contains(path) {
			dirs = append(dirs, filepath.Dir(path))
		}
	}
	sort.Strings(dirs)
	return slices.Compact(dirs)
}

// refreshShallow reloads a folder served shallowly after a cancel when
// documents were opened in other folders; runs on f's analysis goroutine.
func (s *Server) refreshShallow(f *folder) {
	f.mu.Lock()
	cancelled, had := f.cancelled, f.dirs
	f.mu.Unlock()
	if !cancelled {
		return
	}
	dirs := s.openDirs(f)
	if slices.Equal(dirs, had) {
		return
	}
	s.mu.Lock()
	editor := s.editor
	s.mu.Unlock()
	ws, err := engine.LoadContext(s.ctx, f.root, engine.Options{Editor: editor, Shallow: true, Dirs: dirs, KeepLastGoodConfig: true})
	if err != nil {
		if s.ctx.Err() == nil {
			s.log.Warn("cannot reload folder", zap.String("root", f.root), zap.Error(err))
		}
		return
	}
	f.mu.Lock()
	f.dirs = dirs
	f.mu.Unlock()
	f.setWorkspace(ws, nil)
}

// reindexCancelled starts a full indexing of f, when its indexing was
// cancelled and paths (changed or saved) name a project file. It reports
// whether it did; the caller then has nothing else to invalidate.
func (s *Server) reindexCancelled(f *folder, paths []string) bool {
	f.mu.Lock()
	cancelled, pending := f.cancelled, f.reindex != nil
	f.mu.Unlock()
	if !cancelled || !engine.Reindexes(paths...) {
		return false
	}
	if pending {
		return true
	}
	progress := s.capabilities().workDoneProgress
	run := s.newRun(1)
	f.mu.Lock()
	f.reindex = run
	f.mu.Unlock()
	f.schedule()
	if progress {
		s.background(func() { s.reportIndexing(run) })
	}
	return true
}
