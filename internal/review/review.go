// Package review builds the production-readiness review of a project
// (`djls report`): a verdict and a score, the findings grouped by risk with
// the fix djls would write, what is already right, the environment
// variables production must set and a deployment checklist, all derived
// from one analysis of the engine. Markdown and HTML render the same
// Review. No secret value appears in it: messages and values are redacted
// by the engine, and every line of source it quotes (the fixes' diffs) is
// redacted again here.
//
// Not to be confused with internal/report, which prints `djls check`'s
// findings as text, JSON, SARIF and GitHub annotations.
package review

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/djls-dev/djls/docs"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/finding"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/report"
	"github.com/djls-dev/djls/internal/rules"
)

// The score's weights: what one finding of each risk costs out of 100.
// The report prints the formula with these numbers (ScoreFormula).
const (
	CriticalWeight    = 10
	ImportantWeight   = 3
	ImprovementWeight = 1
)

// Review is everything the report says about one project.
type Review struct {
	Project string // the project folder's name
	Ready   bool   // a settings module was judged, with no critical and no important finding
	Score   int    // 0..100, see ScoreFormula
	Judged  int    // settings modules judged as production roots
	Counts  Counts
	Risks   []Risk // critical, important, improvements; empty ones included
	Blocks  []Block
	Right   []Right
	Modules []Module
	Env     []EnvVar
	Checks  []Check
	Skipped []report.Skipped
}

// Counts are the findings per risk, as `djls check` counts them.
type Counts struct {
	Critical, Important, Improvements int
	Silenced                          int // silenced by SILENCED_SYSTEM_CHECKS, not counted
}

// Total is every finding counted.
func (c Counts) Total() int { return c.Critical + c.Important + c.Improvements }

// Risk is one section of findings.
type Risk struct {
	Title    string // "Critical", "Important", "Improvements"
	Severity finding.Severity
	Blurb    string
	Findings []Finding
}

// Finding is one finding as the report shows it.
type Finding struct {
	Code, Name string
	Where      string   // path:line
	Message    string   // the headline, redacted by the engine
	Detail     string   // why the headline matters here, redacted
	Related    []string // "path:line: note" for the places that explain it
	Meaning    string   // the rule's "Why it matters", what it means in production
	DocURL     string
	FixTitle   string // the quick fix, "" when there is none
	FixSafe    bool
	Diff       string // the quick fix as a unified diff, redacted
	SameFixAs  string // the finding (path:line) shown above with the same fix, instead of Diff
	InBlock    string // the root whose production security block fixes it, instead of Diff
}

// Block is the production security block for one judged root, as it would
// be inserted.
type Block struct {
	Root string // the root's path
	Diff string
}

// Right is a security setting the production settings already set well.
type Right struct {
	Setting string
	Value   string // as hover shows it
	Where   string // path:line
	Why     string
}

// Module is how one settings module was judged.
type Module struct {
	Path      string
	Judgement string
}

// EnvVar is an environment variable production reads.
type EnvVar struct {
	Name     string
	Where    string // path:line of its first read
	Required bool   // no default: start-up fails while it is unset
	MustSet  bool   // required, or its default is unsafe in production
	Secret   bool
	Default  string // shown only when not secret
	// Expression: the default is not a plain value (a list, a call).
	Expression bool
	Safe       bool   // with a default: whether it is safe in production
	Note       string // why it is (un)safe, or what it is
}

// Check is one line of the deployment checklist.
type Check struct {
	Topic  string // HTTPS, Server, Static files, Database, Logging, ...
	Status Status
	Text   string
}

// Status is a checklist line's state.
type Status int

const (
	Todo   Status = iota // something to do before deploying
	Done                 // the settings already do it
	Verify               // djls cannot tell: check it on the server
)

func (s Status) String() string { return [...]string{"todo", "done", "verify"}[s] }

// Mark is the status as a checkbox-like symbol.
func (s Status) Mark() string { return [...]string{"✗", "✓", "?"}[s] }

