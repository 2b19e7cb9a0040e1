package evaluator

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// Writes to the module namespace through globals() or vars()
// (../shared/rules.md, "More of what real modules do"):
//
//   - vars().update(d) / globals().update(d) with a dict whose keys are
//     known (a literal dict, env.email_url(), env.db(), env.cache(),
//     dj_email_url.parse()) writes exactly those keys, with their values
//     where they are known; globals()["X"] = v writes X;
//   - with any other dict, and when globals() or vars() is passed to any
//     call, every setting not assigned after it is unknown, including
//     those assigned before it (unknownGlobals).

// knownKeyCalls are the library calls whose result has known keys (and
// maybe more, written as unknown): django-environ's URL readers and
// dj-email-url.
var knownKeyCalls = map[string][]string{
	"envinstance.email_url": environEmailKeys, "envinstance.email": environEmailKeys,
	"envinstance.db": dbKeys, "envinstance.db_url": dbKeys,
	"envinstance.cache": {"BACKEND", "LOCATION", "OPTIONS"}, "envinstance.cache_url": {"BACKEND", "LOCATION", "OPTIONS"},
	"dj_email_url.parse": djEmailKeys, "dj_email_url.config": djEmailKeys,
}

var (
	environEmailKeys = []string{"EMAIL_FILE_PATH", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_BACKEND", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "OPTIONS"}
	djEmailKeys      = []string{"EMAIL_FILE_PATH", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_SSL", "EMAIL_USE_TLS", "EMAIL_TIMEOUT", "EMAIL_BACKEND", "SERVER_EMAIL", "DEFAULT_FROM_EMAIL"}
	dbKeys           = []string{"ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS"}
)

// globalsUpdate handles `globals().update(...)` / `vars().update(...)` as
// a statement.
func (ev *evaluator) globalsUpdate(stmt, call *treesitter.Node) {
	ev.untraceable()
	if ev.scope.parent != nil {
		ev.markDynamic(stmt) // a helper's globals may be another module's
		return
	}
	a := ev.evalArgs(call)
	if a.splat || len(a.pos) > 1 {
		ev.unknownGlobals(stmt)
		return
	}
	var keys, vals []*Value
	if len(a.pos) == 1 {
		d, ok := ev.knownKeys(a.posNodes[0], a.pos[0])
		if !ok {
			ev.unknownGlobals(stmt)
			return
		}
		keys, vals = d.Keys, d.Items
	}
	for i, k := range a.kwOrder {
		keys = append(keys, &Value{Kind: Str, Str: k})
		vals = append(vals, a.kwVals[i])
	}
	for i, k := range keys {
		ev.bind(stmt, call, call, k.Str, vals[i])
	}
}

// knownKeys returns the dict an argument of update() holds when its keys
// are all known strings.
func (ev *evaluator) knownKeys(n *treesitter.Node, v *Value) (*Value, bool) {
	if v.Kind == Dict {
		for _, k := range v.Keys {
			if k.Kind != Str || k.EnvName {
				return nil, false
			}
		}
		return v, true
	}
	if n == nil || n.Type() != "call" {
		return nil, false
	}
	fn := ev.expr(n.ChildByField("function"))
	names, ok := knownKeyCalls[fn.Str]
	if fn.Kind != Object || !ok {
		return nil, false
	}
	if fn.Str == "dj_email_url.config" && !ev.hasArgument(n, 1, "default") {
		// EMAIL_URL is unset in production and there is no default: {}.
		return &Value{Kind: Dict}, true
	}
	known := map[string]*Value{}
	if fn.Str == "envinstance.email_url" || fn.Str == "envinstance.email" {
		known = emailURLValues(v)
	}
	out := &Value{Kind: Dict}
	for _, k := range names {
		val, ok := known[k]
		if !ok {
			val = unknown()
		}
		out.Keys = append(out.Keys, &Value{Kind: Str, Str: k})
		out.Items = append(out.Items, val)
	}
	return out, true
}

// globalsItem handles `globals()[key] = v`: a known key is a plain
// assignment.
func (ev *evaluator) globalsItem(stmt, target *treesitter.Node, keys []*Value, v *Value) {
	ev.untraceable()
	if len(keys) != 1 || keys[0].Kind != Str || keys[0].EnvName || ev.scope.parent != nil {
		ev.unknownGlobals(stmt)
		return
	}
	ev.bind(stmt, target, stmt, keys[0].Str, v)
}

// unknownGlobals records a write to module globals that cannot be
// followed: the settings bound so far become unknown (but set), and those
// never bound may be set (Module.Dynamic).
func (ev *evaluator) unknownGlobals(n *treesitter.Node) {
	ev.untraceable()
	if ev.raised {
		return // the statement raised before the call: it never runs
	}
	ev.markDynamic(n)
	if ev.scope.parent != nil {
		return
	}
	vars := ev.scope.vars
	ev.charge(vars.Len())
	for name, b := range vars.All() {
		if !isSettingName(name) || b.Value.IsUnknown() && b.Value.Partial == Unknown {
			continue
		}
		nb := *b
		nb.Value = unknown()
		nb.Conditional = true
		vars.Set(name, &nb)
	}
}

// passesGlobals reports a call that hands the module namespace to code the
// evaluator does not follow: f(globals()), include(..., scope=vars()).
func passesGlobals(a *args) bool {
	isGlobals := func(v *Value) bool { return v.Kind == Object && v.Str == "globals()" }
	return slices.ContainsFunc(a.pos, isGlobals) || slices.ContainsFunc(a.kwVals, isGlobals)
}

// emailURLValues reads the settings an email URL default gives
// (smtp://user:password@host:587): where it is written, and what it says.
func emailURLValues(v *Value) map[string]*Value {
	out := map[string]*Value{}
	if v.Kind != Str {
		return out
	}
	u, err := url.Parse(v.Str)
	if err != nil || u.Scheme == "" {
		return out
	}
	str := func(s string) *Value { return &Value{Kind: Str, Str: s, Span: v.Span, Env: v.Env} }
	out["EMAIL_HOST"] = str(u.Hostname())
	out["EMAIL_HOST_USER"] = &Value{Kind: None, Span: v.Span, Env: v.Env}
	out["EMAIL_HOST_PASSWORD"] = &Value{Kind: None, Span: v.Span, Env: v.Env}
	if u.User != nil {
		out["EMAIL_HOST_USER"] = str(u.User.Username())
		if p, ok := u.User.Password(); ok {
			out["EMAIL_HOST_PASSWORD"] = str(p)
		}
	}
	if port, err := strconv.Atoi(u.Port()); err == nil {
		out["EMAIL_PORT"] = &Value{Kind: Int, Int: int64(port), Span: v.Span, Env: v.Env}
	}
	if backend, ok := emailBackends[strings.ToLower(u.Scheme)]; ok {
		out["EMAIL_BACKEND"] = str("django.core.mail.backends." + backend + ".EmailBackend")
	}
	return out
}

// emailBackends are django-environ's email URL schemes.
var emailBackends = map[string]string{
	"smtp": "smtp", "smtps": "smtp", "smtp+tls": "smtp", "smtp+ssl": "smtp",
	"consolemail": "console", "filemail": "filebased", "memorymail": "locmem", "dummymail": "dummy",
}

// hasArgument reports whether a call passes the argument at position i or
// by keyword name (or may, through a splat), without evaluating it.
func (ev *evaluator) hasArgument(call *treesitter.Node, i int, name string) bool {
	list := call.ChildByField("arguments")
	if list == nil {
		return false
	}
	pos := 0
	for _, c := range list.NamedChildren() {
		switch c.Type() {
		case "keyword_argument":
			if ev.text(c.ChildByField("name")) == name {
				return true
			}
		case "list_splat", "dictionary_splat":
			return true
		case "comment":
		default:
			if pos == i {
				return true
			}
			pos++
		}
	}
	return false
}
