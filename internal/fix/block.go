package fix

// The production security block: the HTTPS, HSTS and cookie settings the
// merged production settings still lack, in the module's own style.

import (
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/treesitter"
)

// ProductionBlockTitle is the block's title in editors.
// It is an unsafe fix (it turns on HTTPS redirects and HSTS), and says so,
// as every unsafe fix does.
const ProductionBlockTitle = "Insert production security block (unsafe: turns on HTTPS redirects and HSTS)"

// ProductionBlock returns the fix inserting the block into m (whose Names are
// the merged production values), or nil when nothing is missing. Settings
// the module already assigns exactly as the block would are left out, so
// running it twice changes nothing.
func ProductionBlock(m *evaluator.Module, path string, dedicated bool) *Fix {
	if m == nil || m.Root() == nil {
		return nil
	}
	s := &src{path: path, text: m.Text, root: m.Root(), style: DetectStyle(m)}
	st := s.style
	type line struct{ name, value string }
	var lines []line
	var needs []need
	add := func(name string, e expr, missing bool) {
		if !missing || s.assigns(name, e.text) {
			return
		}
		lines = append(lines, line{name, e.text})
		needs = append(needs, e.needs...)
	}
	notTrue := func(name string) bool { return !m.MaybeSet(name) || isFalse(m.Setting(name)) }
	literal := func(text string) expr { return expr{text: text} }

	add("SECURE_SSL_REDIRECT", st.boolRead(st.envVar("SECURE_SSL_REDIRECT"), true), notTrue("SECURE_SSL_REDIRECT"))
	hsts := hstsOff(m)
	add("SECURE_HSTS_SECONDS", st.intRead(st.envVar("SECURE_HSTS_SECONDS"), "3600"), hsts)
	add("SECURE_HSTS_INCLUDE_SUBDOMAINS", literal("True"), notTrue("SECURE_HSTS_INCLUDE_SUBDOMAINS"))
	// Preload lists accept only a max-age of a year or more: preload goes
	// with a HSTS age the settings already hold at a year, never beside
	// the block's one-hour start.
	add("SECURE_HSTS_PRELOAD", literal("True"), notTrue("SECURE_HSTS_PRELOAD") && hstsAtLeastAYear(m))
	add("SESSION_COOKIE_SECURE", literal("True"), notTrue("SESSION_COOKIE_SECURE"))
	add("CSRF_COOKIE_SECURE", literal("True"), notTrue("CSRF_COOKIE_SECURE"))
	if behindProxy(m) {
		add("SECURE_PROXY_SSL_HEADER", literal("("+st.q("HTTP_X_FORWARDED_PROTO")+", "+st.q("https")+")"), !m.MaybeSet("SECURE_PROXY_SSL_HEADER"))
	}
	if b := m.Setting("SECURE_REFERRER_POLICY"); b != nil && b.Value != nil && b.Value.Kind == evaluator.None {
		add("SECURE_REFERRER_POLICY", literal(st.q("same-origin")), true)
	}
	if len(lines) == 0 {
		return nil
	}

	var body strings.Builder
	for _, l := range lines {
		if l.name == "SECURE_HSTS_SECONDS" {
			body.WriteString("# HSTS: browsers refuse plain HTTP for this long; raise to 31536000 once HTTPS works everywhere.\n")
		}
		body.WriteString(l.name + " = " + l.value + "\n")
	}
	block := "# Production security settings.\n"
	if guard := s.productionGuard(m, dedicated); guard != "" {
		block += "if " + guard + ":\n" + indentLines(body.String(), st.Indent)
	} else {
		block += body.String()
	}
	edits := []Edit{s.appendToModule(block)}
	edits = append(s.importEdits(needs), edits...)
	return &Fix{Title: ProductionBlockTitle, Kind: KindProductionBlock, Edits: edits}
}

// isFalse reports a binding whose production value is known and not True.
func isFalse(b *evaluator.Binding) bool {
	if b == nil || b.Value == nil || b.Value.IsUnknown() {
		return false
	}
	return !b.Value.IsTrue()
}

func hstsOff(m *evaluator.Module) bool {
	b := m.Setting("SECURE_HSTS_SECONDS")
	if b == nil {
		return !m.MaybeSet("SECURE_HSTS_SECONDS")
	}
	v := b.Value
	return v != nil && !v.IsUnknown() && (v.Kind == evaluator.None || (v.Kind == evaluator.Int && v.Int <= 0) || (v.Kind == evaluator.Bool && !v.Bool))
}

// hstsAtLeastAYear reports a known SECURE_HSTS_SECONDS of a year or more.
func hstsAtLeastAYear(m *evaluator.Module) bool {
	b := m.Setting("SECURE_HSTS_SECONDS")
	return b != nil && b.Value != nil && b.Value.Kind == evaluator.Int && b.Value.Int >= 31536000
}

// behindProxy: the settings trust forwarded headers or read a hosting
// platform's variables, so TLS ends at a proxy and Django must be told.
func behindProxy(m *evaluator.Module) bool {
	for _, name := range []string{"USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT"} {
		if b := m.Setting(name); b != nil && b.Value.IsTrue() {
			return true
		}
	}
	var reads func(m *evaluator.Module, depth int) bool
	reads = func(m *evaluator.Module, depth int) bool {
		for _, r := range m.EnvReads {
			if _, platform := evaluator.PlatformVar(r.Var); platform {
				return true
			}
		}
		for _, imp := range m.StarImports {
			if imp != nil && depth < 8 && reads(imp, depth+1) {
				return true
			}
		}
		return false
	}
	return reads(m, 0)
}

// assigns reports whether the module itself assigns name = rhs.
func (s *src) assigns(name, rhs string) bool {
	found := false
	var walk func(n *treesitter.Node)
	walk = func(n *treesitter.Node) {
		for _, c := range n.Children {
			if found {
				return
			}
			if c.Type() == "assignment" {
				if l, r := c.ChildByField("left"), c.ChildByField("right"); l != nil && r != nil && l.Text(s.text) == name && r.Text(s.text) == rhs {
					found = true
				}
				continue
			}
			walk(c)
		}
	}
	walk(s.root)
	return found
}

// productionGuard is the condition that keeps development working: none in
// a production-only module, the module's own environment-name test when it
// has one, else `not DEBUG`.
func (s *src) productionGuard(m *evaluator.Module, dedicated bool) string {
	if dedicated {
		return ""
	}
	for _, c := range s.root.Children {
		if c.Type() != "if_statement" {
			continue
		}
		cond := c.ChildByField("condition")
		if cond == nil || cond.Type() != "comparison_operator" {
			continue
		}
		envName, prodString := false, false
		for _, op := range cond.NamedChildren() {
			switch op.Type() {
			case "identifier":
				if b := m.Setting(op.Text(s.text)); b != nil && b.Value != nil && b.Value.EnvName {
					envName = true
				}
			case "string":
				switch strings.ToLower(stringValue(op, s.text)) {
				case "production", "prod", "live":
					prodString = true
				}
			}
		}
		if envName && prodString && strings.Contains(cond.Text(s.text), "==") {
			return cond.Text(s.text)
		}
	}
	if m.Setting("DEBUG") != nil {
		return "not DEBUG"
	}
	return ""
}
