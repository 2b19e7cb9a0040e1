package evaluator

import "github.com/djls-dev/djls/internal/treesitter"

// function is a helper defined in the settings module, such as
// def env_bool(name, default="False"): return os.getenv(name, default).lower() in ("1", "true").
type function struct {
	params   []string
	defaults map[string]*Value
	body     *treesitter.Node
	scope    *scope // where it was defined
	// path and text are the file that holds body: an include()d component
	// may call a helper another file defined.
	path string
	text []byte
}

func (ev *evaluator) defineFunction(n *treesitter.Node) {
	name := n.ChildByField("name")
	body := n.ChildByField("body")
	if name == nil || body == nil {
		return
	}
	f := &function{defaults: map[string]*Value{}, body: body, scope: ev.scope, path: ev.m.Path, text: ev.m.Text}
	if ps := n.ChildByField("parameters"); ps != nil {
		for _, p := range ps.NamedChildren() {
			switch p.Type {
			case "identifier":
				f.params = append(f.params, ev.text(p))
			case "default_parameter", "typed_default_parameter":
				pn := p.ChildByField("name")
				if pn == nil {
					continue
				}
				f.params = append(f.params, ev.text(pn))
				f.defaults[ev.text(pn)] = ev.expr(p.ChildByField("value"))
			case "typed_parameter":
				for _, c := range p.NamedChildren() {
					if c.Type == "identifier" {
						f.params = append(f.params, ev.text(c))
						break
					}
				}
			default:
				f.params = append(f.params, "*") // *args/**kwargs: calls are not followed
			}
		}
	}
	v := &Value{Kind: Object, Str: "function", payload: f}
	ev.bind(n, name, n, ev.text(name), v)
}

// callFunction evaluates a helper call by running its body with the
// arguments bound: a short chain of assignments, ifs and returns.
func (ev *evaluator) callFunction(fn *Value, a *args) *Value {
	f, ok := fn.payload.(*function)
	if !ok || a.splat || ev.calls > 8 {
		return unknown()
	}
	local := &scope{vars: map[string]*Binding{}, parent: f.scope}
	for i, p := range f.params {
		if p == "*" {
			return unknown()
		}
		v, _, has := a.arg(i, p)
		if !has {
			v, has = f.defaults[p]
			if !has {
				return unknown()
			}
		}
		local.vars[p] = &Binding{Name: p, Value: v}
	}
	saved, path, text := ev.scope, ev.m.Path, ev.m.Text
	ev.scope, ev.m.Path, ev.m.Text = local, f.path, f.text
	ev.calls++
	defer func() { ev.scope, ev.m.Path, ev.m.Text = saved, path, text; ev.calls-- }()
	v, _ := ev.runFunctionBody(f.body.Children, 0)
	return v
}

// runFunctionBody interprets a helper body; done reports a return was hit.
func (ev *evaluator) runFunctionBody(stmts []*treesitter.Node, steps int) (*Value, bool) {
	for _, s := range stmts {
		steps++
		if steps > 32 {
			return unknown(), true
		}
		switch s.Type {
		case "return_statement":
			k := s.NamedChildren()
			if len(k) == 0 {
				return noneVal(Span{}), true
			}
			return ev.expr(k[0]), true
		case "if_statement":
			cond, ok := ev.expr(s.ChildByField("condition")).Truth()
			if !ok {
				return unknown(), true
			}
			var body *treesitter.Node
			if cond {
				body = s.ChildByField("consequence")
			} else {
				for _, c := range s.Children {
					if c.Type == "else_clause" {
						body = c.ChildByField("body")
					} else if c.Type == "elif_clause" {
						return unknown(), true
					}
				}
			}
			if body != nil {
				if v, done := ev.runFunctionBody(body.Children, steps); done {
					return v, true
				}
			}
		case "expression_statement":
			k := s.NamedChildren()
			if len(k) == 1 && k[0].Type == "string" {
				continue // docstring
			}
			if len(k) == 1 && k[0].Type == "assignment" {
				if left := k[0].ChildByField("left"); left != nil && left.Type == "identifier" {
					ev.scope.vars[ev.text(left)] = &Binding{Name: ev.text(left), Value: ev.expr(k[0].ChildByField("right"))}
					continue
				}
			}
			return unknown(), true
		case "comment", "pass_statement":
		default:
			return unknown(), true
		}
	}
	return noneVal(Span{}), false
}
