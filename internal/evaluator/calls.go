package evaluator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// args is a call's evaluated argument list, keeping the nodes for spans.
type args struct {
	pos      []*Value
	posNodes []*treesitter.Node
	kwOrder  []string
	kwVals   []*Value
	kwNodes  []*treesitter.Node // the whole keyword_argument node
	splat    bool               // *args or **kwargs: the call cannot be followed
	// Room for the first positional arguments, so that the usual call
	// (env("X"), os.environ.get("X", "d")) takes one allocation.
	posBuf  [2]*Value
	nodeBuf [2]*treesitter.Node
}

// keyword returns a keyword argument's value and node.
func (a *args) keyword(name string) (*Value, *treesitter.Node, bool) {
	for i, k := range a.kwOrder {
		if k == name {
			return a.kwVals[i], a.kwNodes[i], true
		}
	}
	return nil, nil, false
}

func (a *args) arg(i int, kw string) (*Value, *treesitter.Node, bool) {
	if kw != "" {
		if v, n, ok := a.keyword(kw); ok {
			return v, n, true
		}
	}
	if i >= 0 && i < len(a.pos) {
		return a.pos[i], a.posNodes[i], true
	}
	return unknown(), nil, false // a missing argument reads as unknown, never nil
}

func (ev *evaluator) evalArgs(n *treesitter.Node) *args {
	a := &args{}
	a.pos, a.posNodes = a.posBuf[:0], a.nodeBuf[:0]
	list := n.ChildByField("arguments")
	if list == nil {
		return a
	}
	if list.Type() == "generator_expression" {
		a.pos = append(a.pos, ev.expr(list))
		a.posNodes = append(a.posNodes, list)
		return a
	}
	for _, c := range list.Children { // NamedChildren, without its slice
		if !c.Named || c.Type() == "comment" {
			continue
		}
		switch c.Type() {
		case "keyword_argument":
			a.kwOrder = append(a.kwOrder, ev.text(c.ChildByField("name")))
			a.kwVals = append(a.kwVals, ev.expr(c.ChildByField("value")))
			a.kwNodes = append(a.kwNodes, c)
		case "list_splat", "dictionary_splat":
			a.splat = true
		default:
			a.pos = append(a.pos, ev.expr(c))
			a.posNodes = append(a.posNodes, c)
		}
	}
	return a
}

// callStatement handles calls made for their effect: list mutations,
// os.environ writes, dynamic globals.
func (ev *evaluator) callStatement(stmt, n *treesitter.Node) {
	fn := n.ChildByField("function")
	if fn != nil && fn.Type() == "attribute" {
		obj := fn.ChildByField("object")
		method := ev.text(fn.ChildByField("attribute"))
		if obj != nil && obj.Type() == "identifier" {
			name := ev.text(obj)
			if b, ok := ev.scope.lookup(name); ok && (b.Value.IsSequence() || b.Value.Kind == Dict || b.Value.IsPartialSequence()) {
				if v, handled := ev.mutatingMethod(b.Value, method, ev.evalArgs(n), ev.span(stmt)); handled {
					ev.mutate(name, stmt, v)
					return
				}
			}
		}
		if obj != nil && obj.Type() == "call" && isGlobalsCall(ev, obj) {
			if method == "update" {
				ev.globalsUpdate(stmt, n)
			} else {
				ev.unknownGlobals(stmt)
			}
			return
		}
	}
	ev.call(n)
}

func isGlobalsCall(ev *evaluator, n *treesitter.Node) bool {
	fn := n.ChildByField("function")
	if fn == nil || fn.Type() != "identifier" {
		return false
	}
	switch ev.text(fn) {
	case "globals", "vars", "locals":
		_, shadowed := ev.scope.lookup(ev.text(fn))
		return !shadowed
	}
	return false
}

