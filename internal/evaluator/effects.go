package evaluator

import (
	"slices"
	"strings"
	"unsafe"

	"github.com/djls-dev/djls/internal/treesitter"
)

// Reusing top-level statements that are not constants (incremental.go):
// `import os`, `SECRET_KEY = os.environ["SECRET_KEY"]`,
// `DEBUG = env.bool("DEBUG", default=False)`, `URL = BASE + "/x"`.
//
// When such a statement runs, the evaluator records what it read and what
// it did (stmtEffects): each module name it looked up with the Binding it
// found (or whether a name was bound, for a name it assigns), each
// os.environ entry the module set that it read, the work it charged, and
// its effects: the names it bound (their final Bindings), the settings it
// added to Order, the env reads and misuses it listed, the os.environ
// entries it set, UsesDotEnv. The next version may replay the record
// instead of running the statement when the statement's node is the very
// node the record was made for (same bytes at the same offsets), every
// name it read is bound to the very Binding it found then, and every
// os.environ entry it read holds the very value it held then. Nothing
// else reaches a recorded statement: the environment model is fixed, the
// module's path is the same (newReuse), and anything that could read more
// (the Importer, a helper call, include(), globals(), a mutation of an
// earlier binding, a conditional) makes the statement unrecordable: it
// runs again every time.
//
// Recorded values are detached from the version's text (their strings
// are copies), as reused constants are: a record lives on in later
// versions and must not keep an old text alive.

// stmtEffects is what one top-level statement read and did.
type stmtEffects struct {
	start, end int32 // the statement's bytes
	reads      []nameRead
	envReads   []envWriteRead
	work       int64

	writes     []nameWrite // the names bound, in first-write order, with their final binding
	order      []string    // Order entries added, the name index's copies
	listed     []*EnvRead  // Module.EnvReads added
	misuses    []Misuse
	envWrites  []envWriteRead // os.environ entries set, with their final value
	usesDotEnv bool
}

// nameRead is one lookup of a module name: the binding found, or for a
// presence check (is the name bound yet?) only whether one was.
type nameRead struct {
	name     string
	b        *Binding
	presence bool
}

type nameWrite struct {
	name string
	b    *Binding
}

// envWriteRead is an os.environ entry the module set (read or written):
// its value, and whether there was one.
type envWriteRead struct {
	key string
	v   *Value
	ok  bool
}

// effectLog collects what the statement being recorded reads and writes;
// the module namespace and the evaluator write to it while it is set.
type effectLog struct {
	reads    []nameRead
	writes   []string
	envReads []envWriteRead
	envSet   []string
	tainted  bool // the statement did something a record cannot replay
}

func (l *effectLog) read(name string, b *Binding) {
	l.reads = append(l.reads, nameRead{name: name, b: b})
}

func (l *effectLog) presence(name string, bound bool) {
	var b *Binding
	if bound {
		b = &presentMark
	}
	l.reads = append(l.reads, nameRead{name: name, b: b, presence: true})
}

// presentMark stands for "some binding" in a presence read.
var presentMark Binding

// untraceable marks the statement being recorded, if any, as one that
// must run again every time.
func (ev *evaluator) untraceable() {
	if ev.log != nil {
		ev.log.tainted = true
	}
}

// envWrite returns the os.environ entry the module set for key.
func (ev *evaluator) envWrite(key string) (*Value, bool) {
	v, ok := ev.envWrites[key]
	if ev.log != nil {
		ev.log.envReads = append(ev.log.envReads, envWriteRead{key: key, v: v, ok: ok})
	}
	return v, ok
}

// setEnvWrite sets the os.environ entry key.
func (ev *evaluator) setEnvWrite(key string, v *Value) {
	ev.envWrites[key] = v
	if ev.log != nil {
		ev.log.envSet = append(ev.log.envSet, key)
	}
}

