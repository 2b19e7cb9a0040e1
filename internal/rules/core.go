package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/treesitter"
)

func init() {
	register(
		&Rule{ID: "DJS001", Name: "debug-enabled", Severity: diagnostics.Error, DjangoCheck: "security.W018",
			Summary: "DEBUG is true in production (a literal, or an env read whose default makes it true)",
			Fix:     fixDebug, Check: checkDebug},
		&Rule{ID: "DJS002", Name: "secret-key-insecure", Severity: diagnostics.Error, DjangoCheck: "security.W009",
			Summary: "SECRET_KEY (or its default) is a django-insecure- key, shorter than 50 characters or has fewer than 5 distinct characters",
			Fix:     requireSecretKey, Check: checkSecretKey},
		&Rule{ID: "DJS003", Name: "secret-key-in-source", Severity: diagnostics.Error,
			Summary: "a strong-looking SECRET_KEY (or SECRET_KEY_FALLBACKS entry) is committed in source",
			Fix:     requireSecretKey, Check: checkSecretInSource},
		&Rule{ID: "DJS004", Name: "allowed-hosts-wildcard", Severity: diagnostics.Error,
			Summary: "ALLOWED_HOSTS contains '*'", Fix: requireAllowedHosts, Check: checkHostsWildcard},
		&Rule{ID: "DJS005", Name: "allowed-hosts-empty", Severity: diagnostics.Warning, DjangoCheck: "security.W020",
			Summary: "ALLOWED_HOSTS is empty", Fix: requireAllowedHosts, Check: checkHostsEmpty},
		&Rule{ID: "DJS006", Name: "secret-key-fallbacks-insecure", Severity: diagnostics.Warning, DjangoCheck: "security.W025",
			Summary: "an entry of SECRET_KEY_FALLBACKS is weak", Check: checkFallbacks},
		&Rule{ID: "DJS007", Name: "debug-propagate-exceptions", Severity: diagnostics.Warning,
			Summary: "DEBUG_PROPAGATE_EXCEPTIONS is true", Fix: removePropagate, Check: checkPropagate},
		&Rule{ID: "DJS008", Name: "debug-tooling-in-production", Severity: diagnostics.Warning,
			Summary: "debug_toolbar, django_extensions or silk is installed in production", Fix: fixUnderDebug, Check: checkDebugTooling},
	)
}

func checkDebug(c *diagnostics.Context) {
	b := c.Setting("DEBUG")
	if b == nil {
		return
	}
	t, ok := b.Value.Truth()
	if !ok || !t {
		return
	}
	v := b.Value
	headline, detail := c.Is("DEBUG", v), []string{c.Why(v)}
	if v.Kind == evaluator.Str {
		headline = diagnostics.IsShown("DEBUG", "the truthy string "+diagnostics.Quote(v.Repr()), v)
		detail = append(detail, fmt.Sprintf("The string %s is truthy, so Django runs in debug mode", v.Repr()))
	}
	if v.Note() != "" && v.Kind != evaluator.Str {
		detail = append(detail, v.Note())
	}
	detail = append(detail, "Django shows tracebacks, settings and SQL to anyone who hits an error")
	if lines := debugBranchLines(c.Module, 5); lines != "" {
		detail = append(detail, "While it stays on, the `if DEBUG:` code at line "+lines+" runs too")
	}
	c.OnValue(b, v, "", diagnostics.Msg(headline, detail...))
}

func checkSecretKey(c *diagnostics.Context) {
	b := c.Setting("SECRET_KEY")
	if b == nil {
		if c.Absent("SECRET_KEY") {
			c.Missing("SECRET_KEY", "", diagnostics.Msg("SECRET_KEY is not set", "Django refuses to start, and `check --deploy` reports it"))
		}
		return
	}
	key, ok := literalString(b.Value)
	if !ok {
		return
	}
	if key == "" {
		checkEmptySecretKey(c, b)
		return
	}
	if guardedDefault(c, b) {
		return
	}
	reason := weakKey(key)
	if reason == "" {
		return
	}
	c.OnValue(b, b.Value, "", diagnostics.Msg("SECRET_KEY is weak "+diagnostics.Where(b.Value)+": "+reason, c.WhySecret(b.Value),
		"A short or development key can be guessed, and with it anyone can forge sessions and password-reset tokens"))
}