// mutatingMethod applies list.append/insert/extend/remove and dict.update.
func (ev *evaluator) mutatingMethod(v *Value, method string, a *args, sp Span) (*Value, bool) {
	if out, handled := ev.partialMethod(v, method, a); handled {
		return out, true
	}
	c := *v
	c.sz = 0
	c.Items = append([]*Value(nil), v.Items...)
	c.Keys = append([]*Value(nil), v.Keys...)
	switch {
	case method == "append" && v.Kind == List && len(a.pos) == 1:
		c.Items = append(c.Items, a.pos[0])
	case method == "insert" && v.Kind == List && len(a.pos) == 2:
		if a.pos[0].Kind != Int {
			return unknown(), true
		}
		i := int(a.pos[0].Int)
		if i < 0 {
			i += len(c.Items)
		}
		i = max(0, min(i, len(c.Items)))
		c.Items = append(c.Items[:i], append([]*Value{a.pos[1]}, c.Items[i:]...)...)
	case method == "extend" && v.Kind == List && len(a.pos) == 1:
		if !a.pos[0].IsSequence() {
			return unknown(), true
		}
		c.Items = append(c.Items, a.pos[0].Items...)
	case method == "remove" && v.Kind == List && len(a.pos) == 1:
		for i, it := range c.Items {
			if e, ok := ev.eq(it, a.pos[0]); ok && e {
				c.Items = append(c.Items[:i], c.Items[i+1:]...)
				return &c, true
			}
		}
		return unknown(), true
	case method == "add" && v.Kind == Set && len(a.pos) == 1:
		c.Items = append(c.Items, a.pos[0])
	case method == "update" && v.Kind == Dict && len(a.pos) <= 1:
		out := &c
		if len(a.pos) == 1 {
			if a.pos[0].Kind != Dict {
				return unknown(), true
			}
			if size(v)+size(a.pos[0]) > MaxValueSize {
				return unknown(), true
			}
			for i := range a.pos[0].Keys {
				out = ev.dictSet(out, a.pos[0].Keys[i], a.pos[0].Items[i])
			}
		}
		for i, k := range a.kwOrder {
			out = ev.dictSet(out, &Value{Kind: Str, Str: k}, a.kwVals[i])
		}
		return out, true
	case method == "setdefault" && v.Kind == Dict && len(a.pos) == 2:
		if _, ok := v.Get(a.pos[0].Str); ok {
			return v, true
		}
		return ev.dictSet(&c, a.pos[0], a.pos[1]), true
	default:
		return nil, false
	}
	return &c, true
}

// call evaluates a call expression.
func (ev *evaluator) call(n *treesitter.Node) *Value {
	fnNode := n.ChildByField("function")
	fn := ev.expr(fnNode)
	a := ev.evalArgs(n)
	if passesGlobals(a) && fn.Str != "split_settings.tools.include" {
		// The callee may write any global. (django-split-settings'
		// include(..., scope=globals()) is followed as its files instead.)
		ev.unknownGlobals(n)
	}
	if fn.Kind != Object {
		return unknown()
	}
	ref := fn.Str
	switch {
	case ref == "os.getenv" || ref == "os.environ.get" || ref == "environ.get":
		key, _, _ := a.arg(0, "key")
		_, defNode, has := a.arg(1, "default")
		if !has {
			return ev.envRead(n, "os", key, nil, "")
		}
		return ev.envRead(n, "os", key, defNode, "")
	case ref == "os.environ.setdefault":
		key, _, _ := a.arg(0, "key")
		_, defNode, _ := a.arg(1, "default")
		v := ev.envRead(n, "os", key, defNode, "")
		if key.Kind == Str {
			ev.setEnvWrite(key.Str, v)
		}
		return v
	case ref == "decouple.config" || ref == "decouple.config.get":
		return ev.decoupleRead(n, a)
	case ref == "environ.Env" || ref == "environ.FileAwareEnv" || ref == "environs.Env":
		return envInstance(a)
	case ref == "envinstance" || strings.HasPrefix(ref, "envinstance."):
		return ev.environRead(n, fn, strings.TrimPrefix(strings.TrimPrefix(ref, "envinstance"), "."), a)
	case ref == "environ.Env.read_env" || ref == "dotenv.load_dotenv" || ref == "dotenv.read_dotenv":
		ev.m.UsesDotEnv = true
		return noneVal(Span{})
	case ref == "dj_database_url.config" || ref == "dj_database_url.parse":
		return ev.databaseURL(n, ref, a)
	case ref == "decouple.Csv":
		return objectWith("decouple.Csv()", a)
	case ref == "decouple.Choices":
		return objectWith("decouple.Choices()", a)
	case ref == "decouple.AutoConfig" || ref == "decouple.Config":
		return object("decouple.config")
	case ref == "configparser.ConfigParser" || ref == "configparser.RawConfigParser":
		return object("configparser.instance")
	case strings.HasPrefix(ref, "configparser.instance."):
		return ev.configParserRead(ref, a)
	case ref == "django.core.management.utils.get_random_secret_key" || strings.HasPrefix(ref, "secrets."):
		return &Value{Kind: Unknown, Random: true, Span: ev.span(n)}
	case ref == "distutils.util.strtobool" || ref == "strtobool":
		return strToBool(a, ev)
	case ref == "str2bool.str2bool":
		v, _, _ := a.arg(0, "")
		if v != nil && v.Kind == Str {
			t := map[string]bool{"yes": true, "true": true, "t": true, "y": true, "1": true}[strings.ToLower(v.Str)]
			r := boolVal(t, v.Span)
			r.Env = v.Env
			return r
		}
		return unknown()
	case strings.HasPrefix(ref, "configurations.values.") && !strings.HasSuffix(ref, "()"):
		return ev.configValue(n, strings.TrimPrefix(ref, "configurations.values."), a)
	case ref == "split_settings.tools.include":
		return ev.include(n, a)
	case ref == "json.loads":
		return jsonLoads(a)
	case ref == "function":
		return ev.callFunction(fn, a)
	case strings.HasPrefix(ref, "builtin."):
		return ev.builtin(n, strings.TrimPrefix(ref, "builtin."), a)
	case strings.HasPrefix(ref, "method."):
		return ev.method(strings.TrimPrefix(ref, "method."), fn.Items[0], a)
	case strings.HasSuffix(ref, ".read_text") || strings.HasSuffix(ref, ".read") || strings.HasSuffix(ref, ".read_bytes"):
		ev.raise() // the file is absent in the production world
		return unknown()
	}
	// Another library's call: keep following attribute chains such as
	// Path(...).read_text(), but the value itself stays unknown.
	return &Value{Kind: Object, Str: ref + "()"}
}

