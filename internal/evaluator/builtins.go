package evaluator

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// builtin evaluates a call of a Python builtin.
func (ev *evaluator) builtin(n *treesitter.Node, name string, a *args) *Value {
	x, _, has := a.arg(0, "")
	switch name {
	case "globals", "vars", "locals":
		return object("globals()")
	case "exec", "eval", "setattr":
		if name == "exec" && (ev.raised || ev.guarded() && ev.readsFile(a)) {
			// exec(open(".../local_settings.py").read()) under try or a
			// condition: the file is absent in production, so nothing runs.
			ev.optionalImport(n, "exec(open(...))")
			return unknown()
		}
		ev.markDynamic(n)
		return unknown()
	case "open":
		ev.raise() // the file is absent in the production world
		return unknown()
	case "getattr":
		// getattr(config_module, "X", default): the default applies, like an env default.
		if d, node, ok := a.arg(2, ""); ok {
			c := *d
			c.Span = ev.span(node)
			return &c
		}
		return unknown()
	}
	if !has {
		switch name {
		case "list":
			return &Value{Kind: List}
		case "dict":
			out := &Value{Kind: Dict}
			for i, k := range a.kwOrder {
				out = ev.dictSet(out, &Value{Kind: Str, Str: k}, a.kwVals[i])
			}
			return out
		case "tuple":
			return &Value{Kind: Tuple}
		case "set", "frozenset":
			return &Value{Kind: Set}
		case "str":
			return &Value{Kind: Str}
		case "bool":
			return &Value{Kind: Bool}
		case "int":
			return &Value{Kind: Int}
		}
		return unknown()
	}
	keep := func(out *Value) *Value {
		out.Span, out.Env, out.FromDebug = x.Span, x.Env, x.FromDebug
		return out
	}
	switch name {
	case "bool":
		t, ok := x.Truth()
		if !ok {
			return unknown()
		}
		out := keep(&Value{Kind: Bool, Bool: t})
		if x.Kind == Str && x.Env != nil {
			out.setNote("bool() of a string is True for any non-empty value, \"False\" included")
		}
		return out
	case "int":
		switch x.Kind {
		case Int:
			return x
		case Bool:
			return keep(&Value{Kind: Int, Int: int64(numeric(x))})
		case Float:
			return keep(&Value{Kind: Int, Int: int64(x.float())})
		case Str:
			i, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(x.Str), "_", ""), 10, 64)
			if err != nil {
				ev.raise()
				return unknown()
			}
			return keep(&Value{Kind: Int, Int: i})
		case None:
			ev.raise() // int(None): TypeError
		}
		return unknown()
	case "float":
		switch x.Kind {
		case Int, Bool, Float:
			return keep(floatVal(numeric(x), Span{}))
		case Str:
			f, err := strconv.ParseFloat(strings.TrimSpace(x.Str), 64)
			if err != nil {
				ev.raise()
				return unknown()
			}
			return keep(floatVal(f, Span{}))
		}
		return unknown()
	case "str":
		if x.IsUnknown() || x.Kind == Object {
			return unknown()
		}
		return keep(&Value{Kind: Str, Str: pyStr(x)})
	case "list", "tuple", "set", "frozenset", "sorted":
		kind := map[string]Kind{"list": List, "tuple": Tuple, "set": Set, "frozenset": Set, "sorted": List}[name]
		switch {
		case x.IsSequence():
			return keep(&Value{Kind: kind, Items: x.Items})
		case x.IsPartialSequence():
			return atLeast(kind, x.Span, x.Items) // partial.go
		case x.Kind == Dict:
			return keep(&Value{Kind: kind, Items: x.Keys})
		case x.Kind == Str:
			if 2*len(x.Str) > MaxValueSize {
				return unknown()
			}
			out := &Value{Kind: kind}
			for _, r := range x.Str {
				out.Items = append(out.Items, &Value{Kind: Str, Str: string(r), Span: x.Span, Env: x.Env})
			}
			return keep(out)
		}
		return unknown()
	case "dict":
		if x.Kind == Dict {
			return x
		}
		return unknown()
	case "len":
		if x.IsSequence() || x.Kind == Dict {
			return intVal(int64(len(x.Items)), Span{})
		}
		if x.Kind == Str {
			return intVal(int64(len([]rune(x.Str))), Span{})
		}
		return unknown()
	case "filter":
		seq, _, _ := a.arg(1, "")
		if x.Kind != None || seq == nil || !seq.IsSequence() {
			return unknown()
		}
		out := &Value{Kind: List, Span: seq.Span, Env: seq.Env}
		for _, it := range seq.Items {
			t, ok := it.Truth()
			if !ok {
				return unknown()
			}
			if t {
				out.Items = append(out.Items, it)
			}
		}
		return out
	case "map":
		seq, _, _ := a.arg(1, "")
		if seq == nil || !seq.IsSequence() || x.Kind != Object {
			return unknown()
		}
		fn := x.Str
		out := &Value{Kind: List, Span: seq.Span, Env: seq.Env}
		for _, it := range seq.Items {
			var r *Value
			switch {
			case strings.HasPrefix(fn, "builtin.str.") && it.Kind == Str:
				r = ev.method(strings.TrimPrefix(fn, "builtin.str."), it, &args{})
			case strings.HasPrefix(fn, "builtin."):
				r = ev.builtin(n, strings.TrimPrefix(fn, "builtin."), &args{pos: []*Value{it}, posNodes: []*treesitter.Node{nil}})
			default:
				return unknown()
			}
			out.Items = append(out.Items, r)
		}
		return out
	case "any", "all":
		if !x.IsSequence() {
			return unknown()
		}
		res := name == "all"
		for _, it := range x.Items {
			t, ok := it.Truth()
			if !ok {
				return unknown()
			}
			if name == "any" && t {
				res = true
			}
			if name == "all" && !t {
				res = false
			}
		}
		return &Value{Kind: Bool, Bool: res}
	}
	return unknown()
}

