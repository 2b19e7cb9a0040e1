package evaluator

import (
	"context"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/treesitter"
)

// scope is a namespace: the module's, or a helper function's locals.
type scope struct {
	vars   *Namespace
	parent *scope
	// params says where a helper's parameters got their values (a helper's
	// scope only).
	params map[string]argSource
}

func (s *scope) lookup(name string) (*Binding, bool) {
	for c := s; c != nil; c = c.parent {
		if b := c.vars.Get(name); b != nil {
			return b, true
		}
	}
	return nil, false
}

type evaluator struct {
	m *Module
	// src is the file whose syntax is being interpreted: the module's, or
	// while a helper defined in an imported module runs, that module's.
	src   source
	imp   Importer
	scope *scope
	// envWrites holds os.environ writes and setdefault calls made by the
	// module, which later reads see.
	envWrites map[string]*Value
	// tryDepth > 0 while inside a try body; raised is set when an expression
	// would raise there in the production world.
	tryDepth int
	raised   bool
	// conditional > 0 while inside a branch whose condition is unknown.
	conditional int
	calls       int // helper-call depth guard
	// helperReads are the env reads made by the running helper calls
	// (functions.go); seenReads keeps a helper that runs many times from
	// listing the same read in Module.EnvReads each time.
	helperReads []*EnvRead
	seenReads   map[envReadKey]bool
	// work is the part of WorkBudget spent (bounds.go); at is the
	// module-level statement being evaluated.
	work int64
	at   Span

	// ctx is checked every cancelEvery statements; stopped is set once it
	// is done, and every block then returns.
	ctx     context.Context
	stopped bool
	steps   int

	// including lists the files whose include() is running (splitsettings.go).
	including    []string
	includeDepth int

	// reuse is the previous evaluation EvaluateIncremental may take
	// constant assignments from (incremental.go); nil for a full one.
	reuse *reuse
	// consts builds Module.consts (incremental.go).
	consts *pvec.Builder[*Binding]
	// effects builds Module.effects, and log collects what the statement
	// being recorded reads and writes (effects.go).
	effects *pvec.Builder[*stmtEffects]
	log     *effectLog
	// literals holds the copies of the literal text a recorded statement
	// keeps (literalText), sized for the statement.
	literals    []byte
	literalsCap int
	scratch     effectLog // the log's slices, reused from statement to statement
}

// cancelEvery is how many statements run between two looks at the context
// (a look costs about as much as a simple statement).
const cancelEvery = 16

func (ev *evaluator) span(n *treesitter.Node) Span {
	if n == nil {
		return Span{}
	}
	return Span{File: ev.src.path, Start: int(n.StartByte), End: int(n.EndByte)}
}

// text returns n's source text without copying it: a module's text is never
// written after parsing (each edit makes a new buffer), and names and
// literals are read for every statement on every keystroke.
func (ev *evaluator) text(n *treesitter.Node) string {
	if n == nil || int(n.EndByte) > len(ev.src.text) || n.StartByte >= n.EndByte {
		return ""
	}
	return unsafe.String(&ev.src.text[n.StartByte], int(n.EndByte-n.StartByte))
}

// block runs statements in order; it stops early when an expression raised
// inside a try body.
func (ev *evaluator) block(stmts []*treesitter.Node) {
	for i, s := range stmts {
		if !ev.blockStmt(i, len(stmts), s) {
			return
		}
	}
}

// blockStmt runs s, the i-th of a block's count statements, and reports
// whether the block goes on.
func (ev *evaluator) blockStmt(i, count int, s *treesitter.Node) bool {
	if ev.raised || ev.stopped {
		return false
	}
	if ev.steps++; ev.steps%cancelEvery == 0 && ev.ctx.Err() != nil {
		ev.stopped = true
		return false
	}
	if ev.replay(i, count, s) || ev.replayEffects(i, count, s) {
		return true
	}
	before := ev.work
	if ev.recordable(i, s) {
		ev.recordStmt(i, s)
	} else {
		ev.stmt(s)
	}
	ev.noteConstant(i, s, before)
	return true
}