// envRead evaluates a read of an environment variable. defNode is the
// default argument (a keyword_argument node or the value itself) or nil.
func (ev *evaluator) envRead(call *treesitter.Node, lib string, key *Value, defNode *treesitter.Node, cast string) *Value {
	// The read and the value it gives, in one allocation: the value
	// points to its read, and both live as long as the module.
	pair := &envReadValue{read: EnvRead{Library: lib, Call: ev.span(call), Cast: cast}}
	read := &pair.read
	if key != nil && key.Kind == Str {
		read.Var = key.Str
	}
	ev.recordRead(read)
	if w, ok := ev.envWrite(read.Var); ok && read.Var != "" {
		return w
	}
	if p, ok := platformVars[read.Var]; ok {
		return (&Value{Kind: Str, Str: "<set by " + p + ">", Span: read.Call, Env: read}).
			setNote(read.Var + " is set by " + p + " when the app is deployed")
	}
	if defNode == nil {
		if lib == "os" && call.Type() == "call" {
			// os.getenv / os.environ.get without a default: None.
			v := &pair.value
			*v = Value{Kind: None, Span: read.Call, Env: read}
			if isEnvNameVar(read.Var) {
				return envNameValue(v, read.Var)
			}
			return v
		}
		read.Required = true
		ev.raise() // KeyError / ImproperlyConfigured when unset
		v := &pair.value
		*v = Value{Kind: Unknown, Env: read, Span: read.Call}
		if isEnvNameVar(read.Var) {
			return envNameValue(v, read.Var)
		}
		return v
	}
	read.HasDefault = true
	read.Default, read.DefaultText = ev.span(defNode), ev.literalText(ev.text(defNode))
	valueNode := defNode
	if defNode.Type() == "keyword_argument" {
		valueNode = defNode.ChildByField("value")
	}
	if a, ok := ev.paramSource(ev.text(valueNode)); ok && valueNode.Type() == "identifier" && a.span.Valid() {
		// The default came through a helper's parameter: it is the call's
		// argument (or the def's default), not the parameter's name.
		read.Default, read.DefaultText = a.span, a.text
	}
	d := ev.expr(valueNode)
	c := &pair.value
	*c = *d
	c.Span = read.Default
	c.Env = read
	if isEnvNameVar(read.Var) && (c.Kind == Str || c.Kind == None) {
		return envNameValue(c, read.Var)
	}
	return c
}