// method evaluates a method call on a known value.
func (ev *evaluator) method(name string, recv *Value, a *args) *Value {
	keep := func(out *Value) *Value {
		out.Span, out.Env, out.EnvName, out.FromDebug = recv.Span, recv.Env, recv.EnvName, recv.FromDebug
		return out
	}
	arg0, _, has0 := a.arg(0, "")
	switch recv.Kind {
	case Str:
		s := recv.Str
		switch name {
		case "lower", "casefold":
			return keep(&Value{Kind: Str, Str: strings.ToLower(s)})
		case "upper":
			return keep(&Value{Kind: Str, Str: strings.ToUpper(s)})
		case "title", "capitalize":
			if s == "" {
				return keep(&Value{Kind: Str})
			}
			return keep(&Value{Kind: Str, Str: strings.ToUpper(s[:1]) + strings.ToLower(s[1:])})
		case "strip", "lstrip", "rstrip":
			cut := " \t\n\r\x0b\x0c"
			if has0 && arg0.Kind == Str {
				cut = arg0.Str
			}
			f := map[string]func(string, string) string{"strip": strings.Trim, "lstrip": strings.TrimLeft, "rstrip": strings.TrimRight}[name]
			return keep(&Value{Kind: Str, Str: f(s, cut)})
		case "split", "rsplit":
			out := &Value{Kind: List}
			parts, ok := splitString(name, s, a)
			if !ok {
				return unknown()
			}
			spans := ev.partSpans(recv.Span, s, parts)
			for i, p := range parts {
				sp := recv.Span
				if spans != nil {
					sp = spans[i]
				}
				out.Items = append(out.Items, &Value{Kind: Str, Str: p, Span: sp, Env: recv.Env})
			}
			out.Span, out.Env = recv.Span, recv.Env
			return out
		case "startswith", "endswith":
			if !has0 {
				return unknown()
			}
			var prefixes []string
			if arg0.Kind == Str {
				prefixes = []string{arg0.Str}
			} else if ss, ok := arg0.Strings(); ok {
				prefixes = ss
			} else {
				return unknown()
			}
			res := false
			for _, p := range prefixes {
				if recv.EnvName {
					res = res || (name == "startswith" && strings.HasPrefix("production", strings.ToLower(p)) && p != "")
					continue
				}
				if (name == "startswith" && strings.HasPrefix(s, p)) || (name == "endswith" && strings.HasSuffix(s, p)) {
					res = true
				}
			}
			return keep(&Value{Kind: Bool, Bool: res})
		case "replace":
			b, _, ok := a.arg(1, "")
			if !has0 || !ok || arg0.Kind != Str || b.Kind != Str {
				return unknown()
			}
			if grow := len(b.Str) - len(arg0.Str); grow > 0 && len(s)+strings.Count(s, arg0.Str)*grow > MaxValueSize {
				return unknown()
			}
			return keep(&Value{Kind: Str, Str: strings.ReplaceAll(s, arg0.Str, b.Str)})
		case "join":
			items, ok := arg0.Strings()
			if !has0 || !ok || arg0.HasUnknownItems() {
				return unknown()
			}
			total := len(s) * max(len(items)-1, 0)
			for _, it := range items {
				total += len(it)
			}
			if len(items) > MaxValueSize || total > MaxValueSize {
				return unknown()
			}
			return &Value{Kind: Str, Str: strings.Join(items, s), Span: arg0.Span, Env: arg0.Env}
		case "encode":
			return keep(&Value{Kind: Bytes, Str: s})
		case "format":
			return formatPrefix(recv) // partial.go
		case "isdigit":
			_, err := strconv.Atoi(s)
			return keep(&Value{Kind: Bool, Bool: err == nil && s != ""})
		}
	case Bytes:
		if name == "decode" {
			return keep(&Value{Kind: Str, Str: recv.Str})
		}
	case Dict:
		switch name {
		case "get":
			if !has0 {
				return unknown()
			}
			for i := len(recv.Keys) - 1; i >= 0; i-- {
				if e, ok := ev.eq(recv.Keys[i], arg0); ok && e {
					return recv.Items[i]
				}
			}
			if d, _, ok := a.arg(1, ""); ok {
				return d
			}
			return noneVal(Span{})
		case "copy":
			return recv
		case "keys":
			return &Value{Kind: List, Items: recv.Keys}
		case "values":
			return &Value{Kind: List, Items: recv.Items}
		}
	case List, Tuple, Set:
		if name == "copy" {
			return recv
		}
		if name == "index" || name == "count" {
			return unknown()
		}
	}
	return unknown()
}

