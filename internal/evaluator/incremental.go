package evaluator

import (
	"bytes"
	"context"
	"strings"

	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/treesitter"
)

// Incremental evaluation: a keystroke changes a few bytes of a module, and
// most of its top-level statements are constant assignments
// (`APP_NAME = "shop"`, `LANGUAGES = [("en", "English")]`) whose binding
// depends on nothing but their own text and offsets. EvaluateIncremental
// runs the module as Evaluate does, but takes the binding of such a
// statement from the previous evaluation when the statement's bytes, and
// its offsets, did not change. Imports, env reads and other expression
// statements are replayed from a record of what they read and did when
// their inputs did not change either (effects.go). Every other statement
// (conditionals, loops, definitions, project imports, anything under an
// include()) runs again, in order, so what it reads is what a full
// evaluation would give it.
//
// Which statements did not change: the document shares the nodes of the
// statements an edit did not move with the version before it (see
// treesitter.Node), so a statement whose node is the previous version's,
// at the same index from the start or from the end, has the same bytes at
// the same offsets; its binding is found by index, with no lookup by name.
// A version parsed afresh shares nothing: then a statement inside the
// stretch of text before the first changed byte (or, when the length is
// unchanged, after the last) is matched by name.
//
// A reused binding is exactly what evaluating the statement would build:
// its evaluation reads no name, no environment, no importer and writes
// nothing else; the work it spent is kept with it (Binding.constWork) so
// the budget is charged the same; a copy of it (a later mutation, a star
// import) is never taken for it. Its strings do not point into the text
// of the version that built it (detach), so reusing it keeps no old text
// alive. TestIncrementalEqualsFull and FuzzIncrementalEvaluation hold the
// result to a fresh evaluation.

// EvaluateIncremental is EvaluateContext given the previous evaluation of
// the same module (prev may be nil, or of another text).
func EvaluateIncremental(ctx context.Context, path string, doc *treesitter.Document, imp Importer, prev *Module) (*Module, error) {
	return evaluate(ctx, path, doc, imp, newReuse(path, doc.Text, prev))
}

// reuse is what the evaluation may take from prev.
type reuse struct {
	prev *Module
	text []byte // the new version's
	// Statements ending at or before prefixEnd, or starting at or after
	// suffixStart (only when the edit kept the length: offsets there are
	// unchanged), have the same bytes at the same offsets as in prev;
	// found on first need (bounds).
	prefixEnd, suffixStart int
	bounded                bool
	reused                 int // statements whose binding was reused
	replayed               int // statements whose recorded effects were replayed (effects.go)
	slab                   movedSlab
}

func newReuse(path string, text []byte, prev *Module) *reuse {
	if prev == nil || prev.Path != path || prev.Class != "" {
		return nil
	}
	return &reuse{prev: prev, text: text}
}

// bounds finds prefixEnd and suffixStart.
func (r *reuse) bounds() {
	if r.bounded {
		return
	}
	r.bounded = true
	old, text := r.prev.Text, r.text
	p := commonPrefix(old, text)
	r.prefixEnd, r.suffixStart = p, len(text)+1
	if len(old) == len(text) {
		r.suffixStart = len(text) - commonSuffix(old[p:], text[p:])
	}
}

// commonPrefix returns the length of the longest common prefix of a and b,
// comparing a block at a time (bytes.Equal is vectorised) before bytes.
func commonPrefix(a, b []byte) int {
	const block = 256
	n := min(len(a), len(b))
	p := 0
	for p+block <= n && bytes.Equal(a[p:p+block], b[p:p+block]) {
		p += block
	}
	for p < n && a[p] == b[p] {
		p++
	}
	return p
}

// commonSuffix returns the length of the longest common suffix of a and b.
func commonSuffix(a, b []byte) int {
	const block = 256
	n := min(len(a), len(b))
	s := 0
	for s+block <= n && bytes.Equal(a[len(a)-s-block:len(a)-s], b[len(b)-s-block:len(b)-s]) {
		s += block
	}
	for s < n && a[len(a)-s-1] == b[len(b)-s-1] {
		s++
	}
	return s
}

// sharedStatement returns the index in prev of top-level statement n, the
// i-th of count, when n is the very node prev evaluated there, else -1.
func (r *reuse) sharedStatement(i, count int, n *treesitter.Node) int {
	old := r.prev.stmts
	if i < old.Len() && old.At(i) == n {
		return i
	}
	if j := i + old.Len() - count; j >= 0 && j < old.Len() && old.At(j) == n {
		return j
	}
	return -1
}