func (ev *evaluator) stmt(n *treesitter.Node) {
	if ev.scope.parent == nil {
		ev.at = ev.span(n)
	}
	ev.charge(1)
	if n.Type() != "ERROR" && ev.scope.parent == nil && n.HasError() {
		ev.m.SyntaxErrors++
	}
	switch n.Type() {
	case "expression_statement":
		for _, c := range n.NamedChildren() {
			ev.exprStatement(n, c)
		}
	case "if_statement":
		ev.ifStatement(n)
	case "try_statement":
		ev.tryStatement(n)
	case "with_statement":
		ev.withStatement(n)
	case "for_statement", "while_statement":
		ev.loop(n)
	case "import_statement", "import_from_statement", "future_import_statement":
		ev.importStatement(n)
	case "function_definition":
		ev.defineFunction(n)
	case "decorated_definition":
		if d := n.ChildByField("definition"); d != nil && d.Type() == "function_definition" {
			ev.defineFunction(d)
		} else if d != nil && d.Type() == "class_definition" {
			ev.defineClass(d)
		}
	case "class_definition":
		ev.defineClass(n)
	case "block":
		ev.block(n.Children)
	case "ERROR":
		ev.m.SyntaxErrors++
		// Error recovery may wrap good statements in an ERROR node: keep
		// those that parsed whole.
		for _, c := range n.Children {
			if isStatement(c.Type()) && !c.HasError() {
				ev.stmt(c)
			}
		}
	}
}

func isStatement(t string) bool {
	switch t {
	case "expression_statement", "if_statement", "try_statement", "with_statement", "for_statement",
		"import_statement", "import_from_statement", "function_definition":
		return true
	}
	return false
}

// exprStatement handles one expression of an expression statement.
func (ev *evaluator) exprStatement(stmt, n *treesitter.Node) {
	switch n.Type() {
	case "assignment":
		ev.assignment(stmt, n)
	case "augmented_assignment":
		ev.augmented(stmt, n)
	case "call":
		ev.callStatement(stmt, n)
	default:
		ev.expr(n)
	}
}

// assignment binds `left = right` (also `left: T = right` and chains).
func (ev *evaluator) assignment(stmt, n *treesitter.Node) {
	right := n.ChildByField("right")
	if right == nil {
		return // a bare annotation binds nothing
	}
	var v *Value
	valueNode := right
	if right.Type() == "assignment" {
		ev.assignment(stmt, right) // a = b = value: bind b first
		for valueNode.Type() == "assignment" && valueNode.ChildByField("right") != nil {
			valueNode = valueNode.ChildByField("right")
		}
	}
	v = ev.expr(valueNode)
	ev.assignTo(stmt, n.ChildByField("left"), valueNode, v)
}

func (ev *evaluator) assignTo(stmt, left, rhs *treesitter.Node, v *Value) {
	if left == nil {
		return
	}
	switch left.Type() {
	case "identifier":
		ev.bind(stmt, left, rhs, ev.text(left), v)
	case "pattern_list", "tuple_pattern", "list_pattern", "expression_list", "tuple", "list":
		targets := left.NamedChildren()
		for i, t := range targets {
			item := unknown()
			if v.IsSequence() && len(v.Items) == len(targets) {
				item = v.Items[i]
			}
			ev.assignTo(stmt, t, rhs, item)
		}
	case "subscript":
		ev.subscriptAssign(stmt, left, v)
	case "attribute":
		// obj.attr = v: not a module name.
	}
}

// bind records name = v in the current scope.
func (ev *evaluator) bind(stmt, target, rhs *treesitter.Node, name string, v *Value) {
	if v == nil {
		v = unknown()
	}
	v = worldConvention(name, ev.fits(v), ev.span(rhs))
	b := &Binding{Name: name, Value: v, File: ev.m.Path, Conditional: ev.conditional > 0}
	b.setSpans(ev.span(stmt), ev.span(target), ev.span(rhs))
	if ev.scope.vars == nil {
		ev.scope.vars = NewNamespace()
	}
	isNew := !ev.scope.vars.Has(name)
	// The name as the index keeps it (a copy, not a slice of the text):
	// the binding and Order share it.
	b.Name = ev.scope.vars.set(name, b)
	if isNew && ev.scope.parent == nil && isSettingName(name) {
		ev.addOrder(b.Name)
	}
}

