package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/fix"
)

func init() {
	register(
		&Rule{ID: "DJS401", Name: "cors-allow-all", Severity: diagnostics.Error,
			Summary: "CORS_ALLOW_ALL_ORIGINS (or CORS_ORIGIN_ALLOW_ALL) is true", Fix: fixCorsFromEnv, Check: checkCORSAllowAll},
		&Rule{ID: "DJS402", Name: "cors-credentials-with-wildcard", Severity: diagnostics.Error,
			Summary: "CORS_ALLOW_CREDENTIALS is true together with allow-all or a catch-all regex", Check: checkCORSCredentials},
		&Rule{ID: "DJS403", Name: "cors-origins-development", Severity: diagnostics.Warning,
			Summary: "CORS_ALLOWED_ORIGINS holds http://, localhost, 127.0.0.1 or .local origins in production", Fix: func(b *fix.Builder) *fix.Fix { return b.Require("CORS_ALLOWED_ORIGINS", true) }, Check: checkCORSDevOrigins},
		&Rule{ID: "DJS404", Name: "cors-regex-permissive", Severity: diagnostics.Error,
			Summary: "an entry of CORS_ALLOWED_ORIGIN_REGEXES matches any origin", Check: checkCORSRegex},
	)
}

// corsAllowAll returns the binding that opens CORS to every origin.
func corsAllowAll(c *diagnostics.Context) *evaluator.Binding {
	for _, name := range []string{"CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"} {
		if b := c.Setting(name); b != nil {
			if t, ok := b.Value.Truth(); ok && t {
				return b
			}
		}
	}
	return nil
}

func checkCORSAllowAll(c *diagnostics.Context) {
	b := corsAllowAll(c)
	if b == nil {
		return
	}
	why := "Any website can read this site's API responses"
	if s := c.Value("CORS_URLS_REGEX"); s != nil && s.Kind == evaluator.Str && s.Str != "^.*$" {
		why += fmt.Sprintf(" (on URLs matching CORS_URLS_REGEX %q)", s.Str)
	}
	c.OnValue(b, b.Value, "", diagnostics.Msg(c.Is(b.Name, b.Value), c.Why(b.Value), why))
}

func corsRegexes(c *diagnostics.Context) (*evaluator.Binding, []*evaluator.Value) {
	for _, name := range []string{"CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"} {
		if b := c.Setting(name); b != nil && b.Value.IsSequence() {
			var out []*evaluator.Value
			for _, it := range b.Value.Items {
				if it.Kind == evaluator.Str {
					out = append(out, it)
				}
			}
			return b, out
		}
	}
	return nil, nil
}

// catchAll reports a regex that lets an attacker's origin through
// (corsheaders anchors at the start with re.match).
func catchAll(pattern string) bool {
	re, err := regexp.Compile("^(?:" + pattern + ")")
	if err != nil {
		return false
	}
	for _, origin := range []string{"https://evil.example", "http://attacker.test", "https://attacker.test.evil.example"} {
		if loc := re.FindStringIndex(origin); loc != nil && loc[1] == len(origin) {
			return true
		}
	}
	// Unanchored at the end: a listed host followed by an attacker's domain passes.
	return !strings.HasSuffix(pattern, "$") && !strings.HasSuffix(pattern, `\Z`)
}

func checkCORSCredentials(c *diagnostics.Context) {
	b := c.Setting("CORS_ALLOW_CREDENTIALS")
	if b == nil {
		return
	}
	if t, ok := b.Value.Truth(); !ok || !t {
		return
	}
	if all := corsAllowAll(c); all != nil {
		c.OnValue(b, b.Value, "", diagnostics.Msg("CORS_ALLOW_CREDENTIALS is true while "+all.Name+" is true",
			"Any website can make authenticated requests with the user's cookies"))
		return
	}
	if _, res := corsRegexes(c); len(res) > 0 {
		for _, r := range res {
			if catchAll(r.Str) {
				c.OnValue(b, b.Value, "", diagnostics.Msg("CORS_ALLOW_CREDENTIALS is true while an origin regex lets any origin through",
					fmt.Sprintf("The origin regex %q lets any origin through, so any website can make authenticated requests with the user's cookies", r.Str)))
				return
			}
		}
	}
}

func checkCORSDevOrigins(c *diagnostics.Context) {
	for _, name := range []string{"CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST"} {
		b := c.Setting(name)
		if b == nil {
			continue
		}
		forEachOrigin(b.Value, func(o origin) {
			switch {
			case o.local():
				c.OnValue(b, o.item, "", diagnostics.Msg(fmt.Sprintf("%s allows development origin %q in production", name, diagnostics.Quote(o.quoted())),
					c.Why(o.item), "A page served from it can read this site's API responses"))
			case o.plainHTTP():
				c.OnValue(b, o.item, "", diagnostics.Msg(fmt.Sprintf("%s allows %q over plain HTTP in production", name, diagnostics.Quote(o.quoted())),
					c.Why(o.item), "Whoever sits on the network path can inject a page there that reads this site's API responses"))
			}
		})
	}
}

func checkCORSRegex(c *diagnostics.Context) {
	b, res := corsRegexes(c)
	for _, r := range res {
		if catchAll(r.Str) {
			c.OnValue(b, r, "", diagnostics.Msg(fmt.Sprintf("%s entry %q matches origins it should not", b.Name, diagnostics.Quote(r.Str)),
				fmt.Sprintf("%q lets an attacker's origin through: anchor it with ^https://...$ and escape dots", r.Str)))
		}
	}
}

// Quick fixes.

// fixCorsFromEnv replaces CORS_ALLOW_ALL_ORIGINS = True with an env-driven
// CORS_ALLOWED_ORIGINS.
func fixCorsFromEnv(b *fix.Builder) *fix.Fix {
	name := b.Target().Finding.Setting
	asg := b.AssignmentOf(b.Node(), name)
	if asg == nil {
		return nil
	}
	fx := &fix.Fix{Title: "Read CORS_ALLOWED_ORIGINS from the environment instead of allowing every origin" + fix.UnsafeNote}
	stmt := fix.StatementOf(asg)
	if b.Target().Module.MaybeSet("CORS_ALLOWED_ORIGINS") || b.Target().Module.MaybeSet("CORS_ORIGIN_WHITELIST") {
		fx.Title = "Set " + name + " = False (unsafe: only the configured origins stay allowed)"
		fx.Edits = []fix.Edit{b.Replace(asg.ChildByField("right"), "False")}
		return fx
	}
	e := b.Style().RequiredList(b.Style().EnvVar("CORS_ALLOWED_ORIGINS"))
	fx.Edits = b.WithImports(b.Replace(stmt, "CORS_ALLOWED_ORIGINS = "+e.Text()), e)
	return fx
}