// movedStatement returns the index in prev of top-level statement n, the
// i-th of count, and how far it moved, when n stands where prev's
// statement at the same index from the end stood, moved by an edit before
// it that changed the length, with the same bytes; else -1.
func (r *reuse) movedStatement(i, count int, n *treesitter.Node) (int, int) {
	old := r.prev.stmts
	j := i + old.Len() - count
	if j < 0 || j >= old.Len() || r.prev.consts.At(j) == nil {
		return -1, 0
	}
	o := old.At(j)
	if o.EndByte-o.StartByte != n.EndByte-n.StartByte || int(o.EndByte) > len(r.prev.Text) || int(n.EndByte) > len(r.text) ||
		!bytes.Equal(r.prev.Text[o.StartByte:o.EndByte], r.text[n.StartByte:n.EndByte]) {
		return -1, 0
	}
	// The same bytes parsed the same way: a constant assignment still
	// (around a syntax error they could have parsed otherwise).
	if n.Type() != o.Type() || constAssignmentTarget(n, r.text) == nil {
		return -1, 0
	}
	return j, int(n.StartByte) - int(o.StartByte)
}

// replay applies the previous binding of top-level statement n (the i-th of
// the module's count), when n is a constant assignment it may take from
// prev, and reports whether it did.
func (ev *evaluator) replay(i, count int, n *treesitter.Node) bool {
	r := ev.reuse
	if r == nil || !ev.moduleStatement(i, n) {
		return false
	}
	var old *Binding
	shift := 0
	if j := r.sharedStatement(i, count, n); j >= 0 {
		old = r.prev.consts.At(j)
	} else if j, d := r.movedStatement(i, count, n); j >= 0 {
		old, shift = r.prev.consts.At(j), d
	} else {
		old = r.byName(n)
	}
	if old == nil || old.constSelf != old || old.File != ev.m.Path ||
		old.Stmt().Start+shift != int(n.StartByte) || old.Stmt().End+shift != int(n.EndByte) || old.Conditional ||
		ev.work+old.constWork > WorkBudget {
		return false
	}
	if shift != 0 {
		if old = old.moved(shift, &r.slab, count-i); old == nil {
			return false
		}
	}
	ev.at = ev.span(n)
	ev.work += old.constWork
	vars := ev.scope.vars
	had := vars.Len()
	vars.setAt(old.constSlot, old.Name, old)
	if vars.Len() > had && old.constSetting { // first assigned here
		ev.addOrder(old.Name) // a reusable constant's name is the index's copy (noteConstant)
	}
	ev.consts.Set(i, old)
	r.reused++
	return true
}

// moduleStatement reports whether n is the i-th top-level statement of the
// module being evaluated, run unconditionally in its own scope.
func (ev *evaluator) moduleStatement(i int, n *treesitter.Node) bool {
	return ev.scope.parent == nil && ev.src.path == ev.m.Path && ev.includeDepth == 0 &&
		ev.conditional == 0 && ev.tryDepth == 0 && i < ev.m.stmts.Len() && ev.m.stmts.At(i) == n
}

// addOrder appends a setting name to the module's Order. While the names
// are the previous evaluation's, in its order, Order is a view of the
// previous Order (capped, so the first append that differs copies it):
// a keystroke rarely changes which settings a module assigns. name must
// not point into the module's text: the versions after this one share
// Order, which would keep that text alive for as long as the module is
// open (callers pass a name index's copy).
func (ev *evaluator) addOrder(name string) {
	order := ev.m.Order
	if r := ev.reuse; r != nil && len(order) < len(r.prev.Order) && r.prev.Order[len(order)] == name &&
		(len(order) == 0 || &order[0] == &r.prev.Order[0]) {
		ev.m.Order = r.prev.Order[: len(order)+1 : len(order)+1]
		return
	}
	ev.m.Order = append(order, name)
}

// byName returns prev's binding of the constant assignment n when n lies
// in the text before or after the edit, or nil.
func (r *reuse) byName(n *treesitter.Node) *Binding {
	r.bounds()
	if int(n.EndByte) > r.prefixEnd && int(n.StartByte) < r.suffixStart {
		return nil
	}
	target := constAssignmentTarget(n, r.text)
	if target == nil {
		return nil
	}
	return r.prev.Names.Get(string(r.text[target.StartByte:target.EndByte]))
}