// envReadValue is an env read with the value it gives.
type envReadValue struct {
	read  EnvRead
	value Value
}

// decoupleBooleans is python-decouple's table for cast=bool.
var decoupleBooleans = map[string]bool{"1": true, "yes": true, "true": true, "on": true, "y": true, "t": true,
	"0": false, "no": false, "false": false, "off": false, "n": false, "f": false, "": false}

// decoupleRead evaluates python-decouple's config(name, default=, cast=):
// decouple casts the default too.
func (ev *evaluator) decoupleRead(n *treesitter.Node, a *args) *Value {
	key, _, _ := a.arg(0, "option")
	for i, k := range a.kwOrder {
		if k != "default" && k != "cast" && k != "option" {
			ev.misuse(a.kwNodes[i], fmt.Sprintf("Argument %q of config() raises TypeError at start-up\npython-decouple's config() takes no %q argument: it raises TypeError at start-up.", k, k))
		}
	}
	_, defNode, has := a.arg(1, "default")
	castV, castNode, hasCast := a.arg(2, "cast")
	castName := ""
	if hasCast {
		castName = castLabel(castV)
		if castV.Kind == Unknown && castNode != nil {
			vn := castNode
			if vn.Type() == "keyword_argument" {
				vn = vn.ChildByField("value")
			}
			if vn.Type() == "identifier" {
				ev.misuse(castNode, fmt.Sprintf("Cast %s cannot be called here: config() fails at start-up\ncast=%s is not a name python-decouple can call here.", ev.text(vn), ev.text(vn)))
			}
		}
	}
	if !has {
		return ev.envRead(n, "decouple", key, nil, castName)
	}
	v := ev.envRead(n, "decouple", key, defNode, castName)
	if !hasCast || v.EnvName {
		return v
	}
	out, err := decoupleCast(v, castV)
	if err != "" {
		ev.misuse(defNode, err)
		return &Value{Kind: Unknown, Env: v.Env, Span: v.Span}
	}
	if out == unknownValue { // shared: never written
		out = &Value{Kind: Unknown}
	}
	out.Span, out.Env = v.Span, v.Env
	return out
}

func castLabel(c *Value) string {
	if c == nil || c.Kind != Object {
		return ""
	}
	return strings.TrimPrefix(strings.TrimPrefix(c.Str, "builtin."), "decouple.")
}

// decoupleCast applies a decouple cast to a default value.
func decoupleCast(v, cast *Value) (*Value, string) {
	if v.Kind == Unknown || cast.Kind != Object {
		return unknown(), ""
	}
	switch cast.Str {
	case "builtin.bool":
		s := strings.ToLower(pyStr(v))
		b, ok := decoupleBooleans[s]
		if !ok {
			return nil, fmt.Sprintf("Default %s cannot pass cast=bool: ValueError at start-up\ndefault=%s cannot pass cast=bool: python-decouple raises ValueError at start-up.", v.Repr(), v.Repr())
		}
		return &Value{Kind: Bool, Bool: b}, ""
	case "builtin.int":
		if v.Kind == Int {
			return v, ""
		}
		i, err := strconv.ParseInt(strings.TrimSpace(pyStr(v)), 10, 64)
		if err != nil {
			return nil, fmt.Sprintf("Default %s cannot pass cast=int: ValueError at start-up\ndefault=%s cannot pass cast=int: python-decouple raises ValueError at start-up.", v.Repr(), v.Repr())
		}
		return &Value{Kind: Int, Int: i}, ""
	case "builtin.float":
		f, err := strconv.ParseFloat(strings.TrimSpace(pyStr(v)), 64)
		if err != nil {
			return nil, fmt.Sprintf("Default %s cannot pass cast=float: ValueError at start-up\ndefault=%s cannot pass cast=float: python-decouple raises ValueError at start-up.", v.Repr(), v.Repr())
		}
		return floatVal(f, Span{}), ""
	case "builtin.str":
		return &Value{Kind: Str, Str: pyStr(v)}, ""
	case "builtin.list", "builtin.tuple":
		if v.IsSequence() {
			return v, ""
		}
		return unknown(), ""
	case "decouple.Csv()":
		return csvCast(v, cast.payload().(*args)), ""
	case "decouple.Choices()":
		return v, ""
	}
	return unknown(), ""
}