// isSettingName reports an upper-case module name, which Django reads as a setting.
func isSettingName(name string) bool {
	if name == "" || name[0] == '_' {
		return false
	}
	upper := false
	for i := 0; i < len(name); i++ { // ASCII, the usual case, without decoding
		c := name[i]
		if c >= utf8.RuneSelf {
			return isSettingNameUnicode(name)
		}
		if 'a' <= c && c <= 'z' {
			return false
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	return upper
}

// isSettingNameUnicode is isSettingName for a name with non-ASCII letters:
// none may be lower case in any script.
func isSettingNameUnicode(name string) bool {
	upper := false
	for _, r := range name {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || 'A' <= r && r <= 'Z'
	}
	return upper
}

// mutate replaces a binding's value with a changed copy, remembering where.
func (ev *evaluator) mutate(name string, stmt *treesitter.Node, v *Value) {
	ev.untraceable() // the record would hold the mutated binding's copy
	old, ok := ev.scope.lookup(name)
	if !ok {
		return
	}
	ev.charge(len(old.Mutations))
	nb := *old
	nb.Value = ev.fits(v)
	nb.Mutations = append(append([]Span(nil), old.Mutations...), ev.span(stmt))
	if ev.conditional > 0 {
		nb.Conditional = true
	}
	ev.scope.vars.Set(name, &nb)
}

func (ev *evaluator) augmented(stmt, n *treesitter.Node) {
	left := n.ChildByField("left")
	right := ev.expr(n.ChildByField("right"))
	op := ""
	if o := n.ChildByField("operator"); o != nil {
		op = ev.text(o)
	}
	if left == nil || left.Type() != "identifier" {
		return
	}
	name := ev.text(left)
	b, ok := ev.scope.lookup(name)
	if !ok {
		return
	}
	var v *Value
	switch {
	case op == "+=" && (b.Value.Kind == List || b.Value.Partial == List):
		// list += any iterable extends the list (a tuple too); what is
		// not known keeps the list's members (partial.go).
		v = extendMembers(b.Value, right)
	case op == "+=":
		v = ev.binaryOp("+", b.Value, right, ev.span(stmt))
	case op == "|=":
		v = ev.binaryOp("|", b.Value, right, ev.span(stmt))
	default:
		v = unknown()
	}
	ev.mutate(name, stmt, v)
}

// subscriptAssign handles X[k] = v and X[k1][k2] = v on dict settings, and
// os.environ[K] = v.
func (ev *evaluator) subscriptAssign(stmt, left *treesitter.Node, v *Value) {
	var keys []*Value
	n := left
	for n != nil && n.Type() == "subscript" {
		keys = append([]*Value{ev.expr(n.ChildByField("subscript"))}, keys...)
		n = n.ChildByField("value")
	}
	if n == nil {
		return
	}
	if n.Type() == "call" && isGlobalsCall(ev, n) {
		ev.globalsItem(stmt, left, keys, v)
		return
	}
	base := ev.expr(n)
	if base.Kind == Object && base.Str == "os.environ" && len(keys) == 1 && keys[0].Kind == Str {
		ev.setEnvWrite(keys[0].Str, v)
		return
	}
	if n.Type() != "identifier" {
		return
	}
	name := ev.text(n)
	b, ok := ev.scope.lookup(name)
	if !ok {
		return
	}
	ev.mutate(name, stmt, setPath(b.Value, keys, v))
}

// setPath returns a copy of container with container[k0][k1]... = v.
func setPath(container *Value, keys []*Value, v *Value) *Value {
	if len(keys) == 0 {
		return v
	}
	if container == nil || container.Kind != Dict || keys[0].Kind != Str {
		if container != nil && (container.Kind == List) && keys[0].Kind == Int {
			i := int(keys[0].Int)
			if i < 0 {
				i += len(container.Items)
			}
			if i >= 0 && i < len(container.Items) {
				c := *container
				c.sz = 0
				c.Items = append([]*Value(nil), container.Items...)
				c.Items[i] = setPath(container.Items[i], keys[1:], v)
				return &c
			}
		}
		return container
	}
	c := *container
	c.sz = 0
	c.Keys = append([]*Value(nil), container.Keys...)
	c.Items = append([]*Value(nil), container.Items...)
	for i := len(c.Keys) - 1; i >= 0; i-- {
		if c.Keys[i].Kind == Str && c.Keys[i].Str == keys[0].Str {
			c.Items[i] = setPath(c.Items[i], keys[1:], v)
			return &c
		}
	}
	if len(keys) == 1 {
		c.Keys = append(c.Keys, keys[0])
		c.Items = append(c.Items, v)
	}
	return &c
}

// condBranch is one `if`/`elif` arm.
type condBranch struct{ cond, body *treesitter.Node }

// ifStatement runs the branch the production world takes; when a condition
// is unknown, both ways run and names they disagree on become unknown.
func (ev *evaluator) ifStatement(n *treesitter.Node) {
	ev.ifChain(ifArms(n))
}

func (ev *evaluator) ifChain(branches []condBranch, elseBody *treesitter.Node) {
	for i, br := range branches {
		cond := ev.expr(br.cond)
		truth, ok := cond.Truth()
		if cond.FromDebug && !truth && br.body != nil {
			ev.m.DebugBranches = append(ev.m.DebugBranches, ev.span(br.body))
		}
		if ok {
			if truth {
				ev.runBody(br.body)
				return
			}
			continue
		}
		rest := branches[i+1:]
		ev.maybe(func() { ev.runBody(br.body) }, func() { ev.ifChain(rest, elseBody) })
		return
	}
	ev.runBody(elseBody)
}

func (ev *evaluator) runBody(body *treesitter.Node) {
	if body != nil {
		ev.block(body.Children)
	}
}

// maybe runs two alternatives from the same starting namespace and merges
// them: a name both leave alike keeps its value; otherwise it is unknown
// (but set).
func (ev *evaluator) maybe(a, b func()) {
	ev.untraceable()
	ev.charge(2 * ev.scope.vars.Len())
	start := ev.scope.vars.clone()
	startEnv := cloneEnv(ev.envWrites)
	ev.conditional++
	a()
	afterA := ev.scope.vars
	envA := ev.envWrites
	ev.scope.vars = start.clone()
	ev.envWrites = cloneEnv(startEnv)
	b()
	ev.conditional--
	afterB := ev.scope.vars
	// merged starts as afterB (sharing its index): each name is then set.
	merged := afterB.clone()
	for name, bb := range afterB.All() {
		ba := afterA.Get(name)
		ok := ba != nil
		switch {
		case ok && ba == bb:
			merged.Set(name, bb)
		case ok && ev.sameValue(ba.Value, bb.Value):
			merged.Set(name, bb)
		case ok:
			// What both ways hold stays known (partial.go).
			nb := *bb
			nb.Value = ev.mergeUnknown(ba.Value, bb.Value)
			nb.Conditional = true
			merged.Set(name, &nb)
		default:
			nb := *bb
			nb.Value = unknown()
			nb.Conditional = true
			merged.Set(name, &nb)
		}
	}
	for name, ba := range afterA.All() {
		if !afterB.Has(name) {
			nb := *ba
			nb.Value = unknown()
			nb.Conditional = true
			merged.Set(name, &nb)
		}
	}
	if ev.scope.parent == nil {
		ev.m.Names = merged
	}
	ev.scope.vars = merged
	for k, v := range envA {
		if w, ok := ev.envWrites[k]; !ok || !ev.sameValue(v, w) {
			ev.envWrites[k] = unknown()
		}
	}
}

func (ev *evaluator) sameValue(a, b *Value) bool {
	if a == b {
		return true
	}
	e, ok := ev.eq(a, b)
	return ok && e && a.Kind == b.Kind
}

func cloneEnv(m map[string]*Value) map[string]*Value {
	c := make(map[string]*Value, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// tryStatement runs the try body; when something in it raises in the
// production world (a file that is not there, a required variable read
// under try), the first handler runs instead of the rest of the body.
func (ev *evaluator) tryStatement(n *treesitter.Node) {
	body := n.ChildByField("body")
	c := clausesOf(n)
	handler, elseBody, finallyBody := c.handler, c.elseBody, c.finallyBody
	ev.tryDepth++
	outer := ev.raised
	ev.raised = false
	ev.runBody(body)
	raised := ev.raised
	ev.raised = outer
	ev.tryDepth--
	if raised {
		ev.runBody(handler)
	} else {
		ev.runBody(elseBody)
	}
	ev.runBody(finallyBody)
}

// raise notes that an expression would raise in the production world; it
// matters only inside a try body.
func (ev *evaluator) raise() {
	if ev.tryDepth > 0 {
		ev.raised = true
	}
}

// loop runs a loop body as code that may or may not run; a for loop over a
// short known sequence is unrolled.
func (ev *evaluator) loop(n *treesitter.Node) {
	ev.untraceable()
	body := n.ChildByField("body")
	if n.Type() == "for_statement" {
		right := ev.expr(n.ChildByField("right"))
		left := n.ChildByField("left")
		if right.IsSequence() && len(right.Items) <= 64 && left != nil && !ev.spent() {
			for _, it := range right.Items {
				ev.charge(1)
				ev.assignTo(n, left, n.ChildByField("right"), it)
				ev.runBody(body)
			}
			return
		}
		if left != nil {
			ev.assignTo(n, left, n.ChildByField("right"), unknown())
		}
	}
	ev.maybe(func() { ev.runBody(body) }, func() {})
}

// markDynamic records a write to module globals that cannot be followed.
func (ev *evaluator) markDynamic(n *treesitter.Node) {
	ev.untraceable()
	if ev.m.Dynamic == nil {
		s := ev.span(n)
		ev.m.Dynamic = &s
	}
}

// withStatement evaluates the context expressions first: `with open(path)
// as f:` raises when the file is absent in production, and the body never
// runs (a try around it then takes its handler). The names bound by `as`
// are unknown.
func (ev *evaluator) withStatement(n *treesitter.Node) {
	for _, c := range n.Children {
		if c.Type() != "with_clause" {
			continue
		}
		for _, item := range c.NamedChildren() {
			if item.Type() != "with_item" {
				continue
			}
			value := item.ChildByField("value")
			if value != nil && value.Type() == "as_pattern" {
				if k := value.NamedChildren(); len(k) > 0 {
					ev.expr(k[0]) // the context expression (no field name)
				}
				if alias := value.ChildByField("alias"); alias != nil {
					for _, id := range alias.NamedChildren() {
						if id.Type() == "identifier" {
							ev.bind(n, id, id, ev.text(id), unknown())
						}
					}
				}
			} else if value != nil {
				ev.expr(value)
			}
			if ev.raised {
				return
			}
		}
	}
	if body := n.ChildByField("body"); body != nil {
		ev.block(body.Children)
	}
}

// tryClauses are the parts of a try statement the evaluator runs.
type tryClauses struct {
	handler     *treesitter.Node // the first except (or except*) block
	elseBody    *treesitter.Node
	finallyBody *treesitter.Node
	group       bool // an except* clause is there
}

func clausesOf(n *treesitter.Node) tryClauses {
	var c tryClauses
	block := func(n *treesitter.Node) (b *treesitter.Node) {
		for _, k := range n.Children {
			if k.Type() == "block" {
				b = k
			}
		}
		return b
	}
	for _, k := range n.Children {
		switch k.Type() {
		case "except_clause", "except_group_clause":
			c.group = c.group || k.Type() == "except_group_clause"
			if c.handler == nil {
				c.handler = block(k)
			}
		case "else_clause":
			c.elseBody = k.ChildByField("body")
		case "finally_clause":
			c.finallyBody = block(k)
		}
	}
	return c
}
