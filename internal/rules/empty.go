package rules

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
)

// Empty values are values: an empty SECRET_KEY, and the one empty entry that
// splitting an empty default gives (Python's "".split(",") is [""]).

// checkEmptySecretKey judges an empty SECRET_KEY (a literal, an env default or a
// django-environ schema default). Since Django 3.2 an empty key no longer
// stops start-up: the first read of settings.SECRET_KEY raises
// ImproperlyConfigured, so the site starts and fails on its first session,
// CSRF token or password-reset link, and `check --deploy` reports W009.
// Before 3.2 Django refused to start, so an empty default meant "required".
func checkEmptySecretKey(c *diagnostics.Context, b *evaluator.Binding) {
	v := b.Value
	if !c.Django.AtLeast(3, 2) {
		if v.Env == nil {
			c.OnValue(b, v, "", diagnostics.Msg("SECRET_KEY is '' in production", "Django refuses to start with an empty key"))
		}
		return
	}
	if guardedBy(c, b, func(string) bool { return true }) || assertedLater(c, b) {
		return // `if not SECRET_KEY: raise ...` stops start-up, as a required read would
	}
	c.OnValue(b, v, "", diagnostics.Msg(c.Is("SECRET_KEY", v)+": the first signing fails at run time", c.Why(v),
		"Django starts, then raises ImproperlyConfigured the first time it signs anything (sessions, CSRF tokens, password-reset links), at run time instead of start-up; `check --deploy` reports security.W009"))
}

// reportEmptyOrigin reports an empty CSRF_TRUSTED_ORIGINS entry, which
// Django 4.0+ rejects like any origin without "://" (4_0.E001). It mostly
// comes from splitting an empty default: `config("X", default="").split(",")`
// is [""], not [].
func reportEmptyOrigin(c *diagnostics.Context, b *evaluator.Binding, it *evaluator.Value) {
	headline := "CSRF_TRUSTED_ORIGINS holds an empty origin ('') " + diagnostics.Where(it)
	const rejected = "Django 4.0+ rejects an origin without a scheme (4_0.E001)"
	var detail string
	switch {
	case splitFromDefault(b.Value, it) && len(b.Value.Items) == 1:
		detail = "The empty default splits into one empty origin (''.split(',') is [''], not []), and " + rejected + "; drop empty entries (`[o for o in ... if o]`)"
	case splitFromDefault(b.Value, it):
		detail = "Splitting the default leaves an empty origin (a doubled or trailing comma), and " + rejected + "; drop empty entries (`[o for o in ... if o]`)"
	default:
		detail = rejected + "; remove it"
	}
	c.OnValue(b, it, "", diagnostics.Msg(headline, c.Why(it), detail))
}

// splitFromDefault reports an item that str.split made from an env read's
// default: the split list and its items keep the default's span.
func splitFromDefault(list, it *evaluator.Value) bool {
	return list.IsSequence() && it.Env != nil && list.Env == it.Env && it.Span == list.Span
}

// reportEmptyHosts reports an ALLOWED_HOSTS of empty strings, mostly [""]
// from splitting an empty default. Django's W020 tests only that the list is
// not empty, so it passes, yet no Host header matches: the finding carries
// no Django check.
func reportEmptyHosts(c *diagnostics.Context, b *evaluator.Binding) {
	v := b.Value
	why := "It holds only empty hosts"
	if len(v.Items) == 1 && splitFromDefault(v, v.Items[0]) {
		why = "The empty default splits into one empty host (''.split(',') is [''], not [])"
	}
	c.OnValue(b, v, "-", diagnostics.Msg(c.Is("ALLOWED_HOSTS", v)+": no host matches", c.Why(v), why,
		"No Host header matches an empty host, so Django answers every request with 400 Bad Request (its own W020 check passes: the list is not empty)"))
}

// reportEmptyFallback reports an empty SECRET_KEY_FALLBACKS entry. Django
// does not refuse an empty fallback: it still verifies signatures made with
// it, so anyone can sign with the empty key (sessions, password-reset
// tokens); `check --deploy` reports W025 (Django 4.1+).
func reportEmptyFallback(c *diagnostics.Context, b *evaluator.Binding, i int, it *evaluator.Value) {
	headline := c.Is(fmt.Sprintf("SECRET_KEY_FALLBACKS[%d]", i), it)
	split := ""
	if splitFromDefault(b.Value, it) && len(b.Value.Items) == 1 {
		split = "The empty default splits into one empty key (''.split(',') is [''], not [])"
	}
	c.OnValue(b, it, "", diagnostics.Msg(headline, c.Why(it), split,
		"Django still accepts what is signed with an empty key, so anyone can forge signed cookies and password-reset tokens"))
}

// assertedLater finds a later module-level `assert SECRET_KEY` (or an assert
// whose test names it), which stops start-up on an empty key.
func assertedLater(c *diagnostics.Context, b *evaluator.Binding) bool {
	if b.File != c.Module.Path {
		return false
	}
	for _, stmt := range c.Module.Stmts().All() {
		if stmt.Type() != "assert_statement" || int(stmt.StartByte) < b.Stmt().End {
			continue
		}
		if named := stmt.NamedChildren(); len(named) > 0 && strings.Contains(named[0].Text(c.Module.Text), "SECRET_KEY") {
			return true
		}
	}
	return false
}