// csvCast splits a default string as decouple's Csv() does.
func csvCast(v *Value, a *args) *Value {
	if v.IsSequence() {
		return v
	}
	if v.Kind != Str {
		return unknown()
	}
	sep := ","
	if d, _, ok := a.arg(-1, "delimiter"); ok && d.Kind == Str {
		sep = d.Str
	}
	out := &Value{Kind: List}
	if pp, _, ok := a.arg(-1, "post_process"); ok && pp.Kind == Object && pp.Str == "builtin.tuple" {
		out.Kind = Tuple
	}
	for _, part := range strings.Split(v.Str, sep) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		out.Items = append(out.Items, &Value{Kind: Str, Str: part, Span: v.Span, Env: v.Env})
	}
	return out
}

// pyStr is Python's str() of a known value.
func pyStr(v *Value) string {
	if v.Kind == Str {
		return v.Str
	}
	return v.Repr()
}

// envInstance builds a django-environ Env with its schema:
// Env(DEBUG=(bool, False)).
func envInstance(a *args) *Value {
	schema := map[string]*Value{}
	for i, k := range a.kwOrder {
		schema[k] = a.kwVals[i]
	}
	return objectWith("envinstance", schema)
}

// environCasts are django-environ's typed readers.
var environCasts = map[string]string{"": "", "str": "str", "bool": "bool", "int": "int", "float": "float",
	"list": "list", "tuple": "tuple", "dict": "dict", "json": "json", "url": "url", "path": "path",
	"db": "db", "db_url": "db", "cache": "cache", "cache_url": "cache", "email": "email", "email_url": "email",
	"search_url": "search", "parse_value": ""}

// environRead evaluates django-environ's env("X", default=) and env.bool(...):
// it never casts a default, except db/cache/email URLs, which it parses.
func (ev *evaluator) environRead(n *treesitter.Node, fn *Value, method string, a *args) *Value {
	if method == "read_env" {
		ev.m.UsesDotEnv = true
		return noneVal(Span{})
	}
	cast, known := environCasts[method]
	if !known {
		return unknown()
	}
	key, _, _ := a.arg(0, "var")
	_, defNode, has := a.arg(1, "default")
	var v *Value
	if !has {
		schema, _ := fn.payload().(map[string]*Value)
		if key != nil && key.Kind == Str && schema[key.Str] != nil {
			// The schema's default applies: Env(X=(cast, default)).
			entry := schema[key.Str]
			if entry.Kind == Tuple && len(entry.Items) == 2 {
				d := *entry.Items[1]
				read := &EnvRead{Var: key.Str, Library: "environ", Call: ev.span(n), HasDefault: true, Default: d.Span, Cast: castLabel(entry.Items[0])}
				ev.m.EnvReads = append(ev.m.EnvReads, read)
				d.Env = read
				if isEnvNameVar(key.Str) && d.Kind == Str {
					return envNameValue(&d, key.Str)
				}
				return &d
			}
			return ev.envRead(n, "environ", key, nil, cast)
		}
		return ev.envRead(n, "environ", key, nil, cast)
	}
	v = ev.envRead(n, "environ", key, defNode, cast)
	if v.EnvName {
		return v
	}
	switch cast {
	case "db":
		return ev.parsedURL(v, "db")
	case "cache", "email", "search":
		return v
	case "bool", "int", "float":
		if v.Kind == Str {
			ev.misuse(defNode, fmt.Sprintf("Default %s is a string, not a %s: env.%s() does not convert it\ndjango-environ returns a default as written: %s is a string, not a %s, and env.%s() does not convert it.", v.Repr(), cast, method, v.Repr(), cast, method))
		}
	case "list", "tuple":
		if v.Kind == Str {
			ev.misuse(defNode, fmt.Sprintf("Default %s stays a string: pass a %s\ndjango-environ returns a default as written: %s stays a string; pass a %s.", v.Repr(), cast, v.Repr(), cast))
		}
	}
	return v
}

// misuse records an env-library call that fails or misleads at start-up.
func (ev *evaluator) misuse(n *treesitter.Node, msg string) {
	if n == nil {
		return
	}
	ev.m.Misuses = append(ev.m.Misuses, Misuse{Span: ev.span(n), Message: msg})
}