// guardedDefault recognises a default that a later `if` refuses to run with
// (`if SECRET_KEY == FALLBACK: raise ImproperlyConfigured`).
func guardedDefault(c *diagnostics.Context, b *evaluator.Binding) bool {
	return guardedBy(c, b, func(cond string) bool { return strings.Contains(cond, "==") || strings.Contains(cond, " in ") })
}

// guardedBy finds a later module-level `if` on SECRET_KEY whose condition
// passes test and whose body raises or exits.
func guardedBy(c *diagnostics.Context, b *evaluator.Binding, test func(cond string) bool) bool {
	text := c.Module.Text
	if b.File != c.Module.Path {
		return false
	}
	for _, stmt := range c.Module.Stmts().All() {
		if stmt.Type() != "if_statement" || int(stmt.StartByte) < b.Stmt().End {
			continue
		}
		cond := stmt.ChildByField("condition")
		body := stmt.ChildByField("consequence")
		if cond == nil || body == nil {
			continue
		}
		ct := cond.Text(text)
		bt := body.Text(text)
		if strings.Contains(ct, "SECRET_KEY") && test(ct) &&
			(strings.Contains(bt, "raise ") || strings.Contains(bt, "sys.exit")) {
			return true
		}
	}
	return false
}

func checkSecretInSource(c *diagnostics.Context) {
	if b := c.Setting("SECRET_KEY"); b != nil {
		if key, ok := literalString(b.Value); ok && key != "" && weakKey(key) == "" && !guardedDefault(c, b) {
			c.OnValue(b, b.Value, "", diagnostics.Msg("SECRET_KEY is committed in source", c.WhySecret(b.Value), "Anyone with the code can forge sessions and password-reset tokens"))
		}
	}
	if b := c.Setting("SECRET_KEY_FALLBACKS"); b != nil && b.Value.IsSequence() {
		for i, it := range b.Value.Items {
			if key, ok := literalString(it); ok && key != "" && weakKey(key) == "" {
				c.OnValue(b, it, "", diagnostics.Msg(fmt.Sprintf("SECRET_KEY_FALLBACKS[%d] is committed in source", i), "Anyone with the code can forge what Django still accepts as signed with it"))
			}
		}
	}
}

func checkHostsWildcard(c *diagnostics.Context) {
	b := c.Setting("ALLOWED_HOSTS")
	if b == nil {
		return
	}
	forEachString(b.Value, func(it *evaluator.Value) {
		if strings.TrimSpace(it.Str) == "*" {
			c.OnValue(b, it, "", diagnostics.Msg(anyHost(it), c.Why(it), "Host-header attacks reach password-reset links and caches"))
		}
	})
}

// checkHostsEmpty runs on every Django version (../shared/rules.md, "Version
// details"): an empty list refuses every request whatever the version.
func checkHostsEmpty(c *diagnostics.Context) {
	b := c.Setting("ALLOWED_HOSTS")
	if b == nil {
		if c.Absent("ALLOWED_HOSTS") {
			c.Missing("ALLOWED_HOSTS", "", diagnostics.Msg("ALLOWED_HOSTS is not set", "Django's default [] refuses every request when DEBUG is off"))
		}
		return
	}
	v := b.Value
	if v.Kind == evaluator.Str && v.Str == "" {
		c.OnValue(b, v, "", diagnostics.Msg(c.Is("ALLOWED_HOSTS", v)+": every request gets 400 Bad Request", c.Why(v), "Django answers every request with 400 Bad Request (and 4.0+ wants a list)"))
		return
	}
	if !v.IsSequence() || v.HasUnknownItems() {
		return
	}
	for _, it := range v.Items {
		if it.Kind != evaluator.Str || strings.TrimSpace(it.Str) != "" {
			return
		}
	}
	if len(v.Items) > 0 {
		reportEmptyHosts(c, b) // [''] passes Django's check but matches no host
		return
	}
	c.OnValue(b, v, "", diagnostics.Msg(c.Is("ALLOWED_HOSTS", v)+": every request gets 400 Bad Request", c.Why(v), "Django answers every request with 400 Bad Request"))
}