// noteConstant marks the binding a constant assignment at the top level
// (the i-th statement) just made as reusable, with the work it cost (work
// before it: before).
func (ev *evaluator) noteConstant(i int, n *treesitter.Node, before int64) {
	if !ev.moduleStatement(i, n) || ev.spent() {
		return
	}
	target := constAssignmentTarget(n, ev.src.text)
	if target == nil {
		return
	}
	b := ev.scope.vars.Get(ev.text(target))
	if b == nil || b.Stmt().Start != int(n.StartByte) || b.Stmt().End != int(n.EndByte) || b.constSelf != nil {
		return
	}
	// Nothing else holds b yet: it may still be changed. Its Name is
	// the name index's copy (bind), which outlives the text.
	detach(b.Value)
	b.constWork = ev.work - before
	b.constSetting = isSettingName(b.Name)
	b.constSelf = b
	b.constSlot = ev.scope.vars.slotOf(b.Name)
	if b.constSlot >= 0 {
		b.Name = ev.scope.vars.index.names[b.constSlot] // the index's copy
	} else {
		b.Name = strings.Clone(b.Name)
	}
	ev.consts.Set(i, b)
}

// constSlots returns the Builder of the new version's consts, one slot a
// statement (see slotsAfter).
func (r *reuse) constSlots(n int) *pvec.Builder[*Binding] {
	if r == nil {
		return slotsAfter(pvec.Vec[*Binding]{}, false, n)
	}
	return slotsAfter(r.prev.consts, true, n)
}

// effectSlots is constSlots for the records of statements' effects.
func (r *reuse) effectSlots(n int) *pvec.Builder[*stmtEffects] {
	if r == nil {
		return slotsAfter(pvec.Vec[*stmtEffects]{}, false, n)
	}
	return slotsAfter(r.prev.effects, true, n)
}

// slotsAfter returns the Builder of a new version's n per-statement slots:
// prev's rebuilt when reusing (a slot reads as zero until its statement
// sets it, and a chunk of slots all given prev's values again stays
// prev's), else a new one.
func slotsAfter[T comparable](prev pvec.Vec[T], reusing bool, n int) *pvec.Builder[T] {
	var b *pvec.Builder[T]
	if reusing {
		b = prev.Rebuild()
		b.Truncate(min(n, b.Len()))
	} else {
		b = pvec.NewBuilder[T](n)
	}
	var zero T
	for b.Len() < n {
		b.Append(zero)
	}
	return b
}

// moved returns a copy of the constant binding b for its statement moved
// by delta bytes: what evaluating the moved statement builds, since a
// constant's binding depends on its text and offsets alone. It is nil when
// b's value carries anything but literals (an env read, library state).
// The copies come from slab, sized for the left statements still to come.
func (b *Binding) moved(delta int, slab *movedSlab, left int) *Binding {
	v := movedValue(b.Value, delta, slab, left)
	if v == nil {
		return nil
	}
	c := take(&slab.bindings, left)
	*c = *b
	c.Value = v
	if c.spanFile != "" { // as Span.moved: an invalid span stays as it is
		c.stmt, c.target, c.rhs = c.stmt.moved(delta), c.target.moved(delta), c.rhs.moved(delta)
	}
	c.constSelf = c
	return c
}

// movedValue copies a literal value with its spans moved by delta bytes,
// or returns nil for one that is not only literals.
func movedValue(v *Value, delta int, slab *movedSlab, left int) *Value {
	if v == nil || v == unknownValue || v.Env != nil || v.payload() != nil {
		return nil
	}
	c := take(&slab.values, left)
	*c = *v
	c.Span = v.Span.moved(delta)
	if v.Items != nil {
		c.Items = make([]*Value, len(v.Items))
	}
	for i, it := range v.Items {
		if c.Items[i] = movedValue(it, delta, slab, left); c.Items[i] == nil {
			return nil
		}
	}
	if v.Keys != nil {
		c.Keys = make([]*Value, len(v.Keys))
	}
	for i, k := range v.Keys {
		if c.Keys[i] = movedValue(k, delta, slab, left); c.Keys[i] == nil {
			return nil
		}
	}
	return c
}

// movedSlab hands out the Bindings and Values of moved constants from
// slabs sized for the statements left in the module: an insertion early
// in a large module moves thousands of them, two allocations each
// otherwise. A slab lives as long as the version whose bindings it holds.
type movedSlab struct {
	bindings []Binding
	values   []Value
}

