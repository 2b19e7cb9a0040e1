package diagnostics

import (
	"fmt"
	"path/filepath"
	"slices"
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
	headline, detail := splitMessage(msg)
	headline, detail = fitHeadline(headline, Sentences(detail, c.overrideNote(setting)))
	*c.findings = append(*c.findings, Finding{
		Code: r.ID, Name: r.Name, Severity: r.Severity, DjangoCheck: djangoCheck,
		Location: loc, Message: headline, Detail: detail, Setting: setting, Related: related, Tags: tags,
		Root: c.modulePath(),
	})
}

// At reports at span s, in whichever module holds it: a value inherited
// from a fragment (base.py) sits on the literal there, and names the
// import through which it reaches this production module. msg, here and in
// the other reporting methods, is a Msg: the headline, then the detail.
func (c *Context) At(b *evaluator.Binding, s evaluator.Span, djangoCheck, msg string, tags ...Tag) {
	loc, related := c.anchor(b, s)
	name := ""
	if b != nil {
		name = b.Name
	}
	c.report(loc, related, name, djangoCheck, msg, tags...)
}

// OnValue reports on the part of a setting that decides v. A value computed
// from another name (`CSRF_COOKIE_SECURE = not _SECURE`) sits on the
// setting's own assignment, with the literal that decides it as related
// information; a value read from the environment sits on its default,
// wherever that is written (a django-environ schema entry).
func (c *Context) OnValue(b *evaluator.Binding, v *evaluator.Value, djangoCheck, msg string, tags ...Tag) {
	s := v.Span
	if !s.Valid() {
		s = b.RHS()
	}
	if b != nil && v.Env == nil && b.RHS().Valid() && !within(s, b.RHS()) && !withinAny(s, b.Mutations) {
		loc, related := c.anchor(b, b.RHS())
		related = append([]Related{{Location: Location{Path: s.File, Start: s.Start, End: s.End},
			Message: fmt.Sprintf("%s gets this value here", b.Name)}}, related...)
		c.report(loc, related, b.Name, djangoCheck, msg, tags...)
		return
	}
	c.At(b, s, djangoCheck, msg, tags...)
}

func within(s, outer evaluator.Span) bool {
	return s.File == outer.File && s.Start >= outer.Start && s.End <= outer.End
}

func withinAny(s evaluator.Span, outer []evaluator.Span) bool {
	for _, o := range outer {
		if within(s, o) {
			return true
		}
	}
	return false
}

// anchor places a finding on s, in the module that holds it; when that is
// not the judged module, related information names the import that brings
// the value into it.
func (c *Context) anchor(b *evaluator.Binding, s evaluator.Span) (Location, []Related) {
	path := c.Module.Path
	if s.File == "" {
		s = evaluator.Span{File: path}
	}
	loc := Location{Path: s.File, Start: s.Start, End: s.End}
	if s.File == path || b == nil {
		return loc, nil
	}
	return loc, []Related{c.throughRoot(b.Name, b.Import)}
}

// throughRoot is the related information that names the judged production
// module a value reaches production through: the import that brings it in,
// else the module's first line.
func (c *Context) throughRoot(setting string, imp evaluator.Span) Related {
	m := c.Module
	if !imp.Valid() || imp.File != m.Path {
		imp = evaluator.Span{File: m.Path, Start: 0, End: textpos.LineEnd(m.Text, 0)}
	}
	return Related{Location: Location{Path: m.Path, Start: imp.Start, End: imp.End},
		Message: fmt.Sprintf("%s reaches production through this module", setting)}
}

// Missing reports a setting that is absent (or unsafe only by Django's
// default): once per module, on MIDDLEWARE, else DEBUG, else line 1.
func (c *Context) Missing(setting, djangoCheck, msg string) {
	c.report(c.missingAnchor(), nil, setting, djangoCheck, msg)
	// Marked, so an editor can keep it while the module has a syntax error
	// (the rule is silent then: the broken part may define the setting).
	(*c.findings)[len(*c.findings)-1].Absence = true
}

