package engine

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/rules"
	"github.com/djls-dev/djls/internal/textpos"
	"github.com/djls-dev/djls/internal/treesitter"
)

// FixesFor returns the quick fixes for one finding of this result, then
// "suppress on this line". A fix whose output would not parse is dropped.
func (r *Result) FixesFor(f diagnostics.Finding) []fix.Fix {
	fr := r.Files[filepath.Clean(f.Path)]
	if fr == nil {
		return nil
	}
	var out []fix.Fix
	for _, fx := range r.quickFixes(f) {
		if r.parses(fx) {
			out = append(out, fx)
		}
	}
	if s, ok := suppressFix(fr.Text, f); ok && r.parses(s) && !r.insideString(f.Path, s.Edits[0].Start) {
		out = append(out, s)
	}
	return out
}

// insideString reports whether offset of a Python file lies inside a string
// literal: a comment put there would be part of the string's value.
func (r *Result) insideString(path string, offset int) bool {
	m := r.modules[filepath.Clean(path)]
	return m != nil && fix.InsideString(m.Root(), offset)
}

// quickFixes are the rule's own fixes for f (no suppression, unverified).
func (r *Result) quickFixes(f diagnostics.Finding) []fix.Fix {
	path := filepath.Clean(f.Path)
	fr := r.Files[path]
	if fr == nil || f.Silenced {
		return nil
	}
	return rules.Fixes(fix.Target{Finding: f, Module: r.fixModule(path, f), Text: fr.Text, Project: r.proj, Dedicated: r.roles[path] == Production})
}

// parses reports whether every Python file a fix edits still parses with
// no error nodes (files that already had errors only need to stay editable).
func (r *Result) parses(fx fix.Fix) bool {
	for path, edits := range fix.ByFile(fx.Edits, "") {
		if !strings.HasSuffix(path, ".py") {
			continue
		}
		old := r.text(path)
		next, err := fix.Apply(old, edits)
		if err != nil {
			return false
		}
		if r.hadErrors(path, old) {
			continue // a broken file only needs to stay editable
		}
		if !r.parsesClean(path, old, edits, next) {
			return false
		}
	}
	return true
}

