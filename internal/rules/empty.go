package rules

import (
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
			c.OnValue(b, v, "", "SECRET_KEY is '' in production: Django refuses to start with an empty key")
		}
		return
	}
	if guardedBy(c, b, func(string) bool { return true }) {
		return // `if not SECRET_KEY: raise ...` stops start-up, as a required read would
	}
	c.OnValue(b, v, "", "SECRET_KEY is '' in production"+c.Explain(v)+
		": Django starts, then raises ImproperlyConfigured the first time it signs anything (sessions, CSRF tokens, password-reset links), at run time instead of start-up; `check --deploy` reports security.W009")
}
