package evaluator

import (
	"strconv"
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// builtins are the names Python provides that settings modules call.
var builtins = map[string]bool{
	"bool": true, "int": true, "str": true, "float": true, "list": true, "tuple": true, "set": true,
	"dict": true, "len": true, "filter": true, "map": true, "getattr": true, "open": true,
	"globals": true, "vars": true, "locals": true, "exec": true, "eval": true, "setattr": true,
	"sorted": true, "frozenset": true, "print": true, "any": true, "all": true, "range": true,
}

// expr evaluates an expression node. It never returns nil. Each
// expression is paid for from the work budget, and a value that grows past
// MaxValueSize is unknown.
func (ev *evaluator) expr(n *treesitter.Node) *Value {
	if n == nil || !ev.charge(1) {
		return unknown()
	}
	return ev.fits(ev.evalExpr(n))
}

func (ev *evaluator) evalExpr(n *treesitter.Node) *Value {
	sp := ev.span(n)
	switch n.Type() {
	case "integer":
		t := strings.ReplaceAll(strings.ToLower(ev.text(n)), "_", "")
		if i, err := strconv.ParseInt(t, 0, 64); err == nil {
			return intVal(i, sp)
		}
		return unknown()
	case "float":
		if f, err := strconv.ParseFloat(strings.ReplaceAll(ev.text(n), "_", ""), 64); err == nil {
			return floatVal(f, sp)
		}
		return unknown()
	case "true":
		return boolVal(true, sp)
	case "false":
		return boolVal(false, sp)
	case "none":
		return noneVal(sp)
	case "string":
		return ev.stringLiteral(n)
	case "concatenated_string":
		var b strings.Builder
		kind := Str
		for _, c := range n.NamedChildren() {
			v := ev.expr(c)
			if p, _, ok := v.KnownPrefix(); ok && v.Kind == Unknown && kind == Str {
				// 'sqlite:///' f'{BASE_DIR}/db': the known parts before it.
				return prefixString(b.String()+p, &Value{Span: sp})
			}
			if v.Kind != Str && v.Kind != Bytes {
				return unknown()
			}
			kind = v.Kind
			b.WriteString(v.Str)
		}
		return &Value{Kind: kind, Str: b.String(), Span: sp, Placeholder: isPlaceholder(b.String())}
	case "identifier":
		return ev.name(n)
	case "parenthesized_expression":
		if k := n.NamedChildren(); len(k) == 1 {
			return ev.expr(k[0])
		}
		return unknown()
	case "list", "list_pattern":
		return ev.sequence(n, List)
	case "set":
		return ev.sequence(n, Set)
	case "tuple", "expression_list", "pattern_list", "tuple_pattern":
		// tree-sitter-python reads the value of a chained assignment that
		// ends the file (`A = B = x, y`) as a pattern: the same tuple.
		return ev.sequence(n, Tuple)
	case "dictionary":
		return ev.dictionary(n)
	case "not_operator":
		v := ev.expr(n.ChildByField("argument"))
		t, ok := v.Truth()
		if !ok {
			return unknown()
		}
		r := boolVal(!t, pickSpan(v, sp))
		r.Env, r.FromDebug = v.Env, v.FromDebug
		return r
	case "unary_operator":
		v := ev.expr(n.ChildByField("argument"))
		op := ev.text(n.ChildByField("operator"))
		switch {
		case op == "-" && isInt(v):
			if r, ok := subInt(0, intOf(v)); ok {
				return intVal(r, sp)
			}
			return unknown()
		case op == "-" && v.Kind == Float:
			return floatVal(-v.float(), sp)
		case op == "+" && isNumeric(v):
			return v
		}
		return unknown()
	case "binary_operator":
		l := ev.expr(n.ChildByField("left"))
		r := ev.expr(n.ChildByField("right"))
		return ev.binaryOp(ev.text(n.ChildByField("operator")), l, r, sp)
	case "boolean_operator":
		return ev.booleanOp(n)
	case "comparison_operator":
		return ev.comparison(n)
	case "conditional_expression":
		k := n.NamedChildren()
		if len(k) != 3 {
			return unknown()
		}
		c := ev.expr(k[1])
		t, ok := c.Truth()
		if !ok {
			a, b := ev.expr(k[0]), ev.expr(k[2])
			if ev.sameValue(a, b) {
				return a
			}
			return unknown()
		}
		if t {
			return ev.expr(k[0])
		}
		return ev.expr(k[2])
	case "named_expression":
		v := ev.expr(n.ChildByField("value"))
		if name := n.ChildByField("name"); name != nil {
			ev.bind(n, name, n.ChildByField("value"), ev.text(name), v)
		}
		return v
	case "attribute":
		return ev.attribute(n)
	case "subscript":
		return ev.subscript(n)
	case "call":
		return ev.call(n)
	case "list_comprehension", "generator_expression", "set_comprehension":
		return ev.comprehension(n)
	}
	return unknown()
}

func pickSpan(v *Value, fallback Span) Span {
	if v.Span.Valid() {
		return v.Span
	}
	return fallback
}

func (ev *evaluator) stringLiteral(n *treesitter.Node) *Value {
	for _, c := range n.Children {
		if c.Type() == "interpolation" {
			return ev.fstringPrefix(n, c, n.Children[len(n.Children)-1])
		}
	}
	s, isBytes, ok := decodeString(ev.text(n))
	if !ok {
		return unknown()
	}
	v := strVal(ev.literalText(s), ev.span(n))
	if isBytes {
		v.Kind = Bytes
	}
	v.Placeholder = isPlaceholder(s)
	return v
}

// isPlaceholder recognises template markers such as {{ cookiecutter.x }}.
func isPlaceholder(s string) bool {
	if strings.IndexByte(s, '{') < 0 {
		return false
	}
	return strings.Contains(s, "{{") && strings.Contains(s, "}}") || strings.Contains(s, "{%")
}

// name looks a name up, applying the production world's conventions.
func (ev *evaluator) name(n *treesitter.Node) *Value {
	name := ev.text(n)
	b, ok := ev.scope.lookup(name)
	if name == "DEBUG" && ev.scope.parent == nil {
		// Derived settings see DEBUG as false: DJS001 reports a DEBUG that
		// defaults to true, and its consequences are not reported twice.
		v := boolVal(false, ev.span(n))
		v.FromDebug = true
		v.setNote("DEBUG is taken as false")
		return v
	}
	if ok {
		return b.Value
	}
	switch {
	case name == "__file__":
		return &Value{Kind: Str, Str: ev.src.path}
	case name == "__name__":
		return &Value{Kind: Str, Str: "settings"}
	case builtins[name]:
		return object("builtin." + name)
	}
	return unknown()
}

func (ev *evaluator) sequence(n *treesitter.Node, kind Kind) *Value {
	out := &Value{Kind: kind, Span: ev.span(n)}
	total, partial := 1, false
	for _, c := range n.NamedChildren() {
		if c.Type() == "list_splat" || c.Type() == "parenthesized_list_splat" {
			inner := c.NamedChildren()
			if len(inner) == 1 {
				v := ev.expr(inner[0])
				if v.IsSequence() {
					if total += size(v); total > MaxValueSize {
						return unknown()
					}
					out.Items = append(out.Items, v.Items...)
					continue
				}
				if v.IsPartialSequence() || plainUnknown(v) {
					// [*BASE, 'x'] with BASE not known exactly: at least
					// the items known on either side.
					partial = true
					out.Items = append(out.Items, v.Items...)
					continue
				}
			}
			return &Value{Kind: Unknown}
		}
		v := ev.expr(c)
		if total += 1 + size(v); total > MaxValueSize {
			return unknown()
		}
		out.Items = append(out.Items, v)
	}
	if partial {
		return atLeast(kind, out.Span, out.Items)
	}
	return out
}

func (ev *evaluator) dictionary(n *treesitter.Node) *Value {
	out := &Value{Kind: Dict, Span: ev.span(n)}
	total := 1
	// String keys are found through a map, so that a literal of many keys
	// costs one step per key; a key of another kind, or one that names the
	// environment (equal to "production"), is compared with each key.
	idx := map[string]int{}
	slow := false
	set := func(k, v *Value) {
		if k.Kind == Str && k.EnvName {
			slow = true
		}
		if slow || k.Kind != Str {
			out = ev.dictSet(out, k, v)
			return
		}
		if i, ok := idx[k.Str]; ok {
			out.Items[i] = v
			return
		}
		idx[k.Str] = len(out.Keys)
		out.Keys = append(out.Keys, k)
		out.Items = append(out.Items, v)
	}
	for _, c := range n.NamedChildren() {
		switch c.Type() {
		case "pair":
			k := ev.expr(c.ChildByField("key"))
			v := ev.expr(c.ChildByField("value"))
			if total += size(k) + size(v); total > MaxValueSize {
				return unknown()
			}
			set(k, v)
		case "dictionary_splat":
			inner := c.NamedChildren()
			if len(inner) == 1 {
				if v := ev.expr(inner[0]); v.Kind == Dict {
					if total += size(v); total > MaxValueSize || !ev.charge(len(v.Keys)) {
						return unknown()
					}
					for i := range v.Keys {
						set(v.Keys[i], v.Items[i])
					}
					continue
				}
			}
			return unknown()
		}
	}
	return out
}

// dictSet sets k in a dict value being built (last key wins, in place).
// Each key compared is paid for from the work budget.
func (ev *evaluator) dictSet(d, k, v *Value) *Value {
	d.sz = 0 // changed in place: measure again
	for i, key := range d.Keys {
		if e, ok := ev.eq(key, k); ok && e {
			d.Items[i] = v
			return d
		}
	}
	d.Keys = append(d.Keys, k)
	d.Items = append(d.Items, v)
	return d
}

func (ev *evaluator) booleanOp(n *treesitter.Node) *Value {
	op := ev.text(n.ChildByField("operator"))
	l := ev.expr(n.ChildByField("left"))
	t, ok := l.Truth()
	if !ok {
		r := ev.expr(n.ChildByField("right"))
		// `unknown and False` is falsy only in value; keep it unknown.
		if op == "or" {
			if rt, rok := r.Truth(); rok && rt && l.Env != nil && l.Env.Required {
				return unknown()
			}
		}
		return unknown()
	}
	if (op == "and" && !t) || (op == "or" && t) {
		return l
	}
	return ev.expr(n.ChildByField("right"))
}

func (ev *evaluator) comparison(n *treesitter.Node) *Value {
	// Children alternate operand, operator token(s), operand, ...
	var operands []*treesitter.Node
	var ops []string
	pending := ""
	for _, c := range n.Children {
		if c.Named && c.Type() != "comment" {
			if len(operands) > 0 {
				ops = append(ops, strings.TrimSpace(pending))
			}
			operands = append(operands, c)
			pending = ""
		} else {
			pending += " " + ev.text(c)
		}
	}
	if len(operands) < 2 {
		return unknown()
	}
	left := ev.expr(operands[0])
	result := &Value{Kind: Bool, Bool: true}
	for i, op := range ops {
		right := ev.expr(operands[i+1])
		var r, ok bool
		if (op == "in" || op == "not in") && right.Kind == Object && (right.Str == "os.environ" || right.Str == "environ") {
			r, ok = ev.envPresent(left)
			r = r != (op == "not in")
		} else {
			r, ok = ev.compare(op, left, right)
		}
		if !ok {
			return unknown()
		}
		if !r {
			result.Bool = false
		}
		left = right
	}
	// The decisive source is an env read's default when one took part.
	first := ev.expr(operands[0])
	result.Span = pickSpan(first, ev.span(n))
	if first.Env == nil {
		if second := ev.expr(operands[1]); second.Env != nil {
			result.Span, result.Env = second.Span, second.Env
		}
	} else {
		result.Env = first.Env
	}
	result.FromDebug = first.FromDebug
	return result
}

// compare applies one comparison operator with Python semantics.
func (ev *evaluator) compare(op string, a, b *Value) (bool, bool) {
	switch op {
	case "==":
		return ev.eq(a, b)
	case "!=":
		e, ok := ev.eq(a, b)
		return !e, ok
	case "in", "not in":
		in, ok := ev.contains(b, a)
		if op == "not in" {
			in = !in
		}
		return in, ok
	case "is", "is not":
		var same, ok bool
		switch {
		case a.Kind == None || b.Kind == None:
			if a.IsUnknown() || b.IsUnknown() {
				return false, false
			}
			same, ok = a.Kind == b.Kind, true
		case a.Kind == Bool && b.Kind == Bool:
			same, ok = a.Bool == b.Bool, true
		case isBuiltinObject(a) && isBuiltinObject(b):
			// `cast is bool` in a helper: builtins are singletons.
			same, ok = a.Str == b.Str, true
		default:
			return false, false
		}
		if op == "is not" {
			same = !same
		}
		return same, ok
	case "<", ">", "<=", ">=":
		if !isNumeric(a) || !isNumeric(b) {
			if a.Kind == Str && b.Kind == Str {
				c := strings.Compare(a.Str, b.Str)
				return map[string]bool{"<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0}[op], true
			}
			return false, false
		}
		x, y := numeric(a), numeric(b)
		return map[string]bool{"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op], true
	}
	return false, false
}

// contains evaluates `item in container`.
func (ev *evaluator) contains(container, item *Value) (bool, bool) {
	if container.IsPartialSequence() && !item.IsUnknown() {
		for _, it := range container.Items {
			if e, ok := ev.eq(it, item); ok && e {
				return true, true
			}
		}
		return false, false
	}
	if container.IsUnknown() || item.IsUnknown() {
		return false, false
	}
	switch container.Kind {
	case Str:
		if item.Kind != Str {
			return false, false
		}
		if item.EnvName {
			return false, false
		}
		return strings.Contains(container.Str, item.Str), true
	case List, Tuple, Set:
		unknownSeen := false
		for _, it := range container.Items {
			if e, ok := ev.eq(it, item); ok && e {
				return true, true
			} else if !ok {
				unknownSeen = true
			}
		}
		return false, !unknownSeen
	case Dict:
		for _, k := range container.Keys {
			if e, ok := ev.eq(k, item); ok && e {
				return true, true
			}
		}
		return false, true
	case Object:
		if container.Str == "os.environ" {
			return false, false // handled by the caller, which knows the variable
		}
	}
	return false, false
}

// binaryOp applies + - * // % ** << >> & | ^ to known values. Integer
// arithmetic is exact: a result outside int64 is unknown. A string or
// container that would grow past MaxValueSize is unknown before it is
// built.
func (ev *evaluator) binaryOp(op string, l, r *Value, sp Span) *Value {
	if v, ok := ev.partialOp(op, l, r, sp); ok {
		return v
	}
	if l.IsUnknown() || r.IsUnknown() {
		return unknown()
	}
	if l.Kind == Bool && r.Kind == Bool && (op == "|" || op == "&" || op == "^") {
		b := map[string]bool{"|": l.Bool || r.Bool, "&": l.Bool && r.Bool, "^": l.Bool != r.Bool}[op]
		return boolVal(b, sp)
	}
	if isInt(l) && isInt(r) {
		return intOp(op, intOf(l), intOf(r), sp)
	}
	switch op {
	case "+":
		switch {
		case (l.Kind == Str && r.Kind == Str) || (l.Kind == Bytes && r.Kind == Bytes):
			if len(l.Str)+len(r.Str) > MaxValueSize {
				return unknown()
			}
			v := &Value{Kind: l.Kind, Str: l.Str + r.Str, Span: sp}
			// A default that takes part decides the value's blame.
			if l.Env != nil {
				v.Span, v.Env = l.Span, l.Env
			} else if r.Env != nil {
				v.Span, v.Env = r.Span, r.Env
			}
			return v
		case (l.Kind == List && r.Kind == List) || (l.Kind == Tuple && r.Kind == Tuple):
			if size(l)+size(r) > MaxValueSize {
				return unknown()
			}
			items := append(append([]*Value(nil), l.Items...), r.Items...)
			return &Value{Kind: l.Kind, Items: items, Span: l.Span}
		case isNumeric(l) && isNumeric(r):
			return floatVal(numeric(l)+numeric(r), sp)
		}
	case "*":
		if (l.Kind == Str && isInt(r)) || (isInt(l) && r.Kind == Str) {
			str, n := l, r
			if l.Kind != Str {
				str, n = r, l
			}
			times := intOf(n)
			if times <= 0 {
				return &Value{Kind: Str, Span: sp, Env: str.Env}
			}
			if times <= MaxValueSize && int64(len(str.Str))*times <= MaxValueSize {
				return &Value{Kind: Str, Str: strings.Repeat(str.Str, int(times)), Span: sp, Env: str.Env}
			}
			return unknown()
		}
		if isNumeric(l) && isNumeric(r) {
			return floatVal(numeric(l)*numeric(r), sp)
		}
	case "|":
		if l.Kind == Dict && r.Kind == Dict {
			if size(l)+size(r) > MaxValueSize {
				return unknown()
			}
			out := &Value{Kind: Dict, Span: l.Span, Keys: append([]*Value(nil), l.Keys...), Items: append([]*Value(nil), l.Items...)}
			for i := range r.Keys {
				out = ev.dictSet(out, r.Keys[i], r.Items[i])
			}
			return out
		}
	}
	return unknown()
}

// isInt reports an int, or a bool, which Python's arithmetic takes as one.
func isInt(v *Value) bool { return v.Kind == Int || v.Kind == Bool }

func intOf(v *Value) int64 {
	if v.Kind == Bool {
		if v.Bool {
			return 1
		}
		return 0
	}
	return v.Int
}

// intOp applies an operator to two ints exactly; a result that does not
// fit int64 (or a division by zero, which raises) is unknown.
func intOp(op string, a, b int64, sp Span) *Value {
	var r int64
	ok := true
	switch op {
	case "+":
		r, ok = addInt(a, b)
	case "-":
		r, ok = subInt(a, b)
	case "*":
		r, ok = mulInt(a, b)
	case "//":
		r, _, ok = floorDivMod(a, b)
	case "%":
		_, r, ok = floorDivMod(a, b)
	case "**":
		if b < 0 {
			return unknown() // a float in Python: not a setting's int
		}
		r, ok = powInt(a, b)
	case "<<":
		if b < 0 {
			return unknown() // ValueError
		}
		r, ok = shlInt(a, b)
	case ">>":
		if b < 0 {
			return unknown()
		}
		r = a >> uint(min(b, 63))
	case "|":
		r = a | b
	case "&":
		r = a & b
	case "^":
		r = a ^ b
	default:
		return unknown()
	}
	if !ok {
		return unknown()
	}
	return intVal(r, sp)
}

func (ev *evaluator) attribute(n *treesitter.Node) *Value {
	obj := ev.expr(n.ChildByField("object"))
	attr := ev.text(n.ChildByField("attribute"))
	if c, ok := obj.payload().(*ConfigClass); ok {
		return c.attr(attr) // Base.INSTALLED_APPS
	}
	switch obj.Kind {
	case Object:
		if obj.Str == "sys" && attr == "argv" {
			// The production server's argv holds no runserver or test.
			return &Value{Kind: List, Items: []*Value{{Kind: Str, Str: "gunicorn"}}}
		}
		v := objectWith(attributeRef(obj.Str, attr), obj.payload())
		v.Items = []*Value{obj}
		return v
	case None:
		ev.raise() // AttributeError on None
		return unknown()
	case Unknown:
		return unknown()
	}
	// A method of a known value: bound with its receiver.
	return &Value{Kind: Object, Str: "method." + attr, Items: []*Value{obj}}
}

func (ev *evaluator) subscript(n *treesitter.Node) *Value {
	base := ev.expr(n.ChildByField("value"))
	keyNode := n.ChildByField("subscript")
	key := ev.expr(keyNode)
	if base.Kind == Object && (base.Str == "os.environ" || base.Str == "environ") {
		return ev.envRead(n, "os", key, nil, "")
	}
	return index(base, key, ev)
}

// index evaluates base[key] on known values.
func index(base, key *Value, ev *evaluator) *Value {
	switch base.Kind {
	case Dict:
		for i := len(base.Keys) - 1; i >= 0; i-- {
			if e, ok := ev.eq(base.Keys[i], key); ok && e {
				return base.Items[i]
			}
		}
		if !key.IsUnknown() && !base.HasUnknownItems() {
			ev.raise() // KeyError
		}
	case List, Tuple, Str:
		if key.Kind == Int {
			items := base.Items
			if base.Kind == Str {
				rs := []rune(base.Str)
				i := int(key.Int)
				if i < 0 {
					i += len(rs)
				}
				if i >= 0 && i < len(rs) {
					return &Value{Kind: Str, Str: string(rs[i]), Span: base.Span}
				}
				ev.raise()
				return unknown()
			}
			i := int(key.Int)
			if i < 0 {
				i += len(items)
			}
			if i >= 0 && i < len(items) {
				return items[i]
			}
			ev.raise() // IndexError
		}
	}
	return unknown()
}

// comprehension evaluates [expr for x in known_sequence if cond].
func (ev *evaluator) comprehension(n *treesitter.Node) *Value {
	body := n.ChildByField("body")
	var forClause *treesitter.Node
	var ifs []*treesitter.Node
	for _, c := range n.NamedChildren() {
		switch c.Type() {
		case "for_in_clause":
			if forClause != nil {
				return unknown() // nested loops: not worth following
			}
			forClause = c
		case "if_clause":
			ifs = append(ifs, c)
		}
	}
	if forClause == nil || body == nil {
		return unknown()
	}
	src := ev.expr(forClause.ChildByField("right"))
	left := forClause.ChildByField("left")
	if !src.IsSequence() || left == nil || left.Type() != "identifier" || len(src.Items) > 256 {
		return unknown()
	}
	name := ev.text(left)
	saved := ev.scope
	ev.scope = &scope{vars: NewNamespace(), parent: saved}
	defer func() { ev.scope = saved }()
	out := &Value{Kind: List, Span: src.Span}
	if n.Type() == "set_comprehension" {
		out.Kind = Set
	}
	for _, it := range src.Items {
		ev.scope.vars.Set(name, &Binding{Name: name, Value: it})
		keep := true
		for _, f := range ifs {
			k := f.NamedChildren()
			if len(k) != 1 {
				return unknown()
			}
			t, ok := ev.expr(k[0]).Truth()
			if !ok {
				return unknown()
			}
			keep = keep && t
		}
		if keep {
			out.Items = append(out.Items, ev.expr(body))
		}
	}
	return out
}

// envPresent evaluates `"K" in os.environ`: unset in the production world,
// unless the module set it or a hosting platform sets it.
func (ev *evaluator) envPresent(key *Value) (bool, bool) {
	if key.Kind != Str {
		return false, false
	}
	ev.m.EnvReads = append(ev.m.EnvReads, &EnvRead{Var: key.Str, Library: "os"})
	if _, ok := ev.envWrite(key.Str); ok {
		return true, true
	}
	_, platform := platformVars[key.Str]
	return platform, true
}