// ScoreFormula documents the score with its weights.
func ScoreFormula() string {
	return fmt.Sprintf("score = max(0, 100 − %d × critical − %d × important − %d × improvements)", CriticalWeight, ImportantWeight, ImprovementWeight)
}

// Build analyses the project at root and reviews it.
func Build(ctx context.Context, root string) (*Review, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	ws, err := engine.LoadContext(ctx, root, engine.Options{})
	if err != nil {
		return nil, err
	}
	res, err := ws.Analyze(ctx, nil)
	if err != nil {
		return nil, err
	}
	return FromResult(res, root), nil
}

// FromResult reviews one analysis of the project at root.
func FromResult(res *engine.Result, root string) *Review {
	b := &builder{res: res, root: root, rev: &Review{Project: filepath.Base(root)}}
	b.findings()
	b.blocks()
	b.rev.Right = alreadyRight(b)
	b.rev.Modules = modules(b)
	b.rev.Env = envVars(b)
	b.rev.Checks = checklist(b)
	c := b.rev.Counts
	// Nothing judged is nothing reviewed: never "ready".
	b.rev.Judged = len(res.JudgedRoots())
	b.rev.Ready = c.Critical == 0 && c.Important == 0 && b.rev.Judged > 0
	b.rev.Score = max(0, 100-CriticalWeight*c.Critical-ImportantWeight*c.Important-ImprovementWeight*c.Improvements)
	return b.rev
}

type builder struct {
	res  *engine.Result
	root string
	rev  *Review
	// diffs maps a fix's diff to the first finding shown with it.
	diffs map[string]string
	// all is every finding counted, for the checklist and "already right".
	all []finding.Finding
}