// missingAnchor is where a missing-setting finding sits: MIDDLEWARE or DEBUG
// when the module sets them, else a django-configurations class name, else
// line 1.
func (c *Context) missingAnchor() Location {
	m := c.Module
	for _, name := range []string{"MIDDLEWARE", "DEBUG"} {
		if b := m.Setting(name); b != nil && !b.Inherited() && b.Target().File == m.Path {
			return Location{Path: m.Path, Start: b.Target().Start, End: b.Target().End}
		}
	}
	if m.ClassSpan.Valid() { // a django-configurations class: on its name
		return Location{Path: m.ClassSpan.File, Start: m.ClassSpan.Start, End: m.ClassSpan.End}
	}
	return Location{Path: m.Path, Start: 0, End: textpos.LineEnd(m.Text, 0)}
}

// overrideNote says when an optional override module that production does
// not have (`try: from .local_settings import *`) could change a setting:
// the module was imported after the setting got its value, so a developer
// may believe the override fixes it.
func (c *Context) overrideNote(setting string) string {
	m := c.Module
	if m == nil || setting == "" || !slices.Contains(c.Production, m) {
		return "" // a development module is not judged as production
	}
	if p, ok := m.AbsentOverrides[setting]; ok {
		// split-settings' optional(): the skipped file is read, so the note
		// names only what it would set.
		return fmt.Sprintf("The optional %s could set it, but production does not have that file", filepath.Base(p))
	}
	b := m.Setting(setting)
	for _, o := range m.OptionalImports {
		if b != nil && assignedAfter(b, o.Span, m.Path) {
			continue
		}
		return fmt.Sprintf("The optional %s import could override it, but production does not have that module", o.Module)
	}
	return ""
}

// assignedAfter reports whether b was assigned after the statement at imp:
// later in the same file, or in the judged module when imp came in from a
// module it imports.
func assignedAfter(b *evaluator.Binding, imp evaluator.Span, judged string) bool {
	if b.Stmt().File == imp.File {
		return b.Stmt().Start > imp.Start
	}
	return b.Stmt().File == judged && !b.Inherited()
}

// ReportFile reports on a byte range of a project file.
func (c *Context) ReportFile(path string, start, end int, setting, msg string) {
	c.report(Location{Path: path, Start: start, End: end}, nil, setting, "-", msg)
}

// Absent reports whether a setting is surely not set (so Django's default
// applies): not bound, and no dynamic write or unresolved import could set it.
func (c *Context) Absent(name string) bool { return !c.Module.MaybeSet(name) }

// Explain describes where a value comes from, for messages:
// "env DEBUG is unset, so default='True' applies". A default that holds a
// secret (a secret-named variable, a key-like literal, a URL password) is
// shown redacted.
func (c *Context) Explain(v *evaluator.Value) string { return c.explain(v, false) }

// ExplainSecret is Explain for a value the rule knows is a secret
// (SECRET_KEY, a password): its default is always redacted.
func (c *Context) ExplainSecret(v *evaluator.Value) string { return c.explain(v, true) }

func (c *Context) explain(v *evaluator.Value, secret bool) string {
	if v == nil || v.Env == nil {
		return ""
	}
	e := v.Env
	secret = secret || (e.Var != "" && IsSecretName(e.Var))
	switch {
	case e.HasDefault && e.Var != "":
		d := c.defaultText(e, secret)
		if !strings.HasPrefix(d, "default=") {
			d = "default " + d
		}
		if set := ManifestSets(c.Project, e.Var); set != "" {
			// The default still applies wherever the manifest does not run.
			return fmt.Sprintf(" (%s: %s; where it is unset, %s applies)", e.Var, set, d)
		}
		return fmt.Sprintf(" (%s is unset in production, so %s applies)", e.Var, d)
	case e.HasDefault:
		return fmt.Sprintf(" (the fallback %s applies)", c.defaultText(e, secret))
	}
	return ""
}

// defaultText is an env read's default as written, redacted and shortened
// for messages.
func (c *Context) defaultText(e *evaluator.EnvRead, secret bool) string {
	if e.DefaultText != "" {
		return shorten(RedactSource(e.DefaultText, secret))
	}
	return shorten(RedactSource(c.sourceText(e.Default), secret))
}

// sourceText returns the text of a span.
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
	if text == nil && c.FileText != nil && s.File != "" {
		text = c.FileText(s.File)
	}
	if text == nil || s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return "value"
	}
	return string(text[s.Start:s.End])
}

// shorten puts source text on one line, at most 60 bytes long.
func shorten(t string) string {
	t = strings.Join(strings.Fields(t), " ")
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