func checkFallbacks(c *diagnostics.Context) {
	if !c.Django.AtLeast(4, 1) {
		return
	}
	b := c.Setting("SECRET_KEY_FALLBACKS")
	if b == nil || !b.Value.IsSequence() {
		return
	}
	for i, it := range b.Value.Items {
		key, ok := literalString(it)
		if !ok {
			continue
		}
		if key == "" {
			reportEmptyFallback(c, b, i, it)
			continue
		}
		if reason := weakKey(key); reason != "" {
			c.OnValue(b, it, "", diagnostics.Msg(fmt.Sprintf("SECRET_KEY_FALLBACKS[%d] is weak: %s", i, reason), c.WhySecret(it),
				"Django still accepts what is signed with it, and a short or development key can be guessed"))
		}
	}
}

func checkPropagate(c *diagnostics.Context) {
	b := c.Setting("DEBUG_PROPAGATE_EXCEPTIONS")
	if b == nil {
		return
	}
	if t, ok := b.Value.Truth(); ok && t {
		c.OnValue(b, b.Value, "", diagnostics.Msg(c.Is("DEBUG_PROPAGATE_EXCEPTIONS", b.Value), c.Why(b.Value), "Exceptions escape Django's error handling to the server"))
	}
}

var debugTools = map[string]string{
	"debug_toolbar": "django-debug-toolbar", "debug_toolbar.middleware.DebugToolbarMiddleware": "django-debug-toolbar",
	"silk": "django-silk", "silk.middleware.SilkyMiddleware": "django-silk",
	"django_extensions": "django-extensions (runserver_plus and the Werkzeug debugger)",
}

func checkDebugTooling(c *diagnostics.Context) {
	for _, name := range []string{"INSTALLED_APPS", "MIDDLEWARE"} {
		b := c.Setting(name)
		if b == nil {
			continue
		}
		items, _, _ := b.Value.Members() // present in a partial list too
		for _, it := range items {
			if tool, ok := debugTools[it.Str]; ok && it.Kind == evaluator.Str {
				c.OnValue(b, it, "", diagnostics.Msg(fmt.Sprintf("%s holds %s in production", name, diagnostics.Quote(it.Str)), tool+" exposes internals", "Add it under `if DEBUG:` or in a development module"))
			}
		}
	}
}

// debugBranchLines lists the lines of the module's `if DEBUG:` blocks (at
// most max, then a count), scanning the text once.
func debugBranchLines(m *evaluator.Module, max int) string {
	var offs []int
	for _, s := range m.DebugBranches {
		if s.File == m.Path {
			offs = append(offs, s.Start)
		}
	}
	if len(offs) == 0 {
		return ""
	}
	sort.Ints(offs)
	var out []string
	line, next := 1, 0
	for i := 0; i < len(m.Text) && next < len(offs) && len(out) < max; i++ {
		for next < len(offs) && offs[next] == i {
			out = append(out, fmt.Sprint(line))
			next++
		}
		if m.Text[i] == '\n' {
			line++
		}
	}
	if rest := len(offs) - len(out); rest > 0 {
		out = append(out, fmt.Sprintf("and %d more", rest))
	}
	return strings.Join(out, ", ")
}

// Quick fixes.

// DebugTitle is the DEBUG fix's title, which editors' tests look for.
const DebugTitle = "Read DEBUG from the environment with a False default"

