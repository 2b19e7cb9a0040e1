package evaluator

import (
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// The body of a helper is interpreted statement by statement: assignments,
// if/elif/else chains, nested defs, try/except around a conversion, raise
// and return. Anything else (loops, with, ...) makes the call unknown.

const (
	// maxHelperSteps bounds the statements one path through a helper runs.
	maxHelperSteps = 64
	// maxHelperForks bounds the if statements whose condition is unknown
	// that one call follows both ways.
	maxHelperForks = 4
)

// helperRun is the state of one helper call.
type helperRun struct{ steps, forks int }

// runHelper runs statements; done reports that a return (or raise) ended
// the call, with its value.
func (ev *evaluator) runHelper(r *helperRun, stmts []*treesitter.Node) (v *Value, done bool) {
	for i, s := range stmts {
		if r.steps++; r.steps > maxHelperSteps || ev.stopped || !ev.charge(1) {
			return unknown(), true
		}
		switch s.Type() {
		case "return_statement":
			k := s.NamedChildren()
			if len(k) == 0 {
				return noneVal(Span{}), true
			}
			return ev.expr(k[0]), true
		case "raise_statement":
			ev.raise()
			return unknown(), true
		case "if_statement":
			branches, elseBody := ifArms(s)
			return ev.runHelperIf(r, branches, elseBody, stmts[i+1:])
		case "try_statement":
			return ev.runHelperTry(r, s, stmts[i+1:])
		case "function_definition":
			ev.defineFunction(s)
		case "decorated_definition":
			if d := s.ChildByField("definition"); d != nil && d.Type() == "function_definition" {
				ev.defineFunction(d)
			}
		case "expression_statement":
			if !ev.helperExpression(s) {
				return unknown(), true
			}
		case "comment", "pass_statement", "global_statement", "nonlocal_statement", "import_statement", "import_from_statement":
			// Imports inside a helper name libraries the module imports too.
		default:
			return unknown(), true
		}
	}
	return noneVal(Span{}), false
}

// ifArms splits an if statement into its if/elif arms and else body.
func ifArms(n *treesitter.Node) ([]condBranch, *treesitter.Node) {
	branches := []condBranch{{n.ChildByField("condition"), n.ChildByField("consequence")}}
	var elseBody *treesitter.Node
	for _, c := range n.Children {
		switch c.Type() {
		case "elif_clause":
			branches = append(branches, condBranch{c.ChildByField("condition"), c.ChildByField("consequence")})
		case "else_clause":
			elseBody = c.ChildByField("body")
		}
	}
	return branches, elseBody
}

// runHelperIf runs the arm the production world takes, then rest. An arm
// whose condition is unknown is followed both ways; the call's value is
// known only when both ways give the same.
func (ev *evaluator) runHelperIf(r *helperRun, branches []condBranch, elseBody *treesitter.Node, rest []*treesitter.Node) (*Value, bool) {
	for i, br := range branches {
		t, ok := ev.expr(br.cond).Truth()
		if ok {
			if t {
				return ev.runHelper(r, then(br.body, rest))
			}
			continue
		}
		if r.forks >= maxHelperForks {
			return unknown(), true
		}
		r.forks++
		ev.charge(2 * ev.scope.vars.Len())
		start := ev.scope.vars.clone()
		va, doneA := ev.runHelper(r, then(br.body, rest))
		ev.scope.vars = start.clone()
		vb, doneB := ev.runHelperIf(r, branches[i+1:], elseBody, rest)
		if doneA == doneB && ev.sameValue(va, vb) {
			return vb, doneB
		}
		return unknown(), true
	}
	return ev.runHelper(r, then(elseBody, rest))
}

// runHelperTry runs a try body; when it raises in the production world
// (`int(value)` of a default that is not a number), the first handler runs.
func (ev *evaluator) runHelperTry(r *helperRun, n *treesitter.Node, rest []*treesitter.Node) (*Value, bool) {
	c := clausesOf(n)
	if c.finallyBody != nil || c.group {
		return unknown(), true
	}
	handler, elseBody := c.handler, c.elseBody
	ev.tryDepth++
	outer := ev.raised
	ev.raised = false
	v, done := ev.runHelper(r, then(n.ChildByField("body"), nil))
	raised := ev.raised
	ev.raised = outer
	ev.tryDepth--
	switch {
	case raised:
		return ev.runHelper(r, then(handler, rest))
	case done:
		return v, true
	}
	return ev.runHelper(r, then(elseBody, rest))
}

// then is a block's statements followed by rest.
func then(body *treesitter.Node, rest []*treesitter.Node) []*treesitter.Node {
	if body == nil {
		return rest
	}
	out := make([]*treesitter.Node, 0, len(body.Children)+len(rest))
	return append(append(out, body.Children...), rest...)
}

// helperExpression runs an expression statement of a helper: a docstring,
// an assignment to local names or a call; false when it cannot be followed.
func (ev *evaluator) helperExpression(s *treesitter.Node) bool {
	for _, k := range s.NamedChildren() {
		switch k.Type() {
		case "string", "comment":
		case "assignment":
			right := k.ChildByField("right")
			if right == nil || right.Type() == "assignment" {
				return right == nil
			}
			if !ev.localAssign(k.ChildByField("left"), ev.expr(right)) {
				return false
			}
		case "augmented_assignment":
			left := k.ChildByField("left")
			op := k.ChildByField("operator")
			if left == nil || left.Type() != "identifier" || op == nil || len(ev.text(op)) < 2 {
				return false
			}
			b, ok := ev.scope.lookup(ev.text(left))
			if !ok {
				return false
			}
			o := ev.text(op)
			ev.localAssign(left, ev.binaryOp(o[:len(o)-1], b.Value, ev.expr(k.ChildByField("right")), ev.span(k)))
		case "call":
			ev.callStatement(s, k)
		default:
			ev.expr(k)
		}
	}
	return true
}

// localAssign binds a helper's local names, without the conventions that
// apply to module names (a local `env` does not name the environment).
func (ev *evaluator) localAssign(left *treesitter.Node, v *Value) bool {
	if left == nil {
		return false
	}
	switch left.Type() {
	case "identifier":
		name := ev.text(left)
		ev.scope.vars.Set(name, &Binding{Name: name, Value: v})
		return true
	case "pattern_list", "tuple_pattern", "list_pattern", "expression_list", "tuple", "list":
		targets := left.NamedChildren()
		for i, t := range targets {
			item := unknown()
			if v.IsSequence() && len(v.Items) == len(targets) {
				item = v.Items[i]
			}
			if !ev.localAssign(t, item) {
				return false
			}
		}
		return true
	}
	return false
}

// isBuiltinObject reports a Python builtin such as bool or str.
func isBuiltinObject(v *Value) bool {
	return v.Kind == Object && strings.HasPrefix(v.Str, "builtin.") && !strings.HasSuffix(v.Str, "()")
}