// parsesClean reports whether next, path's text old with edits applied,
// parses with no error nodes. The tree is built from the tree of old when
// the analysis has it (splicing the edited statements into it, exact as
// a fresh parse; a fresh parse otherwise), and in the fix loop it is kept,
// so that the round judging next need not parse it again.
func (r *Result) parsesClean(path string, old []byte, edits []fix.Edit, next []byte) bool {
	if doc := r.parsed[string(next)]; doc != nil {
		return !doc.HasError()
	}
	var doc *treesitter.Document
	if base := r.docOf(path, old); base != nil {
		// Each edit to the text the later ones (by offset) left: the
		// offsets before them are unchanged.
		sorted := append([]fix.Edit(nil), edits...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
		tes := make([]treesitter.TextEdit, 0, len(sorted))
		for i := len(sorted) - 1; i >= 0; i-- {
			e := sorted[i]
			tes = append(tes, treesitter.TextEdit{Start: e.Start, End: e.End, NewText: []byte(e.NewText)})
		}
		doc = base.ApplyEdits(tes)
		if !doc.Exact() || !bytes.Equal(doc.Text, next) {
			doc.Close()
			doc = nil
		}
	}
	if doc == nil {
		doc = treesitter.Parse(next)
	}
	doc.Close() // the nodes stay readable; the C tree is not needed
	if r.parsed != nil {
		r.parsed[string(next)] = doc
	}
	return !doc.HasError()
}

// docOf is the tree the analysis judged path's text from, when that text
// is text.
func (r *Result) docOf(path string, text []byte) *treesitter.Document {
	if o, ok := r.overlays[path]; ok {
		if o.Doc != nil && bytes.Equal(o.Doc.Text, text) {
			return o.Doc
		}
		return nil
	}
	if d := r.read[path].doc; d != nil && bytes.Equal(d.Text, text) {
		return d
	}
	return nil
}

// hadErrors reports whether path's text had syntax errors, from the tree
// this result already holds when it can.
func (r *Result) hadErrors(path string, text []byte) bool {
	if m := r.modules[path]; m != nil && m.Root() != nil && string(m.Text) == string(text) {
		return m.Root().HasError()
	}
	doc := treesitter.Parse(text)
	defer doc.Close()
	return doc.HasError()
}

// text is a file's text as this result saw it ("" for a file that does not
// exist, such as a .gitignore a fix creates).
func (r *Result) text(path string) []byte {
	if fr := r.Files[path]; fr != nil {
		return fr.Text
	}
	if m := r.modules[path]; m != nil {
		return m.Text
	}
	if o, ok := r.overlays[path]; ok {
		return o.Text
	}
	return r.read[path].text
}

// Text returns a file's text as the analysis saw it: a file it judged, an
// open document, or a file it read from disk; false for any other file
// (the Result does not read the disk).
func (r *Result) Text(path string) ([]byte, bool) {
	path = filepath.Clean(path)
	t := r.text(path)
	return t, t != nil || r.exists(path)
}

// suppressFix adds the finding's code to a `# noqa:` comment at the end of
// the line it starts on, merging with one that is there. Files whose
// comments are not `#` (or where `#` would become part of a pattern, like
// .gitignore) get no suppression fix.
func suppressFix(text []byte, f diagnostics.Finding) (fix.Fix, bool) {
	base := filepath.Base(f.Path)
	if base == ".gitignore" || (!strings.HasSuffix(base, ".py") && !strings.HasSuffix(base, ".txt") && !strings.HasSuffix(base, ".toml")) {
		return fix.Fix{}, false
	}
	if f.Start > len(text) {
		return fix.Fix{}, false
	}
	start, end := textpos.LineStart(text, f.Start), textpos.LineEnd(text, f.Start)
	line := string(text[start:end])
	title := fix.SuppressTitle(f.Code)
	// `# djls: ignore[...]`, not `# noqa:`: ruff and flake8 read noqa codes
	// as theirs (ruff's RUF100 flags unknown ones, and --fix may drop them).
	// A `# noqa: DJS...` written by hand is still honoured.
	if codes, at, ok := ignoreList(line); ok {
		sep := ", "
		if len(codes) == 0 {
			sep = ""
		}
		return fix.Fix{Title: title, Kind: fix.KindQuickFix, Code: f.Code, Safe: true,
			Edits: []fix.Edit{{Path: f.Path, Start: start + at, End: start + at, NewText: sep + f.Code}}}, true
	}
	trimmed := strings.TrimRight(line, " \t")
	at := start + len(trimmed)
	return fix.Fix{Title: title, Kind: fix.KindQuickFix, Code: f.Code, Safe: true,
		Edits: []fix.Edit{{Path: f.Path, Start: at, End: end, NewText: "  # djls: ignore[" + f.Code + "]"}}}, true
}

// OffersProductionBlock reports whether the block fixes findings of code.
func OffersProductionBlock(code string) bool { return rules.ProductionBlockFixes(code) }

// ProductionBlock returns the "insert production security block" action for
// path, or nil when the merged production settings lack nothing. For a
// base module that a production module imports, the block goes into the
// production module.
func (r *Result) ProductionBlock(path string) *fix.Fix {
	path = filepath.Clean(path)
	m := r.modules[path]
	if m == nil || r.roles[path] == Development || len(m.Classes) > 0 {
		// Class attributes override a block at module level.
		return nil
	}
	target := m
	if !r.isJudged(m.Path) {
		target = nil
		for _, j := range r.judged {
			if r.roles[j.Path] == Production && importsModule(j, m) {
				target = j
				break
			}
		}
		if target == nil {
			return nil
		}
	}
	fx := fix.ProductionBlock(target, target.Path, r.roles[target.Path] == Production)
	if fx == nil || !r.parses(*fx) {
		return nil
	}
	return fx
}

func (r *Result) isJudged(path string) bool {
	for _, j := range r.judged {
		if j.Path == path {
			return true
		}
	}
	return false
}

// FixAll returns one fix applying every safe fix (unsafe ones too when
// asked) to the findings in path, or nil when there is nothing to fix.
//
// The workspace is judged again from the texts this analysis read, never
// from the disk as it is now.
func (r *Result) FixAll(path string, unsafe bool) *fix.Fix {
	return r.FixAllContext(context.Background(), path, unsafe)
}

// FixAllContext is FixAll that gives up (nil) once ctx is done.
func (r *Result) FixAllContext(ctx context.Context, path string, unsafe bool) *fix.Fix {
	path = filepath.Clean(path)
	plan, err := r.w.planFixes(ctx, r.overlays, func(p string) bool { return p == path }, unsafe, r)
	if err != nil {
		return nil
	}
	if !unsafe {
		plan.Changes = changesTo(plan.Changes, path)
	}
	if len(plan.Changes) == 0 {
		return nil
	}
	kind := fix.KindFixAll
	fx := &fix.Fix{Title: "Fix all safe djls findings", Kind: kind, Safe: true}
	if unsafe {
		fx.Title = "Fix all djls findings (unsafe fixes included)"
	}
	for _, c := range plan.Changes {
		fx.Edits = append(fx.Edits, fix.Minimal(c.Path, c.Old, c.New))
	}
	return fx
}

// FileChange is a file's text before and after fixing.
type FileChange struct {
	Path    string
	Old     []byte // nil when the fix creates the file
	New     []byte
	Existed bool
}

// Applied is one fix that a plan applied.
type Applied struct {
	Path  string // the file of the finding it fixes
	Code  string
	Title string
	Safe  bool
}

// FixPlan is the outcome of fixing a workspace: the changed files and the
// fixes applied, in order.
type FixPlan struct {
	Changes []FileChange
	Applied []Applied
}

// Fix applies fixes to the findings in the files include accepts (safe
// ones, or all with unsafe), and returns the resulting texts; it writes
// nothing. Each fix is applied to the current text and the workspace is
// judged again before the next one, so fixes never conflict and a fix that
// did not remove its finding is not applied again.
func (w *Workspace) Fix(ctx context.Context, overlays map[string]Overlay, include func(path string) bool, unsafe bool) (*FixPlan, error) {
	return w.planFixes(ctx, overlays, include, unsafe, nil)
}

// maxFixRounds bounds the fix loop (each round applies one fix per file).
const maxFixRounds = 200

// planFixes runs the fix loop; with from set, every round judges the texts
// from's analysis read (a frozen analysis) instead of reading the disk.
func (w *Workspace) planFixes(ctx context.Context, overlays map[string]Overlay, include func(string) bool, unsafe bool, from *Result) (*FixPlan, error) {
	current := map[string]Overlay{}
	for p, o := range overlays {
		current[filepath.Clean(p)] = o
	}
	orig := map[string]FileChange{} // first text of every file changed
	tried := map[string]bool{}
	plan := &FixPlan{}
	for round := 0; round < maxFixRounds; round++ {
		r, err := w.analyze(ctx, maps.Clone(current), from) // the result keeps its overlays; current changes
		if err != nil {
			return nil, err
		}
		r.parsed = map[string]*treesitter.Document{}
		picked := r.nextFixes(include, unsafe, tried)
		if len(picked) == 0 {
			break
		}
		for _, p := range picked {
			tried[p.key] = true
			next := map[string][]byte{}
			ok := true
			for path, edits := range fix.ByFile(p.fix.Edits, p.finding.Path) {
				text, err := fix.Apply(r.text(path), edits)
				if err != nil {
					ok = false
					break
				}
				next[path] = text
			}
			if !ok {
				continue
			}
			for path, text := range next {
				if _, seen := orig[path]; !seen {
					old := r.text(path)
					orig[path] = FileChange{Path: path, Old: old, Existed: old != nil || r.exists(path)}
				}
				var doc *treesitter.Document
				if strings.HasSuffix(path, ".py") {
					doc = r.parsed[string(text)] // nil: parsed when judged
				}
				current[path] = Overlay{Version: current[path].Version, Text: text, Doc: doc}
			}
			plan.Applied = append(plan.Applied, Applied{Path: p.finding.Path, Code: p.finding.Code, Title: p.fix.Title, Safe: p.fix.Safe})
		}
	}
	paths := make([]string, 0, len(orig))
	for p := range orig {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		c := orig[p]
		c.New = current[p].Text
		if string(c.New) != string(c.Old) || !c.Existed {
			plan.Changes = append(plan.Changes, c)
		}
	}
	return plan, nil
}

// pickedFix is a fix chosen for one round of planFixes.
type pickedFix struct {
	fix     *fix.Fix
	finding diagnostics.Finding
	key     string
}

// nextFixes picks, for each file, its first untried applicable fix, as long
// as no two picked fixes edit the same file: each round then applies fixes
// to many files at once, and a file's fixes still apply one per round, each
// to the text the last one left.
func (r *Result) nextFixes(include func(string) bool, unsafe bool, tried map[string]bool) []pickedFix {
	paths := make([]string, 0, len(r.Files))
	for p := range r.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []pickedFix
	edited := map[string]bool{}
	for _, p := range paths {
		if !include(p) || edited[p] {
			continue
		}
		if pf, ok := r.firstFix(p, unsafe, tried, edited); ok {
			out = append(out, pf)
			for path := range fix.ByFile(pf.fix.Edits, p) {
				edited[path] = true
			}
		}
	}
	return out
}

// firstFix is the first untried applicable fix for a finding in path whose
// edits touch no file in busy.
func (r *Result) firstFix(p string, unsafe bool, tried, busy map[string]bool) (pickedFix, bool) {
	fr := r.Files[p]
	var block *fix.Fix // built once per file, for the first finding it fixes
	blockBuilt := false
	for _, f := range fr.Findings {
		fixes := r.quickFixes(f)
		if unsafe && rules.ProductionBlockFixes(f.Code) {
			if !blockBuilt {
				block, blockBuilt = r.ProductionBlock(p), true
			}
			if block != nil {
				fixes = append(fixes, *block)
			}
		}
		for i := range fixes {
			fx := &fixes[i]
			key := f.Code + "|" + fx.Title + "|" + p
			if _, editsSettings := fix.ByFile(fx.Edits, p)[p]; strings.HasSuffix(p, ".py") && editsSettings {
				// A project file's fix runs once: fix-all judges again
				// with the project its analysis read (the fixed file is
				// not read again), and a finding reported on a settings
				// line that another fix rewrites must not create a
				// .gitignore twice; a settings line is its own key.
				key += "|" + strings.TrimSpace(string(textpos.Line(fr.Text, f.Start)))
			}
			if tried[key] || (!unsafe && (!fx.Safe || !editsOnly(*fx, p))) || touches(fx, p, busy) || !r.parses(*fx) {
				continue
			}
			return pickedFix{fix: fx, finding: f, key: key}, true
		}
	}
	return pickedFix{}, false
}

func touches(fx *fix.Fix, def string, busy map[string]bool) bool {
	for path := range fix.ByFile(fx.Edits, def) {
		if busy[path] {
			return true
		}
	}
	return false
}

// exists reports whether the analysis saw path as an existing file.
func (r *Result) exists(path string) bool {
	if _, ok := r.Files[path]; ok {
		return true
	}
	if _, ok := r.overlays[path]; ok {
		return true
	}
	return r.read[path].text != nil || r.files[path]
}

// Exists reports whether the analysis saw path as an existing file.
func (r *Result) Exists(path string) bool { return r.exists(filepath.Clean(path)) }