// literalText returns s, a string of the module's text that a value
// keeps; while a statement is recorded for reuse, a copy in the statement's buffer
// of literals instead, so that its record does not keep the text alive
// (one allocation a statement, not a copy of each value afterwards).
func (ev *evaluator) literalText(s string) string {
	if ev.log == nil || ev.reuse == nil || !pointsInto(s, ev.src.text) {
		return s
	}
	if ev.literals == nil {
		ev.literals = make([]byte, 0, ev.literalsCap)
	}
	if len(ev.literals)+len(s) > cap(ev.literals) {
		return s // too long for the buffer: the detacher copies it
	}
	start := len(ev.literals)
	ev.literals = append(ev.literals, s...)
	return unsafe.String(&ev.literals[start], len(s))
}

// pointsInto reports whether s is a slice of text.
func pointsInto(s string, text []byte) bool {
	if len(s) == 0 || len(text) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	start := uintptr(unsafe.Pointer(&text[0]))
	return p >= start && p < start+uintptr(len(text))
}

// recordable reports a top-level statement whose effects may be recorded:
// an expression statement or an import, without syntax errors, that is
// not a constant assignment (those are reused by their binding).
func (ev *evaluator) recordable(i int, n *treesitter.Node) bool {
	switch n.Type() {
	case "expression_statement", "import_statement", "import_from_statement":
	default:
		return false
	}
	return ev.moduleStatement(i, n) && !n.HasError() && !ev.spent() && ev.log == nil &&
		constAssignmentTarget(n, ev.src.text) == nil
}

// moduleState is what a statement may change that a record does not
// replay: a record is made only when the statement left it alone.
type moduleState struct {
	starImports, unresolved, optional, debugBranches, includes, overrides, classes, unread int
	dynamic                                                                                *Span
	truncated, extendsDev, raised, stopped                                                 bool
	truncatedAt                                                                            Span
	syntaxErrors, calls, helperReads, seenReads, includeDepth, conditional, tryDepth       int
	scope                                                                                  *scope
	vars, names                                                                            *Namespace
	src                                                                                    string
	path                                                                                   string
}

func (ev *evaluator) state() moduleState {
	m := ev.m
	return moduleState{
		len(m.StarImports), len(m.Unresolved), len(m.OptionalImports), len(m.DebugBranches), len(m.Includes),
		len(m.AbsentOverrides), len(m.Classes), len(m.unreadClasses),
		m.Dynamic, m.Truncated, m.ExtendsDevelopment, ev.raised, ev.stopped, m.TruncatedAt,
		m.SyntaxErrors, ev.calls, len(ev.helperReads), len(ev.seenReads), ev.includeDepth, ev.conditional, ev.tryDepth,
		ev.scope, ev.scope.vars, m.Names, ev.src.path, m.Path,
	}
}

