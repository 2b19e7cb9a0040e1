package diagnostics

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/textpos"
)

// Version is a Django release line.
type Version struct{ Major, Minor int }

// Newest is the release line assumed when the project does not say.
var Newest = Version{6, 0}

// AtLeast reports v >= major.minor.
func (v Version) AtLeast(major, minor int) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Context is what a rule's Check sees.
type Context struct {
	// Module is the judged settings module (nil for project rules).
	Module *evaluator.Module
	// Production lists every production settings module (for project rules).
	Production []*evaluator.Module
	// Modules lists every settings module evaluated (for project rules).
	Modules []*evaluator.Module
	Project *project.Project
	Django  Version

	// Imported lists the project modules, not settings themselves, that
	// settings modules import (helpers, env loaders): their env reads and
	// .env loads count for project rules.
	Imported []*evaluator.Module

	// FileText returns a project file's text (set by the engine).
	FileText func(path string) []byte

	rule     Reporter
	findings *[]Finding
}

// Reporter is the rule a Context reports for: what its findings carry.
type Reporter struct {
	ID, Name    string
	Severity    Severity
	DjangoCheck string // the finding's Django check unless the check names another
}

// NewContext prepares a context that appends findings to out.
func NewContext(m *evaluator.Module, p *project.Project, django Version, out *[]Finding) *Context {
	return &Context{Module: m, Project: p, Django: django, findings: out}
}

// Run applies one rule's check, whose findings r describes.
func (c *Context) Run(r Reporter, check func(*Context)) {
	c.rule = r
	check(c)
}

// Setting returns the final binding of a setting in the judged module.
func (c *Context) Setting(name string) *evaluator.Binding { return c.Module.Setting(name) }

// Value returns a setting's value, or nil when absent.
func (c *Context) Value(name string) *evaluator.Value {
	if b := c.Setting(name); b != nil {
		return b.Value
	}
	return nil
}

// report adds a finding for the current rule at loc.
func (c *Context) report(loc Location, related []Related, setting, djangoCheck, msg string, tags ...Tag) {
	r := c.rule
	if djangoCheck == "-" {
		djangoCheck = ""
	} else if djangoCheck == "" {
		djangoCheck = r.DjangoCheck
	}
	*c.findings = append(*c.findings, Finding{
		Code: r.ID, Name: r.Name, Severity: r.Severity, DjangoCheck: djangoCheck,
		Location: loc, Message: msg, Setting: setting, Related: related, Tags: tags,
	})
}

// At reports at span s, which may lie in a module this one star-imports:
// then the finding sits on the import and points at the origin.
func (c *Context) At(b *evaluator.Binding, s evaluator.Span, djangoCheck, msg string, tags ...Tag) {
	loc, related := c.anchor(b, s)
	name := ""
	if b != nil {
		name = b.Name
	}
	c.report(loc, related, name, djangoCheck, msg, tags...)
}

// OnValue reports on the part of a setting that decides v.
func (c *Context) OnValue(b *evaluator.Binding, v *evaluator.Value, djangoCheck, msg string, tags ...Tag) {
	s := v.Span
	if !s.Valid() {
		s = b.RHS
	}
	c.At(b, s, djangoCheck, msg, tags...)
}

func (c *Context) anchor(b *evaluator.Binding, s evaluator.Span) (Location, []Related) {
	path := c.Module.Path
	if s.File == path || b == nil {
		if s.File == "" {
			s = evaluator.Span{File: path}
		}
		return Location{Path: path, Start: s.Start, End: s.End}, nil
	}
	imp := b.Import
	if !imp.Valid() || imp.File != path {
		imp = evaluator.Span{File: path, Start: 0, End: textpos.LineEnd(c.Module.Text, 0)}
	}
	rel := []Related{{Location: Location{Path: s.File, Start: s.Start, End: s.End},
		Message: fmt.Sprintf("%s gets this value here", b.Name)}}
	return Location{Path: path, Start: imp.Start, End: imp.End}, rel
}

// Missing reports a setting that is absent (or unsafe only by Django's
// default): once per module, on MIDDLEWARE, else DEBUG, else line 1.
func (c *Context) Missing(setting, djangoCheck, msg string) {
	m := c.Module
	for _, name := range []string{"MIDDLEWARE", "DEBUG"} {
		if b := m.Setting(name); b != nil && !b.Inherited() && b.Target.File == m.Path {
			c.report(Location{Path: m.Path, Start: b.Target.Start, End: b.Target.End}, nil, setting, djangoCheck, msg)
			return
		}
	}
	c.report(Location{Path: m.Path, Start: 0, End: textpos.LineEnd(m.Text, 0)}, nil, setting, djangoCheck, msg)
}

// ReportFile reports on a byte range of a project file.
func (c *Context) ReportFile(path string, start, end int, setting, msg string) {
	c.report(Location{Path: path, Start: start, End: end}, nil, setting, "-", msg)
}

// Absent reports whether a setting is surely not set (so Django's default
// applies): not bound, and no dynamic write or unresolved import could set it.
func (c *Context) Absent(name string) bool { return !c.Module.MaybeSet(name) }

// Explain describes where a value comes from, for messages:
// "env DEBUG is unset, so default='True' applies".
func (c *Context) Explain(v *evaluator.Value) string {
	if v == nil || v.Env == nil {
		return ""
	}
	e := v.Env
	switch {
	case e.HasDefault && e.Var != "":
		d := c.sourceText(e.Default)
		if !strings.HasPrefix(d, "default=") {
			d = "default " + d
		}
		return fmt.Sprintf(" (%s is unset in production, so %s applies)", e.Var, d)
	case e.HasDefault:
		return fmt.Sprintf(" (the fallback %s applies)", c.sourceText(e.Default))
	}
	return ""
}

// sourceText returns the text of a span, shortened for messages.
func (c *Context) sourceText(s evaluator.Span) string {
	var text []byte
	if s.File == c.modulePath() {
		text = c.Module.Text
	} else {
		for _, m := range c.Modules {
			if m.Path == s.File {
				text = m.Text
			}
		}
		if text == nil && c.Module != nil {
			for _, m := range c.Module.StarImports {
				if m.Path == s.File {
					text = m.Text
				}
			}
		}
	}
	if text == nil || s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return "value"
	}
	t := strings.Join(strings.Fields(string(text[s.Start:s.End])), " ")
	if len(t) > 60 {
		t = t[:57] + "..."
	}
	return t
}

func (c *Context) modulePath() string {
	if c.Module == nil {
		return ""
	}
	return c.Module.Path
}
