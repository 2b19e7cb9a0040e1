// Package evaluator turns a settings module into a model of what each
// setting is in the production world: every environment variable the file
// does not require is unset (each env read takes its default), DEBUG is
// taken as false where other settings derive from it, and a variable that
// names the environment names production. Nothing is executed: the module's
// syntax tree is interpreted, and whatever cannot be known stays Unknown.
package evaluator

import (
	"cmp"
	"context"

	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/treesitter"
)

// Binding is one name's final value in a module.
type Binding struct {
	Name  string
	Value *Value
	File  string // module that assigned it
	// The assignment statement, the assigned name (for a star-imported
	// name: the name in the module that assigned it) and the right-hand
	// side of the assignment, in spanFile (Stmt, Target and RHS return
	// them): offsets, not Spans, since an open module keeps a binding for
	// every name it assigns (TestBindingSize).
	spanFile          string
	stmt, target, rhs offsets
	Conditional       bool // assigned under a condition the evaluator could not decide
	// constSetting caches isSettingName(Name) for a reusable constant
	// (see constWork), which its reuse needs for Order.
	constSetting bool
	// constSlot is the constant's slot in its module's name index, so
	// that a reuse binds it without looking its name up (Namespace.setAt).
	constSlot int32
	Import    Span   // the star import in this module that brought the name in, when inherited
	Mutations []Span // later `+=`, `.append(...)`, `X[k] = v` statements
	// constWork is set on the binding of a top-level constant assignment:
	// the work it cost, for EvaluateIncremental to charge when reusing it.
	// constSelf points to the binding itself: a copy (a mutation, a star
	// import) carries the original's address, so it is never reused.
	constWork int64
	constSelf *Binding
}

// offsets is a Span's bytes without its file; end < 0 is no span.
type offsets struct{ start, end int32 }

func offsetsOf(s Span) offsets {
	if s == (Span{}) {
		return offsets{0, -1}
	}
	return offsets{int32(s.Start), int32(s.End)}
}

func (o offsets) in(file string) Span {
	if o.end < 0 {
		return Span{}
	}
	return Span{File: file, Start: int(o.start), End: int(o.end)}
}

// Stmt is the assignment statement.
func (b *Binding) Stmt() Span { return b.stmt.in(b.spanFile) }

// Target is the assigned name (for a star-imported name: the name in the
// module that assigned it).
func (b *Binding) Target() Span { return b.target.in(b.spanFile) }

// RHS is the right-hand side of the assignment.
func (b *Binding) RHS() Span { return b.rhs.in(b.spanFile) }

// setSpans records the statement, name and right-hand side of the
// assignment, all in one file.
func (b *Binding) setSpans(stmt, target, rhs Span) {
	b.spanFile = cmp.Or(stmt.File, target.File, rhs.File)
	b.stmt, b.target, b.rhs = offsetsOf(stmt), offsetsOf(target), offsetsOf(rhs)
}

// Inherited reports whether the binding came in through a star import.
func (b *Binding) Inherited() bool { return b.Import.Valid() }

// OptionalImport is a star import of an override module that is absent in
// production.
type OptionalImport struct {
	Span   Span
	Module string // as written: ".local_settings"
}

// Misuse is an env-library call the library would reject at start-up (DJS702).
type Misuse struct {
	Span Span
	// Message is the finding's headline, then on the next line its detail.
	Message string
}

