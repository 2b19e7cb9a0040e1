package evaluator

import (
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// source is the text a syntax tree was parsed from, and its file.
type source struct {
	path string
	text []byte
}

// function is a helper defined in a settings module (or a project module it
// imports), such as
// def env_bool(name, default="False"): return os.getenv(name, default).lower() in ("1", "true").
type function struct {
	params   []string
	defaults map[string]*Value
	// defaultArgs are where the defaults are written, for messages.
	defaultArgs map[string]argSource
	body        *treesitter.Node
	scope       *scope // where it was defined
	src         source // the file it was defined in
}

// argSource is where a helper's parameter got its value: the call's
// argument, or the default in the def. A default that reaches an env read
// through the parameter is reported there and quoted as written there.
type argSource struct {
	span Span
	text string
}

func (ev *evaluator) defineFunction(n *treesitter.Node) {
	ev.untraceable()
	name := n.ChildByField("name")
	body := n.ChildByField("body")
	if name == nil || body == nil {
		return
	}
	f := &function{defaults: map[string]*Value{}, defaultArgs: map[string]argSource{}, body: body, scope: ev.scope, src: ev.src}
	if ps := n.ChildByField("parameters"); ps != nil {
		for _, p := range ps.NamedChildren() {
			switch p.Type() {
			case "identifier":
				f.params = append(f.params, ev.text(p))
			case "default_parameter", "typed_default_parameter":
				pn := p.ChildByField("name")
				if pn == nil {
					continue
				}
				f.params = append(f.params, ev.text(pn))
				value := p.ChildByField("value")
				f.defaults[ev.text(pn)] = ev.expr(value)
				f.defaultArgs[ev.text(pn)] = ev.argSource(value)
			case "typed_parameter":
				for _, c := range p.NamedChildren() {
					if c.Type() == "identifier" {
						f.params = append(f.params, ev.text(c))
						break
					}
				}
			default:
				f.params = append(f.params, "*") // *args/**kwargs: calls are not followed
			}
		}
	}
	v := objectWith("function", f)
	ev.bind(n, name, n, ev.text(name), v)
}

// argSource describes an argument node in the current file; an argument
// that is itself a parameter of the running helper passes on where that
// parameter's value came from.
func (ev *evaluator) argSource(n *treesitter.Node) argSource {
	if n == nil {
		return argSource{}
	}
	if n.Type() == "identifier" {
		if a, ok := ev.paramSource(ev.text(n)); ok {
			return a
		}
	}
	return argSource{span: ev.span(n), text: ev.text(n)}
}

// paramSource finds name among the parameters of the running helpers.
func (ev *evaluator) paramSource(name string) (argSource, bool) {
	for s := ev.scope; s != nil && s.parent != nil; s = s.parent {
		if s.vars.Has(name) {
			a, ok := s.params[name]
			return a, ok
		}
	}
	return argSource{}, false
}

// callFunction evaluates a helper call by running its body with the
// arguments bound (helperbody.go says which statements it follows).
func (ev *evaluator) callFunction(fn *Value, a *args) *Value {
	ev.untraceable()
	f, ok := fn.payload().(*function)
	if !ok || a.splat || ev.calls > 8 {
		return unknown()
	}
	ev.charge(8 + len(f.params)) // a call's scope costs more than an expression
	local := &scope{vars: NewNamespace(), parent: f.scope, params: map[string]argSource{}}
	for i, p := range f.params {
		if p == "*" {
			return unknown()
		}
		v, node, has := a.arg(i, p)
		if has {
			local.params[p] = ev.argSource(node)
		} else {
			v, has = f.defaults[p]
			if !has {
				return unknown()
			}
			local.params[p] = f.defaultArgs[p]
		}
		local.vars.Set(p, &Binding{Name: p, Value: v})
	}
	saved, savedSrc := ev.scope, ev.src
	ev.scope, ev.src = local, f.src
	ev.calls++
	reads := len(ev.helperReads)
	defer func() {
		ev.scope, ev.src = saved, savedSrc
		if ev.calls--; ev.calls == 0 {
			ev.helperReads = ev.helperReads[:0]
		}
	}()
	v, _ := ev.runHelper(&helperRun{}, f.body.Children)
	return ev.defaultThroughParam(v, f, local, ev.helperReads[reads:])
}

// defaultThroughParam credits a helper's result to the argument that
// decided it when the variable the helper read is unset: the result is one
// of its parameters (`v = os.getenv(name); if v is None: return default`),
// is computed from it alone, or is a flag the helper's own code returns
// (`if text in ("1", "true"): return True`) while exactly one argument
// besides the variable's name could decide it, and reads as that flag.
// That argument is the read's default.
func (ev *evaluator) defaultThroughParam(v *Value, f *function, local *scope, reads []*EnvRead) *Value {
	if v.Env != nil || v.IsUnknown() || len(reads) == 0 {
		return v
	}
	read := reads[len(reads)-1]
	for _, r := range reads {
		// A required read counts too: the helper caught its KeyError.
		if r.Var == "" || r.Var != read.Var || r.HasDefault {
			return v
		}
	}
	var fromParam, only *argSource
	var onlyValue *Value
	candidates := 0
	for _, name := range f.params {
		b, a := local.vars.Get(name), local.params[name]
		if b == nil || !a.span.Valid() || b.Value.IsUnknown() || (b.Value.Kind == Str && b.Value.Str == read.Var) {
			continue
		}
		candidates++
		only, onlyValue = &a, b.Value
		if b.Value == v || (v.Span.Valid() && v.Span == b.Value.Span) {
			fromParam = &a
		}
	}
	decider := fromParam
	if decider == nil && candidates == 1 && v.Kind == Bool && ev.fromHelperCode(v.Span) {
		// Only a flag that reads as the result decided it: "False" gives
		// False, while flag(name, on_value="yes") returning False did not.
		if b, ok := flagValue(onlyValue); ok && b == v.Bool {
			decider = only
		}
	}
	if decider == nil {
		return v
	}
	r := *read
	r.HasDefault, r.Required, r.Default, r.DefaultText = true, false, decider.span, decider.text
	c := *v
	c.Span, c.Env = decider.span, &r
	return &c
}

// fromHelperCode reports a span outside the module statement being
// evaluated: a literal a helper's code returned.
func (ev *evaluator) fromHelperCode(s Span) bool {
	return s.Valid() && (s.File != ev.at.File || s.End <= ev.at.Start || s.Start >= ev.at.End)
}

// flagValue reads a value as a flag: a bool, an int, or a string such as
// "true", "no", "1".
func flagValue(v *Value) (bool, bool) {
	switch v.Kind {
	case Bool:
		return v.Bool, true
	case Int:
		return v.Int != 0, true
	case Str:
		b, ok := decoupleBooleans[strings.ToLower(strings.TrimSpace(v.Str))]
		return b && v.Str != "", ok && v.Str != ""
	}
	return false, false
}

// envReadKey identifies a read in the module's list: the variable, and
// the expression in a helper that reads it.
type envReadKey struct {
	Var  string
	Call Span
}

// recordRead lists an env read in the module, once per place and variable
// when helpers make it, and notes it for the running helper calls.
func (ev *evaluator) recordRead(read *EnvRead) {
	if ev.calls == 0 {
		ev.m.EnvReads = append(ev.m.EnvReads, read)
		return
	}
	ev.helperReads = append(ev.helperReads, read)
	k := envReadKey{read.Var, read.Call}
	if ev.seenReads[k] {
		return
	}
	if ev.seenReads == nil {
		ev.seenReads = map[envReadKey]bool{}
	}
	ev.seenReads[k] = true
	ev.m.EnvReads = append(ev.m.EnvReads, read)
}