// recordStmt runs top-level statement n (the i-th) and records its
// effects in ev.effects when it may.
func (ev *evaluator) recordStmt(i int, n *treesitter.Node) {
	log := &ev.scratch
	*log = effectLog{reads: log.reads[:0], writes: log.writes[:0], envReads: log.envReads[:0], envSet: log.envSet[:0]}
	before := ev.state()
	work, order, listed, misuses, dotEnv := ev.work, len(ev.m.Order), len(ev.m.EnvReads), len(ev.m.Misuses), ev.m.UsesDotEnv
	vars := ev.scope.vars
	ev.log, vars.log = log, log
	ev.literalsCap = int(n.EndByte - n.StartByte)
	ev.stmt(n)
	ev.log, vars.log, ev.literals = nil, nil, nil
	// A value is paid for when it is first measured (fits): measure what
	// the statement leaves now, so that a later statement reading it pays
	// the same whether this one ran or was replayed (a replayed value was
	// measured when recorded).
	for _, name := range log.writes {
		if b := vars.get(name); b != nil {
			size(b.Value)
		}
	}
	for _, key := range log.envSet {
		size(ev.envWrites[key])
	}
	if log.tainted || ev.state() != before || ev.spent() || dotEnv && !ev.m.UsesDotEnv {
		return
	}
	if ev.reuse == nil {
		// A first evaluation of this module (the CLI's only one): no record
		// until it is evaluated again, which is when a language server
		// edits it; the value was measured above either way.
		return
	}
	e := &stmtEffects{start: int32(n.StartByte), end: int32(n.EndByte), work: ev.work - work, usesDotEnv: ev.m.UsesDotEnv && !dotEnv}
	d := detacher{text: ev.src.text}
	e.reads = slices.Clone(log.reads) // the log's slices are the next statement's
	for k := range e.reads {
		e.reads[k].name = d.name(vars, e.reads[k].name)
	}
	e.envReads = slices.Clone(log.envReads)
	for k := range e.envReads {
		e.envReads[k].key = d.str(e.envReads[k].key) // the values read were set before: not this statement's
	}
	for k, name := range log.writes {
		if !contains(log.writes[:k], name) {
			b := d.binding(vars.Get(name))
			e.writes = append(e.writes, nameWrite{d.name(vars, name), b})
		}
	}
	for k, key := range log.envSet {
		if !contains(log.envSet[:k], key) {
			e.envWrites = append(e.envWrites, envWriteRead{key: d.str(key), v: d.value(ev.envWrites[key]), ok: true})
		}
	}
	if len(ev.m.Order) > order {
		e.order = slices.Clone(ev.m.Order[order:]) // not the module's array: it grows
	}
	if len(ev.m.EnvReads) > listed {
		e.listed = make([]*EnvRead, 0, len(ev.m.EnvReads)-listed)
	}
	for _, r := range ev.m.EnvReads[listed:] {
		e.listed = append(e.listed, d.read(r))
	}
	if len(ev.m.Misuses) > misuses {
		e.misuses = slices.Clone(ev.m.Misuses[misuses:])
	}
	for k := range e.misuses {
		e.misuses[k].Message = d.str(e.misuses[k].Message)
	}
	if d.failed {
		return
	}
	// From here on the module holds the detached copies.
	for _, w := range e.writes {
		if vars.Get(w.name) != w.b {
			vars.set(w.name, w.b)
		}
	}
	for _, w := range e.envWrites {
		ev.envWrites[w.key] = w.v
	}
	copy(ev.m.EnvReads[listed:], e.listed)
	copy(ev.m.Misuses[misuses:], e.misuses)
	ev.effects.Set(i, e)
}

// replayEffects applies prev's record of top-level statement n (the i-th
// of count) when its inputs are unchanged, and reports whether it did.
func (ev *evaluator) replayEffects(i, count int, n *treesitter.Node) bool {
	r := ev.reuse
	if r == nil || r.prev.effects.Len() == 0 || !ev.moduleStatement(i, n) {
		return false
	}
	j := r.sharedStatement(i, count, n)
	if j < 0 || j >= r.prev.effects.Len() {
		return false
	}
	e := r.prev.effects.At(j)
	if e == nil || e.start != int32(n.StartByte) || e.end != int32(n.EndByte) || ev.work+e.work > WorkBudget || ev.spent() {
		return false
	}
	vars := ev.scope.vars
	for _, rd := range e.reads {
		b := vars.Get(rd.name)
		if rd.presence && (b != nil) != (rd.b != nil) || !rd.presence && b != rd.b {
			return false
		}
	}
	for _, rd := range e.envReads {
		if v, ok := ev.envWrites[rd.key]; v != rd.v || ok != rd.ok {
			return false
		}
	}
	ev.at = ev.span(n)
	ev.work += e.work
	for _, w := range e.writes {
		vars.set(w.name, w.b)
	}
	for _, name := range e.order {
		ev.addOrder(name)
	}
	for _, w := range e.envWrites {
		ev.envWrites[w.key] = w.v
	}
	ev.m.EnvReads = append(ev.m.EnvReads, e.listed...)
	ev.m.Misuses = append(ev.m.Misuses, e.misuses...)
	ev.m.UsesDotEnv = ev.m.UsesDotEnv || e.usesDotEnv
	ev.effects.Set(i, e)
	r.replayed++
	return true
}