// ParseDatabaseURL parses a dj-database-url / django-environ database URL
// into settings keys (ENGINE, NAME, USER, PASSWORD, HOST, PORT).
func ParseDatabaseURL(raw string) (map[string]string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return nil, false
	}
	engines := map[string]string{
		"postgres": "django.db.backends.postgresql", "postgresql": "django.db.backends.postgresql",
		"pgsql": "django.db.backends.postgresql", "psql": "django.db.backends.postgresql",
		"postgis": "django.contrib.gis.db.backends.postgis", "mysql": "django.db.backends.mysql",
		"mysql2": "django.db.backends.mysql", "mysqlgis": "django.contrib.gis.db.backends.mysql",
		"oracle": "django.db.backends.oracle", "sqlite": "django.db.backends.sqlite3",
		"spatialite": "django.contrib.gis.db.backends.spatialite", "mssql": "mssql",
		"redshift": "django_redshift_backend", "cockroach": "django_cockroachdb", "timescale": "timescale.db.backends.postgresql",
	}
	scheme := strings.ToLower(u.Scheme)
	if i := strings.IndexByte(scheme, '+'); i > 0 {
		scheme = scheme[:i]
	}
	engine, ok := engines[scheme]
	if !ok {
		return nil, false
	}
	out := map[string]string{"ENGINE": engine, "NAME": strings.TrimPrefix(u.Path, "/")}
	if engine == "django.db.backends.sqlite3" || engine == "django.contrib.gis.db.backends.spatialite" {
		out["NAME"] = u.Path
		if u.Host == ":memory:" || u.Path == "/:memory:" {
			out["NAME"] = ":memory:"
		}
		return out, true
	}
	if u.User != nil {
		out["USER"] = u.User.Username()
		if p, ok := u.User.Password(); ok {
			out["PASSWORD"] = p
		}
	}
	out["HOST"] = u.Hostname()
	out["PORT"] = u.Port()
	return out, true
}
