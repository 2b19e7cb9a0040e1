package lsp

import "time"

// Inline analysis: an edit to a small document is analysed on the goroutine
// that handled it, not handed to the folder's analysis goroutine. On a VM,
// waking another thread for the hand-off costs 80-100 µs more than the
// analysis of a 200-line module itself (~130 µs), and was most of the tail
// of edit → publishDiagnostics (issue 14).

// inlineMaxBytes is the largest edited document analysed inline (~7,500
// lines; a 5,000-line module's keystroke took 1.1-1.2 ms to publish inline
// against 1.2-1.8 ms handed off). The read loop waits while it runs, so an
// edit typed meanwhile cannot cancel it: above this size the folder's
// goroutine analyses, where a newer edit supersedes a running analysis.
const inlineMaxBytes = 256 << 10

// inlineMaxCost is the longest a folder's last analysis may have taken for
// the next edit to be analysed inline: a module whose evaluation is heavy
// (near the work bound, many imports) goes to the folder's goroutine
// whatever its size, so that typing on cancels and coalesces its analyses
// instead of queueing behind each one.
const inlineMaxCost = 5 * time.Millisecond

// inputPending reports whether more client messages have already been read
// from the connection than handled: then the edit is handed to the folder's
// goroutine, so a burst of edits is coalesced into one analysis.
type inputPending interface{ inputPending() bool }

// analyzeInline analyses f now, on the calling goroutine, when that is
// cheap (a document of at most inlineMaxBytes whose folder's last analysis
// took at most inlineMaxCost) and safe; it reports whether it did (the
// caller then schedules nothing). It needs f idle: loaded, its analysis goroutine not running,
// nothing but the open documents changed (no files on disk, project files,
// re-indexing or shallow reload pending).
func (s *Server) analyzeInline(f *folder, doc *document) bool {
	if s.hooks != nil || len(doc.text) > inlineMaxBytes || time.Duration(f.lastCost.Load()) > inlineMaxCost || s.ctx.Err() != nil {
		return false // tests hold analyses in hooks; those need the read loop free
	}
	if s.input != nil && s.input.inputPending() {
		return false
	}
	if !f.analyzing.TryLock() {
		return false
	}
	defer f.analyzing.Unlock()
	if !f.quiet() {
		return false
	}
	s.stats.inline.Add(1)
	s.analyzeOnce(f)
	return true
}

// quiet reports whether an analysis of f needs no work before it other than
// what analyzeOnce does (see the loop of startFolder).
func (f *folder) quiet() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ws != nil && f.reindex == nil && !f.cancelled && len(f.changedPaths) == 0 && !f.projectStale && !f.removed.Load()
}