// fixDebug reads DEBUG from the environment with a false default.
func fixDebug(b *fix.Builder) *fix.Fix {
	// Unsafe: a developer's runserver loses debug mode until DEBUG is set.
	fx := &fix.Fix{Title: DebugTitle}
	if imp := b.InheritedFrom(); imp != nil {
		fx.Edits = b.OverrideAfter(imp, "DEBUG", b.Style().BoolRead(b.EnvVarOf("DEBUG"), false))
		return fx
	}
	// A django-environ schema entry, Env(DJANGO_DEBUG=(bool, True)), in
	// whichever module holds it: its default becomes False.
	if n := b.Node(); n != nil && n.Type() == "true" && n.Parent != nil && n.Parent.Type() == "tuple" &&
		n.Parent.Parent != nil && n.Parent.Parent.Type() == "keyword_argument" {
		fx.Edits = []fix.Edit{b.Replace(n, "False")}
		return fx
	}
	asg := b.AssignmentOf(b.Node(), "DEBUG")
	if asg == nil {
		return nil
	}
	// config('DEBUG', default='True', cast=bool) and env.bool('DEBUG',
	// default=True) need only their default changed.
	if kw := fix.Ancestor(b.Node(), "keyword_argument"); kw != nil && kw.ChildByField("name").Text(b.Text()) == "default" {
		if call := fix.Ancestor(kw, "call"); call != nil && castsToBool(b, call) {
			fx.Edits = []fix.Edit{b.Replace(kw.ChildByField("value"), "False")}
			return fx
		}
	}
	e := b.Style().BoolRead(b.EnvVarOf("DEBUG"), false)
	fx.Edits = b.WithImports(b.Replace(asg.ChildByField("right"), e.Text()), e)
	return fx
}

// castsToBool reports a decouple read with cast=bool or an environ .bool read.
func castsToBool(b *fix.Builder, call *treesitter.Node) bool {
	fn := call.ChildByField("function")
	if fn != nil && fn.Type() == "attribute" && fn.ChildByField("attribute").Text(b.Text()) == "bool" {
		return true
	}
	for _, a := range call.ChildByField("arguments").NamedChildren() {
		if a.Type() == "keyword_argument" && a.ChildByField("name").Text(b.Text()) == "cast" && a.ChildByField("value").Text(b.Text()) == "bool" {
			return true
		}
	}
	return false
}

// fixUnderDebug moves a debug tool out of a production list into an
// `if DEBUG:` block after the list's assignment.
func fixUnderDebug(b *fix.Builder) *fix.Fix {
	setting := b.Target().Finding.Setting
	if b.Node() == nil || b.Node().Type() != "string" || b.Target().Module.Setting("DEBUG") == nil {
		return nil
	}
	list := b.Node().Parent
	asg := b.AssignmentOf(b.Node(), setting)
	if list == nil || (list.Type() != "list" && list.Type() != "tuple") || asg == nil || asg.ChildByField("right") != list {
		return nil
	}
	item := b.Node().Text(b.Text())
	wrap := "[" + item + "]"
	if list.Type() == "tuple" {
		wrap = "(" + item + ",)"
	}
	name := fix.StringValue(b.Node(), b.Text())
	return &fix.Fix{Title: "Add " + name + " only under `if DEBUG:`", Safe: true, Edits: []fix.Edit{
		b.RemoveElement(list, b.Node()),
		b.InsertAfterStatement(fix.StatementOf(asg), "if DEBUG:\n"+b.Style().Indent+setting+" += "+wrap+"\n"),
	}}
}

// requireSecretKey requires SECRET_KEY from the environment (not a
// SECRET_KEY_FALLBACKS entry).
func requireSecretKey(b *fix.Builder) *fix.Fix {
	if b.Target().Finding.Setting != "SECRET_KEY" {
		return nil
	}
	return b.Require("SECRET_KEY", false)
}

// requireAllowedHosts reads ALLOWED_HOSTS as a required comma-separated list.
func requireAllowedHosts(b *fix.Builder) *fix.Fix { return b.Require("ALLOWED_HOSTS", true) }

func removePropagate(b *fix.Builder) *fix.Fix {
	return b.RemoveSetting("DEBUG_PROPAGATE_EXCEPTIONS", "Remove DEBUG_PROPAGATE_EXCEPTIONS", true)
}

// anyHost is the headline of a '*' in ALLOWED_HOSTS.
func anyHost(it *evaluator.Value) string {
	return "ALLOWED_HOSTS accepts any host ('*') " + diagnostics.Where(it)
}
