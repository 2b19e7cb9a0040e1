package lsp

// Steady absence findings: missing-setting rules stay silent on a module
// with syntax errors (the broken part may define the setting), so while a
// statement is half-typed their findings would vanish and come back on
// every keystroke. For an open document with syntax errors the editor keeps
// the absence findings of its last error-free analysis, their ranges mapped
// through the edits since; once the text parses, the fresh analysis decides.

import (
	"bytes"
	"encoding/json"
	"slices"
	"sync"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/textpos"
)

// steadyStore holds, per open document, its last error-free absence findings.
type steadyStore struct {
	mu   sync.Mutex
	last map[string]lastGood // by cleaned path
}

// lastGood is an error-free analysis of a document: the text its
// findings' offsets refer to, and its findings. They are the analysis
// result's own list, which the diagnostics memo and the folder's latest
// analysis hold too, not a copy of its absence findings: every open module
// would keep one, and every keystroke make one.
type lastGood struct {
	path     string
	text     []byte
	findings []diagnostics.Finding
}

// absent returns g's absence findings (on the document itself).
func (g lastGood) absent() []diagnostics.Finding {
	var out []diagnostics.Finding
	for _, f := range g.findings {
		if f.Absence && f.Path == g.path {
			out = append(out, f)
		}
	}
	return out
}

// remember keeps findings, the analysis result's list for text: it is not
// copied, and must not be written.
func (st *steadyStore) remember(path string, text []byte, findings []diagnostics.Finding) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.last == nil {
		st.last = map[string]lastGood{}
	}
	st.last[path] = lastGood{path: path, text: text, findings: findings}
}

func (st *steadyStore) get(path string) (lastGood, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	g, ok := st.last[path]
	return g, ok
}

// forget drops a closed document: the file on disk is judged again.
func (st *steadyStore) forget(path string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.last, path)
}

// steadyFindings returns the findings to show for fr: its own, plus, while
// the open document doc has syntax errors, the absence findings of its last
// error-free analysis that the fresh one lacks; those come last, and kept
// counts them. Files on disk and texts the document no longer holds are
// shown as analysed.
func (s *Server) steadyFindings(fr *engine.FileResult, doc *document) (findings []diagnostics.Finding, kept int) {
	if doc == nil || doc.tree == nil || !bytes.Equal(doc.text, fr.Text) {
		return fr.Findings, 0
	}
	if !doc.tree.HasError() {
		s.steady.remember(fr.Path, fr.Text, fr.Findings)
		return fr.Findings, 0
	}
	last, ok := s.steady.get(fr.Path)
	if !ok {
		return fr.Findings, 0
	}
	absent := last.absent()
	if len(absent) == 0 {
		return fr.Findings, 0
	}
	findings = withKept(fr.Findings, absent, last.text, fr.Text)
	return findings, len(findings) - len(fr.Findings)
}

// markKept says in d's data that it was kept from an earlier analysis, so
// a client (or a test) can tell it from one the current text produced.
func markKept(d *protocol.Diagnostic) {
	var data diagnosticData
	if json.Unmarshal(d.Data, &data) != nil {
		return
	}
	data.Kept = true
	d.Data, _ = json.Marshal(data)
}

// withKept adds the absence findings absent of lastText, mapped onto
// text, to fresh; one the fresh analysis reports itself (same code and
// setting) is not doubled.
func withKept(fresh, absent []diagnostics.Finding, lastText, text []byte) []diagnostics.Finding {
	out := slices.Clone(fresh)
	for _, f := range absent {
		if slices.ContainsFunc(fresh, func(g diagnostics.Finding) bool { return g.Code == f.Code && g.Setting == f.Setting }) {
			continue
		}
		f.Start, f.End = mapRange(lastText, text, f.Start, f.End)
		out = append(out, f)
	}
	return out
}

// mapRange maps the byte range [start, end) of old onto new. The texts are
// compared as one edit (common prefix and suffix kept, the middle
// replaced): a range before or after it moves with it. A range inside the
// edited stretch (several edits, or its own line retyped) is re-anchored
// on the same line text in new, the copy nearest its old place; when that
// line is gone (deleted or being retyped) it stays on the line where the
// edit starts, so it always lies in new.
func mapRange(old, new []byte, start, end int) (int, int) {
	p, q := commonEnds(old, new)
	editEnd := len(old) - q // the edit replaced old[p:editEnd]
	switch {
	case end <= p: // before the edit
		return start, end
	case start >= editEnd: // after it
		shift := len(new) - len(old)
		return start + shift, end + shift
	}
	if s, e, ok := sameLine(old, new, start, end); ok {
		return s, e
	}
	start = min(start, p)
	return start, textpos.LineEnd(new, start)
}

// sameLine finds the line holding [start, end) of old in new: an identical
// line, the nearest to its old offset. The range must lie in one line.
func sameLine(old, new []byte, start, end int) (int, int, bool) {
	ls := textpos.LineStart(old, start)
	if end > textpos.LineEnd(old, start) {
		return 0, 0, false
	}
	line := old[ls:textpos.LineEnd(old, start)]
	if len(bytes.TrimSpace(line)) == 0 {
		return 0, 0, false
	}
	best := -1
	for off := 0; off < len(new); off = textpos.NextLine(new, off) {
		if bytes.Equal(textpos.Line(new, off), line) && (best < 0 || abs(off-ls) < abs(best-ls)) {
			best = off
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return best + start - ls, best + end - ls, true
}

func abs(n int) int { return max(n, -n) }

// commonEnds returns the lengths of the common prefix and suffix of a and
// b, not overlapping, and cut at UTF-8 rune starts so mapped offsets stay
// on character boundaries.
func commonEnds(a, b []byte) (prefix, suffix int) {
	n := min(len(a), len(b))
	for prefix < n && a[prefix] == b[prefix] {
		prefix++
	}
	for prefix > 0 && prefix < len(a) && !utf8.RuneStart(a[prefix]) {
		prefix--
	}
	for suffix < n-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	for suffix > 0 && !utf8.RuneStart(a[len(a)-suffix]) {
		suffix--
	}
	return prefix, suffix
}