// Module is the evaluated model of one settings module.
type Module struct {
	Path  string
	Text  []byte
	Names *Namespace // the module namespace at the end of the file
	// Order lists upper-case setting names in the order first assigned.
	Order []string
	// Dynamic is where the module writes globals the evaluator cannot follow
	// (globals()[k] = v, exec, vars().update(d) of a dict whose keys are not
	// known, globals() passed to a call): settings not assigned after it are
	// unknown, not missing, and those bound before it were made unknown
	// there (globalsupdate.go).
	Dynamic *Span
	// Unresolved lists star imports of modules outside the workspace: names
	// they could define are unknown, not missing.
	Unresolved []Span
	// OptionalImports are star imports of override modules production does
	// not have (untracked or development-named, under try or a condition):
	// they did not run, but they could change what was assigned before them.
	OptionalImports []OptionalImport
	// ExtendsDevelopment is set when the module star-imports a development
	// module unconditionally (docker.py: `from .dev import *`).
	ExtendsDevelopment bool
	StarImports        []*Module
	EnvReads           []*EnvRead
	Misuses            []Misuse
	// DebugBranches are `if DEBUG:` blocks skipped because DEBUG is taken as
	// false; they go live when DEBUG is really on.
	DebugBranches []Span
	// UsesDotEnv is set when the module loads a .env file.
	UsesDotEnv bool
	// SyntaxErrors counts ERROR/MISSING nodes at statement level.
	SyntaxErrors int
	// Truncated is set when the evaluation stopped at a bound (WorkBudget,
	// or an import chain too deep to follow): settings it does not list may
	// be set, and those it lists may be unknown.
	Truncated bool
	// TruncatedAt is the statement where the evaluation spent its
	// WorkBudget (not set when the truncation came in through an import).
	TruncatedAt Span
	// Work is the part of WorkBudget the evaluation spent.
	Work int64
	// memo caches answers worked out from the finished module (remember).
	memo *moduleMemo
	// doc is the module's document (see Root and Stmts).
	doc *treesitter.Document
	// stmts are Root's children and consts.At(i) the binding of stmts[i]
	// when it is a constant assignment the next EvaluateIncremental may
	// reuse; the versions of a module share consts' untouched chunks.
	stmts  stmtList
	consts pvec.Vec[*Binding]
	// effects.At(i) records what stmts[i] read and did, when the next
	// EvaluateIncremental may replay it instead (effects.go).
	effects pvec.Vec[*stmtEffects]

	// Includes lists the files django-split-settings' include() ran in
	// this module's namespace, and those an environment-name pattern names
	// for other environments (splitsettings.go): fragments, judged only
	// through it.
	Includes []string
	// AbsentOverrides maps a setting to an optional file that would assign
	// it but that production does not have (a development-named
	// optional() include): findings on the setting say so.
	AbsentOverrides map[string]string

	// Classes are the django-configurations classes the module defines
	// (configurations.go); View makes each a settings module of its own.
	Classes []*ConfigClass
	// Class names the class a view judges ("" for a module), and
	// ClassSpan is its name in the class statement.
	Class     string
	ClassSpan Span
	class     *ConfigClass
	// unreadClasses are classes with a base the evaluator cannot follow.
	unreadClasses []*ConfigClass
}

// Setting returns the binding of an upper-case setting, or nil.
func (m *Module) Setting(name string) *Binding {
	if m == nil {
		return nil
	}
	return m.Names.Get(name)
}

// MaybeSet reports whether a setting may be defined even though it is not
// bound: after a dynamic write or an unresolved star import.
func (m *Module) MaybeSet(name string) bool {
	if m.Names.Has(name) {
		return true
	}
	// A syntax error may hide an assignment: what did not parse is unknown.
	return m.Dynamic != nil || len(m.Unresolved) > 0 || m.SyntaxErrors > 0 || m.Truncated
}

// Importer resolves the modules a settings module imports from. The engine
// implements it over the workspace, evaluating each module once.
type Importer interface {
	// Import returns the evaluated module for `from <dots><name> import ...`
	// written in the module at fromPath; ok is false when it is not part of
	// the workspace. dev reports a development-only module (local.py),
	// which never runs in production.
	Import(fromPath string, level int, name string) (m *Module, dev bool, ok bool)
}

// Evaluate interprets the module at path. imp may be nil.
func Evaluate(path string, doc *treesitter.Document, imp Importer) *Module {
	m, _ := EvaluateContext(context.Background(), path, doc, imp)
	return m
}

// EvaluateContext is Evaluate that stops once ctx is done (checked between
// statements, nested blocks included): it then returns ctx's error and a
// partial module, which the caller must throw away.
func EvaluateContext(ctx context.Context, path string, doc *treesitter.Document, imp Importer) (*Module, error) {
	return evaluate(ctx, path, doc, imp, nil)
}

func evaluate(ctx context.Context, path string, doc *treesitter.Document, imp Importer, r *reuse) (*Module, error) {
	names := NewNamespace()
	if r != nil && r.prev.Names != nil {
		names = r.prev.Names.emptied()
	}
	m := &Module{Path: path, Text: doc.Text, doc: doc, Names: names}
	m.stmts = doc.Stmts()
	ev := &evaluator{ctx: ctx, m: m, src: source{path, doc.Text}, imp: imp, scope: &scope{vars: names}, envWrites: map[string]*Value{}, reuse: r}
	ev.consts = r.constSlots(m.stmts.Len())
	ev.effects = r.effectSlots(m.stmts.Len())
	ev.topLevel(m.stmts)
	m.consts = ev.consts.Vec()
	m.effects = ev.effects.Vec()
	m.Names = ev.scope.vars
	m.Names.seal()
	if len(m.Order) == 0 {
		m.Order = nil // as a full evaluation leaves it
	}
	m.Work = ev.work
	m.remember()
	if ev.stopped {
		return m, ctx.Err()
	}
	return m, nil
}