// take hands out the next element of slab, first refilling it with room
// for left more when it is used up.
func take[T any](slab *[]T, left int) *T {
	if len(*slab) == 0 {
		*slab = make([]T, max(left, 1))
	}
	x := &(*slab)[0]
	*slab = (*slab)[1:]
	return x
}

// moved returns o moved by delta bytes (no span stays none).
func (o offsets) moved(delta int) offsets {
	if o.end < 0 {
		return o
	}
	return offsets{o.start + int32(delta), o.end + int32(delta)}
}

// moved returns s moved by delta bytes (an invalid span stays as it is).
func (s Span) moved(delta int) Span {
	if !s.Valid() {
		return s
	}
	return Span{File: s.File, Start: s.Start + delta, End: s.End + delta}
}

// detach copies the strings of a constant value that may point into the
// module's text (values are built from slices of it).
func detach(v *Value) {
	if v == nil || v == unknownValue {
		return
	}
	v.Str = strings.Clone(v.Str)
	for _, it := range v.Items {
		detach(it)
	}
	for _, k := range v.Keys {
		detach(k)
	}
}

// constAssignmentTarget returns the name node of `NAME = <constant>`, a
// statement whose binding depends on its own text alone, or nil.
func constAssignmentTarget(stmt *treesitter.Node, src []byte) *treesitter.Node {
	if stmt.Type() != "expression_statement" || len(stmt.Children) != 1 || stmt.HasError() {
		return nil
	}
	a := stmt.Children[0]
	if a.Type() != "assignment" || a.ChildByField("type") != nil {
		return nil
	}
	left, right := a.ChildByField("left"), a.ChildByField("right")
	if left == nil || left.Type() != "identifier" || right == nil || !isConstant(right, src) {
		return nil
	}
	return left
}

// isConstant reports an expression built of literals only: numbers,
// strings without interpolation, True/False/None, and lists, tuples, sets
// and dicts of them.
func isConstant(n *treesitter.Node, src []byte) bool {
	switch n.Type() {
	case "integer", "float", "true", "false", "none":
		return true
	case "string":
		return plainString(n, src)
	case "concatenated_string":
		for _, c := range n.Children {
			if c.Type() != "comment" && (c.Type() != "string" || !plainString(c, src)) {
				return false
			}
		}
		return true
	case "unary_operator":
		arg, op := n.ChildByField("argument"), n.ChildByField("operator")
		return op != nil && (op.Type() == "-" || op.Type() == "+") && arg != nil && (arg.Type() == "integer" || arg.Type() == "float")
	case "parenthesized_expression", "list", "tuple", "set":
		for _, c := range n.Children {
			if c.Named && c.Type() != "comment" && !isConstant(c, src) {
				return false
			}
		}
		return n.Type() != "parenthesized_expression" || namedCount(n) == 1
	case "dictionary":
		for _, c := range n.Children {
			if !c.Named || c.Type() == "comment" {
				continue
			}
			if c.Type() != "pair" || c.ChildByField("key") == nil || c.ChildByField("value") == nil ||
				!isConstant(c.ChildByField("key"), src) || !isConstant(c.ChildByField("value"), src) {
				return false
			}
		}
		return true
	}
	return false
}

// plainString reports a string literal without f-prefix or interpolation.
func plainString(n *treesitter.Node, src []byte) bool {
	for i := n.StartByte; i < n.EndByte && i < uint32(len(src)); i++ {
		c := src[i]
		if c == 'f' || c == 'F' {
			return false
		}
		if c == '"' || c == '\'' {
			break
		}
	}
	for _, c := range n.Children {
		switch c.Type() {
		case "string_start", "string_content", "string_end", "escape_sequence":
		default:
			return false
		}
	}
	return true
}

func namedCount(n *treesitter.Node) int {
	k := 0
	for _, c := range n.Children {
		if c.Named && c.Type() != "comment" {
			k++
		}
	}
	return k
}

// ForReuse returns what EvaluateIncremental reads of m (its path, text,
// names and top-level statements with their constant bindings), without
// the rest of the model, so a cache can keep it while the rest is freed.
func (m *Module) ForReuse() *Module {
	if m == nil {
		return nil
	}
	return &Module{Path: m.Path, Text: m.Text, Names: m.Names, Order: m.Order, Class: m.Class, stmts: m.stmts, consts: m.consts, effects: m.effects}
}