// databaseURL evaluates dj_database_url.config(default=...) and parse(url).
func (ev *evaluator) databaseURL(n *treesitter.Node, ref string, a *args) *Value {
	var v *Value
	if ref == "dj_database_url.parse" {
		url, _, ok := a.arg(0, "url")
		if !ok {
			return unknown()
		}
		v = url
	} else {
		envName := "DATABASE_URL"
		if e, _, ok := a.arg(-1, "env"); ok && e.Kind == Str {
			envName = e.Str
		}
		_, defNode, has := a.arg(0, "default")
		if !has {
			ev.envRead(n, "dj_database_url", &Value{Kind: Str, Str: envName}, nil, "db")
			return &Value{Kind: Dict, Span: ev.span(n)} // unset and no default: {}
		}
		v = ev.envRead(n, "dj_database_url", &Value{Kind: Str, Str: envName}, defNode, "db")
	}
	out := ev.parsedURL(v, "db")
	if out.Kind == Dict {
		if c, node, ok := a.arg(-1, "conn_max_age"); ok {
			out = ev.dictSet(out, &Value{Kind: Str, Str: "CONN_MAX_AGE"}, c.withSpan(ev.span(node)))
		}
	}
	return out
}

// parsedURL turns a database URL default into a settings dict.
func (ev *evaluator) parsedURL(v *Value, kind string) *Value {
	if v.Partial == Str {
		return partialDatabaseURL(v)
	}
	if v.Kind != Str {
		return v
	}
	db, ok := ParseDatabaseURL(v.Str)
	if !ok {
		return unknown()
	}
	out := &Value{Kind: Dict, Span: v.Span, Env: v.Env}
	for _, k := range []string{"ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"} {
		if val, ok := db[k]; ok {
			out.Keys = append(out.Keys, &Value{Kind: Str, Str: k})
			out.Items = append(out.Items, &Value{Kind: Str, Str: val, Span: v.Span, Env: v.Env})
		}
	}
	return out
}

// configParserRead evaluates ConfigParser reads: the file is absent in the
// production world, so fallback= applies.
func (ev *evaluator) configParserRead(ref string, a *args) *Value {
	method := strings.TrimPrefix(ref, "configparser.instance.")
	switch method {
	case "read", "read_file", "read_string":
		return unknown()
	case "has_option", "has_section":
		return boolVal(false, Span{})
	case "get", "getboolean", "getint", "getfloat":
		fb, node, ok := a.arg(-1, "fallback")
		if !ok {
			ev.raise()
			return unknown()
		}
		c := *fb
		c.Span = ev.span(node)
		c.Env = &EnvRead{Library: "config", Default: c.Span, HasDefault: true}
		return &c
	}
	return unknown()
}

func strToBool(a *args, ev *evaluator) *Value {
	v, _, _ := a.arg(0, "val")
	if v == nil || v.Kind != Str {
		return unknown()
	}
	s := strings.ToLower(v.Str)
	var r int64
	switch s {
	case "y", "yes", "t", "true", "on", "1":
		r = 1
	case "n", "no", "f", "false", "off", "0":
	default:
		ev.raise()
		return unknown()
	}
	out := intVal(r, v.Span)
	out.Env = v.Env
	out.setNote("strtobool returns an int, not a bool")
	return out
}

func jsonLoads(a *args) *Value {
	v, _, _ := a.arg(0, "s")
	if v == nil || v.Kind != Str {
		return unknown()
	}
	var x any
	if err := json.Unmarshal([]byte(v.Str), &x); err != nil {
		return unknown()
	}
	out := fromJSON(x)
	out.Span, out.Env = v.Span, v.Env
	return out
}

func fromJSON(x any) *Value {
	switch t := x.(type) {
	case nil:
		return &Value{Kind: None}
	case bool:
		return &Value{Kind: Bool, Bool: t}
	case float64:
		if t == float64(int64(t)) {
			return &Value{Kind: Int, Int: int64(t)}
		}
		return floatVal(t, Span{})
	case string:
		return &Value{Kind: Str, Str: t}
	case []any:
		out := &Value{Kind: List}
		for _, it := range t {
			out.Items = append(out.Items, fromJSON(it))
		}
		return out
	case map[string]any:
		out := &Value{Kind: Dict}
		for k, it := range t {
			out.Keys = append(out.Keys, &Value{Kind: Str, Str: k})
			out.Items = append(out.Items, fromJSON(it))
		}
		return out
	}
	return unknown()
}
