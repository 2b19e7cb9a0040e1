package evaluator

import (
	"bytes"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// django-configurations: `class Prod(Base)` where Base derives from
// configurations.Configuration is a settings unit of its own. Its settings
// are the module's upper-case names overlaid with the class attributes
// along its MRO, and `values.BooleanValue(True)` reads DJANGO_DEBUG from
// the environment, with True when it is unset.

// ConfigClass is a class defined in a settings module.
type ConfigClass struct {
	Name string
	Span Span // the class name
	// Bases are the base classes the evaluator followed, in order.
	Bases []*ConfigClass
	// Configuration is set when the class is configurations.Configuration
	// itself (a stand-in with no attributes) or derives from it.
	Configuration bool
	// Unfollowed is set when a base is a class the evaluator cannot read
	// (from a library or an import outside the workspace): attributes it
	// could give are unknown, and whether the class is a Configuration
	// may be unknown too.
	Unfollowed bool
	Attrs      *Namespace // the class body's own names
	Order      []string   // upper-case attributes, in body order
	// Dynamic is a setup()/pre_setup()/post_setup() method: it may change
	// any setting at start-up.
	Dynamic *Span

	mro []*ConfigClass // computed once, when the class is defined
}

// configurationBase is configurations.Configuration.
var configurationBase = &ConfigClass{Name: "Configuration", Configuration: true}

// classValue is the value a class name is bound to.
func classValue(c *ConfigClass) *Value { return objectWith("class", c) }

func classOf(v *Value) (*ConfigClass, bool) {
	if v == nil || v.Kind != Object {
		return nil, false
	}
	if v.Str == "configurations.Configuration" || v.Str == "configurations.base.Configuration" {
		return configurationBase, true
	}
	c, ok := v.payload().(*ConfigClass)
	return c, ok
}

// defineClass evaluates a class body in its own namespace (which sees the
// module's names) and binds the class.
func (ev *evaluator) defineClass(n *treesitter.Node) {
	ev.untraceable()
	name, body := n.ChildByField("name"), n.ChildByField("body")
	if name == nil || body == nil {
		return
	}
	c := &ConfigClass{Name: ev.text(name), Span: ev.span(name), Attrs: NewNamespace()}
	if list := n.ChildByField("superclasses"); list != nil {
		for _, b := range list.NamedChildren() {
			if b.Type() == "keyword_argument" || b.Type() == "identifier" && ev.text(b) == "object" {
				continue // metaclass=..., or the implicit base
			}
			base, ok := classOf(ev.expr(b))
			if !ok {
				c.Unfollowed = true
				continue
			}
			c.Bases = append(c.Bases, base)
		}
	}
	if !ev.charge(mroCost(c.Bases)) {
		c.Bases, c.Unfollowed = nil, true // over the work budget: the module is Truncated
	}
	for _, b := range c.MRO() {
		c.Configuration = c.Configuration || b == configurationBase
	}
	outer := ev.scope
	ev.scope = &scope{vars: c.Attrs, parent: outer}
	ev.block(body.Children)
	c.Attrs = ev.scope.vars
	ev.scope = outer
	ev.settleClassAttrs(c, body)
	if ev.scope.parent == nil && c.Configuration {
		ev.m.Classes = append(ev.m.Classes, c)
	} else if ev.scope.parent == nil && c.Unfollowed {
		ev.m.unreadClasses = append(ev.m.unreadClasses, c)
	}
	ev.bind(n, name, n, c.Name, classValue(c))
	// A class is not a flag (class Prod is no PROD = True): the binding
	// just made keeps the class, whatever the world's conventions say.
	ev.scope.vars.Get(c.Name).Value = classValue(c)
}

// settleClassAttrs gives each values.*() attribute its environment read
// (the variable's name comes from the attribute's), lists the upper-case
// attributes in body order and notes setup methods.
func (ev *evaluator) settleClassAttrs(c *ConfigClass, body *treesitter.Node) {
	for _, name := range c.Attrs.SortedNames() {
		b := c.Attrs.Get(name)
		if pv, ok := b.Value.payload().(*pendingValue); ok && b.Value.Str == "configurations.value" {
			nb := *b
			nb.Value = ev.settleValue(name, pv)
			c.Attrs.Set(name, &nb)
		}
		if name == "DOTENV" {
			ev.m.UsesDotEnv = true
		}
	}
	for _, stmt := range body.Children {
		def := stmt
		if def.Type() == "decorated_definition" {
			def = def.ChildByField("definition")
		}
		if def == nil {
			continue
		}
		switch def.Type() {
		case "function_definition":
			switch ev.text(def.ChildByField("name")) {
			case "setup", "pre_setup", "post_setup":
				if c.Dynamic == nil {
					s := ev.span(def)
					c.Dynamic = &s
				}
			}
		case "expression_statement":
			for _, a := range def.NamedChildren() {
				if a.Type() != "assignment" && a.Type() != "augmented_assignment" {
					continue
				}
				if l := a.ChildByField("left"); l != nil && l.Type() == "identifier" && isSettingName(ev.text(l)) && !contains(c.Order, ev.text(l)) {
					c.Order = append(c.Order, ev.text(l))
				}
			}
		}
	}
	// Attributes assigned other than at the top of the body, in name order.
	for _, name := range c.Attrs.SortedNames() {
		if isSettingName(name) && !contains(c.Order, name) {
			c.Order = append(c.Order, name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MRO is the class's method resolution order, the class first (C3, as
// Python computes it; a hierarchy C3 rejects falls back to depth-first
// order).
func (c *ConfigClass) MRO() []*ConfigClass {
	if c.mro == nil {
		// Bases are defined before the class, so theirs are known: each
		// class is linearized once, however deep the hierarchy.
		c.mro = c.linearize()
	}
	return c.mro
}

// mroCost is what linearizing a class with these bases costs (the C3
// merge scans every remaining sequence for each class it places).
func mroCost(bases []*ConfigClass) int {
	total := len(bases)
	for _, b := range bases {
		total += len(b.MRO())
	}
	if total > 1<<12 {
		return WorkBudget + 1
	}
	return total * total
}

func (c *ConfigClass) linearize() []*ConfigClass {
	var seqs [][]*ConfigClass
	for _, b := range c.Bases {
		seqs = append(seqs, append([]*ConfigClass(nil), b.MRO()...))
	}
	seqs = append(seqs, append([]*ConfigClass(nil), c.Bases...))
	out := []*ConfigClass{c}
	for {
		seqs = dropEmpty(seqs)
		if len(seqs) == 0 {
			return out
		}
		next := c3Head(seqs)
		if next == nil {
			return append(out, depthFirst(seqs, out)...)
		}
		out = append(out, next)
		for i, s := range seqs {
			if s[0] == next {
				seqs[i] = s[1:]
			}
		}
	}
}

func dropEmpty(seqs [][]*ConfigClass) [][]*ConfigClass {
	out := seqs[:0]
	for _, s := range seqs {
		if len(s) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// c3Head is the first head of a sequence that no sequence has in its tail.
func c3Head(seqs [][]*ConfigClass) *ConfigClass {
	for _, s := range seqs {
		head, inTail := s[0], false
		for _, t := range seqs {
			for _, x := range t[1:] {
				inTail = inTail || x == head
			}
		}
		if !inTail {
			return head
		}
	}
	return nil
}

func depthFirst(seqs [][]*ConfigClass, seen []*ConfigClass) []*ConfigClass {
	var out []*ConfigClass
	done := map[*ConfigClass]bool{}
	for _, s := range seen {
		done[s] = true
	}
	for _, s := range seqs {
		for _, x := range s {
			if !done[x] {
				done[x] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// Settings returns the class's settings: upper-case attributes along the
// MRO, the nearest class winning, each binding where its class assigns it.
func (c *ConfigClass) Settings() map[string]*Binding {
	out := map[string]*Binding{}
	mro := c.MRO()
	for i := len(mro) - 1; i >= 0; i-- {
		for name, b := range mro[i].Attrs.All() {
			if isSettingName(name) {
				out[name] = b
			}
		}
	}
	return out
}

// attr is a class attribute looked up along the MRO (Base.INSTALLED_APPS).
func (c *ConfigClass) attr(name string) *Value {
	for _, k := range c.MRO() {
		if b := k.Attrs.Get(name); b != nil {
			return b.Value
		}
		if k.Unfollowed {
			return unknown()
		}
	}
	return unknown()
}

// Unfollowable reports a class whose settings cannot all be known: a base
// the evaluator could not read, or a setup method.
func (c *ConfigClass) Unfollowable() bool {
	for _, k := range c.MRO() {
		if k.Unfollowed || k.Dynamic != nil {
			return true
		}
	}
	return false
}

// View is the class as a settings module: the module's names overlaid
// with the class's settings. Path, Text and Root stay the module's.
func (m *Module) View(c *ConfigClass) *Module {
	v := *m
	v.memo = nil // a view's names differ from the module's
	v.Class, v.ClassSpan, v.class = c.Name, c.Span, c
	v.Names = m.Names.clone()
	v.Order = append([]string(nil), m.Order...)
	mro := c.MRO()
	for i := len(mro) - 1; i >= 0; i-- {
		for _, name := range mro[i].Order {
			if !contains(v.Order, name) {
				v.Order = append(v.Order, name)
			}
		}
	}
	for name, b := range c.Settings() {
		v.Names.Set(name, b)
	}
	for _, k := range mro {
		if k.Unfollowed {
			v.Unresolved = append(append([]Span(nil), v.Unresolved...), k.Span)
		}
		if k.Dynamic != nil && v.Dynamic == nil {
			v.Dynamic = k.Dynamic
		}
	}
	return &v
}

// pendingValue is a values.*() call before the attribute it is assigned
// to names its environment variable.
type pendingValue struct {
	kind        string // BooleanValue, ListValue, ...
	call        Span
	def         *Value // the default, converted as the class converts it
	defSpan     Span
	hasDefault  bool
	environ     bool
	required    bool
	environName string // "" when the attribute's name is used
	prefix      string // "" for none
}

// configValue evaluates values.<kind>(default, environ_name=,
// environ_prefix=, environ=, environ_required=).
func (ev *evaluator) configValue(n *treesitter.Node, kind string, a *args) *Value {
	ev.untraceable()
	if a.splat {
		return unknown()
	}
	pv := &pendingValue{kind: kind, call: ev.span(n), environ: true, prefix: "DJANGO"}
	if d, node, ok := a.arg(0, "default"); ok {
		if inner, ok := d.payload().(*pendingValue); ok && d.Str == "configurations.value" {
			d = inner.def // a Value used as another's default gives its default
		}
		pv.def, pv.defSpan, pv.hasDefault = d, ev.span(node), true
	}
	if v, _, ok := a.keyword("environ"); ok {
		t, known := v.Truth()
		if !known {
			return unknown()
		}
		pv.environ = t
	}
	if v, _, ok := a.keyword("environ_required"); ok {
		pv.required, _ = v.Truth()
	}
	switch kind {
	case "SecretValue":
		pv.environ, pv.required = true, true
	case "DatabaseURLValue", "CacheURLValue", "SearchURLValue", "EmailURLValue":
		pv.prefix = ""
		pv.environName = strings.ToUpper(strings.TrimSuffix(strings.TrimSuffix(kind, "Value"), "URL")) + "_URL"
	}
	if v, _, ok := a.keyword("environ_prefix"); ok {
		switch v.Kind {
		case Str:
			pv.prefix = strings.TrimSuffix(v.Str, "_")
		case None:
			pv.prefix = ""
		default:
			return unknown()
		}
	}
	if v, _, ok := a.keyword("environ_name"); ok {
		switch v.Kind {
		case Str:
			pv.environName = v.Str
		case None:
		default:
			return unknown()
		}
	}
	pv.def = ev.convertDefault(kind, pv.def, a)
	return objectWith("configurations.value", pv)
}

// convertDefault converts a default as the value class does when it is
// created (sequences and dicts; URL values parse theirs).
func (ev *evaluator) convertDefault(kind string, d *Value, a *args) *Value {
	if d == nil {
		d = noneVal(Span{})
	}
	switch kind {
	case "ListValue", "BackendsValue", "SingleNestedListValue":
		return asSequence(d, List)
	case "TupleValue", "SingleNestedTupleValue":
		return asSequence(d, Tuple)
	case "SetValue":
		return asSequence(d, Set)
	case "DictValue":
		if d.Kind == None {
			return &Value{Kind: Dict}
		}
		return d
	case "DatabaseURLValue":
		alias := "default"
		if v, _, ok := a.keyword("alias"); ok {
			if v.Kind != Str {
				return unknown()
			}
			alias = v.Str
		}
		if d.Kind == None {
			return &Value{Kind: Dict}
		}
		parsed := ev.parsedURL(d, "db")
		if parsed.Kind != Dict {
			return unknown()
		}
		return &Value{Kind: Dict, Keys: []*Value{{Kind: Str, Str: alias}}, Items: []*Value{parsed}}
	case "CacheURLValue", "SearchURLValue", "EmailURLValue", "PathValue":
		return unknown() // parsed or checked by another library: not followed
	}
	return d
}

func asSequence(d *Value, kind Kind) *Value {
	switch {
	case d.Kind == None:
		return &Value{Kind: kind, Span: d.Span}
	case d.IsSequence():
		c := *d
		c.Kind, c.sz = kind, 0
		return &c
	}
	return unknown()
}

// settleValue is a values.*() attribute's production value: the default
// when its variable is unset, nothing (required) for secrets.
func (ev *evaluator) settleValue(attr string, pv *pendingValue) *Value {
	if !pv.environ {
		if !pv.hasDefault {
			return unknown()
		}
		return pv.def.withSpan(pickSpan(pv.def, pv.defSpan))
	}
	name := pv.environName
	if name == "" {
		name = strings.ToUpper(attr)
	}
	if pv.prefix != "" {
		name = pv.prefix + "_" + name
	}
	read := &EnvRead{Var: name, Library: "configurations", Call: pv.call, Cast: pv.kind}
	ev.m.EnvReads = append(ev.m.EnvReads, read)
	if pv.required {
		read.Required = true
		return &Value{Kind: Unknown, Env: read, Span: pv.call}
	}
	if !pv.hasDefault {
		read.HasDefault = false
		v := *pv.def
		v.Span, v.Env = pv.call, read
		return &v
	}
	read.HasDefault, read.Default = true, pv.defSpan
	v := *pv.def
	v.Span, v.Env = pv.defSpan, read
	if isEnvNameVar(attr) && v.Kind == Str {
		return envNameValue(&v, attr)
	}
	return &v
}

// UnreadConfiguration names a class of a module that uses
// django-configurations whose bases the evaluator cannot follow, so it
// cannot tell whether the class is a settings class (or what it sets):
// "" when there is none. Only classes with upper-case attributes count (a
// storage subclass with lower-case options is no settings class).
func (m *Module) UnreadConfiguration() string {
	if m.memo != nil {
		return m.memo.unreadConfiguration
	}
	return m.unreadConfiguration()
}

func (m *Module) unreadConfiguration() string {
	usesConfigurations := false
	for _, b := range m.Names.All() {
		if b.Value != nil && b.Value.Kind == Object && strings.HasPrefix(b.Value.Str, "configurations") {
			usesConfigurations = true
			break
		}
	}
	if !usesConfigurations {
		return ""
	}
	for _, c := range m.unreadClasses {
		if len(c.Order) > 0 {
			return c.Name
		}
	}
	return ""
}

// ConfigurationClasses are the Configuration classes the module offers
// Django: those it defines, else those it imports (a production.py that
// only star-imports the module defining class Production).
func (m *Module) ConfigurationClasses() []*ConfigClass {
	if m.memo != nil {
		return m.memo.configurationClasses
	}
	return m.configurationClasses()
}

func (m *Module) configurationClasses() []*ConfigClass {
	if len(m.Classes) > 0 {
		return m.Classes
	}
	var out []*ConfigClass
	for _, b := range m.Names.All() {
		if b.Value == nil || b.Value.Str != "class" {
			continue // most names: no class to look at
		}
		if c, ok := classOf(b.Value); ok && c.Configuration && !containsClass(out, c) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Span.File != b.Span.File {
			return a.Span.File < b.Span.File
		}
		return a.Span.Start < b.Span.Start
	})
	return out
}

func containsClass(list []*ConfigClass, c *ConfigClass) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// moduleMemo holds what the engine asks of an evaluated module on every
// analysis: a module is immutable once evaluated (and reused from the
// evaluation cache across keystrokes), so each answer is worked out once
// instead of scanning its names every time.
type moduleMemo struct {
	mayHoldClasses       bool
	configurationClasses []*ConfigClass
	unreadConfiguration  string
}

func (m *Module) remember() {
	memo := &moduleMemo{mayHoldClasses: m.mayHoldClasses()}
	if memo.mayHoldClasses {
		memo.configurationClasses, memo.unreadConfiguration = m.configurationClasses(), m.unreadConfiguration()
	}
	m.memo = memo
}

// mayHoldClasses is a cheap first look before scanning every name for
// django-configurations classes (a 5,000-line module has 5,000 names and
// usually none): the module names the library, defines or includes
// classes, or star-imports a module that may hold them.
func (m *Module) mayHoldClasses() bool {
	if len(m.Classes) > 0 || len(m.Includes) > 0 || bytes.Contains(m.Text, []byte("configurations")) {
		return true
	}
	for _, s := range m.StarImports {
		if s.memo == nil || s.memo.mayHoldClasses {
			return true
		}
	}
	return false
}