// detacher copies what a record keeps that points into the text of the
// version that made it. failed is set for a value it cannot copy (library
// state other than an environ schema) or one too large to walk.
type detacher struct {
	text   []byte
	reads  map[*EnvRead]*EnvRead
	walked int // values walked: a value shared twice is walked (and copied) twice
	failed bool
}

// detachWalkLimit bounds the values a record copies or checks.
const detachWalkLimit = 4096

func (d *detacher) inText(s string) bool { return pointsInto(s, d.text) }

func (d *detacher) str(s string) string {
	if d.inText(s) {
		return strings.Clone(s)
	}
	return s
}

// name returns the name index's copy of name, else a detached one.
func (d *detacher) name(vars *Namespace, name string) string {
	if slot := vars.slotOf(name); slot >= 0 {
		return vars.index.names[slot]
	}
	return d.str(name)
}

func (d *detacher) binding(b *Binding) *Binding {
	if b == nil {
		return nil
	}
	v := d.value(b.Value)
	if v == b.Value && !d.inText(b.Name) && !d.inText(b.File) && !d.inText(b.spanFile) {
		return b
	}
	c := *b
	c.Value, c.Name, c.File, c.spanFile = v, d.str(b.Name), d.str(b.File), d.str(b.spanFile)
	return &c
}

func (d *detacher) read(r *EnvRead) *EnvRead {
	if r == nil {
		return nil
	}
	if c, ok := d.reads[r]; ok {
		return c
	}
	if !d.inText(r.Var) && !d.inText(r.Library) && !d.inText(r.DefaultText) && !d.inText(r.Cast) {
		return r
	}
	c := &EnvRead{}
	*c = *r
	c.Var, c.Library, c.DefaultText, c.Cast = d.str(r.Var), d.str(r.Library), d.str(r.DefaultText), d.str(r.Cast)
	if d.reads == nil {
		d.reads = map[*EnvRead]*EnvRead{}
	}
	d.reads[r] = c // the module's list and the values share the copy
	return c
}

// value returns v, or a copy of it whose strings do not point into the
// text.
func (d *detacher) value(v *Value) *Value {
	if v == nil || v == unknownValue || d.failed {
		return v
	}
	if d.walked++; d.walked > detachWalkLimit {
		d.failed = true
		return v
	}
	c := *v
	changed := false
	if d.inText(v.Str) {
		c.Str, changed = strings.Clone(v.Str), true
	}
	if v.Env != nil {
		if r := d.read(v.Env); r != v.Env {
			c.Env, changed = r, true
		}
	}
	if v.more != nil {
		m, moreChanged := *v.more, false
		if d.inText(m.note) {
			m.note, moreChanged = strings.Clone(m.note), true
		}
		switch p := m.payload.(type) {
		case nil:
		case map[string]*Value: // an environ.Env schema
			var cp map[string]*Value
			for k, x := range p {
				if y := d.value(x); y != x || d.inText(k) {
					if cp == nil {
						cp = make(map[string]*Value, len(p))
						for k2, x2 := range p {
							cp[k2] = x2
						}
					}
					delete(cp, k)
					cp[d.str(k)] = y
				}
			}
			if cp != nil {
				m.payload, moreChanged = cp, true
			}
		default:
			d.failed = true
			return v
		}
		if moreChanged {
			c.more, changed = new(valueMore), true // only a changed one: &m would put every m on the heap
			*c.more = m
		}
	}
	if items := d.values_(v.Items); items != nil {
		c.Items, changed = items, true
	}
	if keys := d.values_(v.Keys); keys != nil {
		c.Keys, changed = keys, true
	}
	if changed {
		out := new(Value) // only a changed one: &c would put every c on the heap
		*out = c
		return out
	}
	return v
}

// values_ returns a copy of vs with its values detached, or nil when none
// changed.
func (d *detacher) values_(vs []*Value) []*Value {
	var out []*Value
	for k, x := range vs {
		if y := d.value(x); y != x && out == nil {
			out = append(make([]*Value, 0, len(vs)), vs[:k]...)
			out = append(out, y)
		} else if out != nil {
			out = append(out, y)
		}
	}
	return out
}