// rel is a path relative to the project, with '/': a file above it (the
// repository's .gitignore) as ../.gitignore, never as a machine path.
func (b *builder) rel(path string) string {
	if rel, err := filepath.Rel(b.root, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return report.RelPath(b.root, path)
}

// where is path:line for a byte offset of a file of the analysis.
func (b *builder) where(path string, offset int) string {
	text, _ := b.res.Text(path)
	it := report.Resolve(finding.Finding{Location: finding.Location{Path: path, Start: offset, End: offset}}, text, b.rel(path), nil)
	return fmt.Sprintf("%s:%d", it.RelPath, it.Line)
}

// findings groups the findings `djls check` reports (silenced ones aside)
// by risk, in path and line order, each with its fix.
func (b *builder) findings() {
	b.rev.Risks = []Risk{
		{Title: "Critical", Severity: finding.Error, Blurb: "Errors: each one is exploitable or breaks production. Fix them before deploying."},
		{Title: "Important", Severity: finding.Warning, Blurb: "Warnings: production runs, but less safely or reliably than it should. Fix them before deploying, or decide not to."},
		{Title: "Improvements", Severity: finding.Info, Blurb: "Information: worth doing, not urgent."},
	}
	items := b.items()
	for _, it := range items {
		f := Finding{Code: it.Code, Name: it.Name, Where: fmt.Sprintf("%s:%d", it.RelPath, it.Line), Message: it.Message, Detail: it.Detail}
		for _, r := range it.Finding.Related {
			f.Related = append(f.Related, b.where(r.Path, r.Start)+": "+r.Message)
		}
		if it.Code != report.UnjudgedCode {
			f.Meaning, f.DocURL = meaning(it.Code), docs.URL(it.Code)
			b.fixOf(it.Finding, &f)
		} else {
			f.Meaning = "None of this module's settings were checked, so any problem in it goes unreported."
		}
		b.all = append(b.all, it.Finding)
		for i := range b.rev.Risks {
			if b.rev.Risks[i].Severity == it.Severity {
				b.rev.Risks[i].Findings = append(b.rev.Risks[i].Findings, f)
			}
		}
		switch it.Severity {
		case finding.Error:
			b.rev.Counts.Critical++
		case finding.Warning:
			b.rev.Counts.Important++
		default:
			b.rev.Counts.Improvements++
		}
	}
}

// items are the findings as `djls check PATH` lists them: each judged
// file's findings that are not silenced, the settings modules that could
// not be judged (DJS000) and those in a form djls does not read.
func (b *builder) items() []report.Item {
	items := b.res.Report(engine.ReportOptions{Rel: b.rel})
	b.rev.Counts.Silenced += items.Silenced
	b.rev.Skipped = append(b.rev.Skipped, items.Skipped...)
	return items.Items
}

// fixOf fills in the finding's fix: the production security block when it
// covers the finding and the root has one, else the rule's quick fix as a
// diff.
func (b *builder) fixOf(fd finding.Finding, f *Finding) {
	if engine.OffersProductionBlock(fd.Code) {
		if root := b.blockRoot(fd); root != "" {
			f.InBlock = b.rel(root)
			return
		}
	}
	for _, fx := range b.res.FixesFor(fd) {
		if fx.Suppresses() {
			continue // suppression is not a fix
		}
		diff := b.diff(fx, fd.Path)
		if diff == "" {
			continue
		}
		f.FixTitle, f.FixSafe = fx.Title, fx.Safe
		if first, ok := b.diffs[diff]; ok {
			f.SameFixAs = first
			return
		}
		if b.diffs == nil {
			b.diffs = map[string]string{}
		}
		b.diffs[diff] = f.Code + " at " + f.Where
		f.Diff = diff
		return
	}
}

// blockRoot is the judged root whose production security block fixes fd:
// the block of the module fd sits in, else of the root it was found through.
func (b *builder) blockRoot(fd finding.Finding) string {
	for _, p := range []string{fd.Path, fd.Root} {
		if p == "" {
			continue
		}
		if fx := b.res.ProductionBlock(p); fx != nil && len(fx.Edits) > 0 {
			return fx.Edits[len(fx.Edits)-1].Path
		}
	}
	return ""
}

// blocks renders the production security block of each judged root once.
func (b *builder) blocks() {
	seen := map[string]bool{}
	for _, root := range b.res.JudgedRoots() {
		fx := b.res.ProductionBlock(root)
		if fx == nil || len(fx.Edits) == 0 {
			continue
		}
		target := fx.Edits[len(fx.Edits)-1].Path
		if seen[target] {
			continue
		}
		seen[target] = true
		if diff := b.diff(*fx, target); diff != "" {
			b.rev.Blocks = append(b.rev.Blocks, Block{Root: b.rel(target), Diff: diff})
		}
	}
}

// diff renders a fix as a unified diff of every file it edits, paths
// relative to the project, each line redacted.
func (b *builder) diff(fx fix.Fix, defaultPath string) string {
	byFile := fix.ByFile(fx.Edits, defaultPath)
	paths := make([]string, 0, len(byFile))
	for p := range byFile {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out strings.Builder
	for _, p := range paths {
		old, exists := b.res.Text(p)
		next, err := fix.Apply(old, byFile[p])
		if err != nil {
			return ""
		}
		rel := strings.TrimPrefix(b.rel(p), "/")
		oldName := "a/" + rel
		if !exists {
			oldName = "/dev/null"
		}
		out.WriteString(fix.UnifiedDiff(oldName, "b/"+rel, old, next))
	}
	return redactDiff(out.String())
}

// meaning is the rule's "Why it matters" paragraph, else its summary.
func meaning(code string) string {
	if text, ok := docs.Rule(code); ok {
		if _, after, ok := strings.Cut(text, "## Why it matters\n"); ok {
			after = strings.TrimLeft(after, "\n")
			para, _, _ := strings.Cut(after, "\n\n")
			if para = strings.TrimSpace(para); para != "" && !strings.HasPrefix(para, "#") {
				return strings.Join(strings.Fields(para), " ")
			}
		}
	}
	for _, r := range rules.All() {
		if r.ID == code {
			return r.Summary
		}
	}
	return ""
}

// findingOn reports a counted finding about setting.
func (b *builder) findingOn(setting string) bool {
	for _, f := range b.all {
		if f.Setting == setting {
			return true
		}
	}
	return false
}
