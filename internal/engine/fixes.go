package engine

import (
	"context"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/fix"
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
	return m != nil && fix.InsideString(m.Root, offset)
}

// quickFixes are the rule's own fixes for f (no suppression, unverified).
func (r *Result) quickFixes(f diagnostics.Finding) []fix.Fix {
	path := filepath.Clean(f.Path)
	fr := r.Files[path]
	if fr == nil || f.Silenced {
		return nil
	}
	return fix.For(fix.Target{Finding: f, Module: r.modules[path], Text: fr.Text, Project: r.w.proj, Dedicated: r.roles[path] == Production})
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
		doc := treesitter.Parse(next)
		ok := !doc.Root().HasError()
		doc.Close()
		if !ok {
			return false
		}
	}
	return true
}

// hadErrors reports whether path's text had syntax errors, from the tree
// this result already holds when it can.
func (r *Result) hadErrors(path string, text []byte) bool {
	if m := r.modules[path]; m != nil && m.Root != nil && string(m.Text) == string(text) {
		return m.Root.HasError()
	}
	doc := treesitter.Parse(text)
	defer doc.Close()
	return doc.Root().HasError()
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
	r.w.mu.Lock()
	defer r.w.mu.Unlock()
	if f := r.w.readDisk(path); f != nil {
		return f.text
	}
	return nil
}

var noqaComment = regexp.MustCompile(`#\s*noqa\s*:\s*[A-Za-z0-9_,\s]*[A-Za-z0-9_]`)

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
	end := f.Start
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	start := f.Start
	for start > 0 && text[start-1] != '\n' && text[start-1] != '\r' {
		start--
	}
	line := string(text[start:end])
	title := "Suppress " + f.Code + " on this line"
	if loc := noqaComment.FindStringIndex(line); loc != nil {
		return fix.Fix{Title: title, Kind: fix.KindQuickFix, Code: f.Code, Safe: true,
			Edits: []fix.Edit{{Path: f.Path, Start: start + loc[1], End: start + loc[1], NewText: ", " + f.Code}}}, true
	}
	trimmed := strings.TrimRight(line, " \t")
	at := start + len(trimmed)
	return fix.Fix{Title: title, Kind: fix.KindQuickFix, Code: f.Code, Safe: true,
		Edits: []fix.Edit{{Path: f.Path, Start: at, End: end, NewText: "  # noqa: " + f.Code}}}, true
}

// blockCodes are the rules the production security block fixes.
var blockCodes = map[string]bool{"DJS101": true, "DJS102": true, "DJS103": true, "DJS104": true, "DJS201": true, "DJS203": true}

// OffersProductionBlock reports whether the block fixes findings of code.
func OffersProductionBlock(code string) bool { return blockCodes[code] }

// ProductionBlock returns the "insert production security block" action for
// path, or nil when the merged production settings lack nothing. For a
// base module that a production module imports, the block goes into the
// production module.
func (r *Result) ProductionBlock(path string) *fix.Fix {
	path = filepath.Clean(path)
	m := r.modules[path]
	if m == nil || r.roles[path] == Development {
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
func (r *Result) FixAll(path string, unsafe bool) *fix.Fix {
	path = filepath.Clean(path)
	plan, err := r.w.planFixes(context.Background(), r.overlays, func(p string) bool { return p == path }, unsafe)
	if err != nil || len(plan.Changes) == 0 {
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
	return w.planFixes(ctx, overlays, include, unsafe)
}

// maxFixRounds bounds the fix loop (each round applies one fix per file).
const maxFixRounds = 200

func (w *Workspace) planFixes(ctx context.Context, overlays map[string]Overlay, include func(string) bool, unsafe bool) (*FixPlan, error) {
	current := map[string]Overlay{}
	for p, o := range overlays {
		current[filepath.Clean(p)] = o
	}
	orig := map[string]FileChange{} // first text of every file changed
	tried := map[string]bool{}
	plan := &FixPlan{}
	for round := 0; round < maxFixRounds; round++ {
		r, err := w.Analyze(ctx, current)
		if err != nil {
			return nil, err
		}
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
				current[path] = Overlay{Version: current[path].Version, Text: text}
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
		if unsafe && blockCodes[f.Code] {
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
				// Project files are judged from disk until written, so
				// their fixes run once (also when reported on a settings
				// line that another fix rewrites: a .gitignore created
				// twice); a settings line is its own key.
				key += "|" + strings.TrimSpace(lineAt(fr.Text, f.Start))
			}
			if tried[key] || (!fx.Safe && !unsafe) || touches(fx, p, busy) || !r.parses(*fx) {
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

func (r *Result) exists(path string) bool {
	r.w.mu.Lock()
	defer r.w.mu.Unlock()
	return r.w.readDisk(path) != nil
}
