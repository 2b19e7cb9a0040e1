package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
)

// Dotted paths Django's checks look for, exactly (no subclass matching).
const (
	securityMW     = "django.middleware.security.SecurityMiddleware"
	sessionMW      = "django.contrib.sessions.middleware.SessionMiddleware"
	csrfMW         = "django.middleware.csrf.CsrfViewMiddleware"
	xFrameMW       = "django.middleware.clickjacking.XFrameOptionsMiddleware"
	whiteNoiseMW   = "whitenoise.middleware.WhiteNoiseMiddleware"
	sessionsApp    = "django.contrib.sessions"
	insecurePrefix = "django-insecure-"
)

// middleware returns the merged MIDDLEWARE list and its binding; known is
// false when it cannot be read. An absent setting is Django's default [].
func middleware(c *diagnostics.Context) (list *evaluator.Value, b *evaluator.Binding, known bool) {
	name := "MIDDLEWARE"
	if !c.Django.AtLeast(1, 10) || (c.Setting("MIDDLEWARE") == nil && c.Setting("MIDDLEWARE_CLASSES") != nil && !c.Django.AtLeast(2, 0)) {
		name = "MIDDLEWARE_CLASSES"
	}
	b = c.Setting(name)
	if b == nil {
		if c.Absent(name) {
			return &evaluator.Value{Kind: evaluator.List}, nil, true
		}
		return nil, nil, false
	}
	if !b.Value.IsSequence() {
		return nil, b, false
	}
	return b.Value, b, true
}

// hasMiddleware reports whether a middleware path is present; known is
// false when the list cannot be read fully and the path is not in it. A
// list known to hold at least some items (evaluator partial.go) tells
// presence, never absence.
func hasMiddleware(c *diagnostics.Context, path string) (present, known bool) {
	list, b, ok := middleware(c)
	if !ok {
		if b != nil {
			return b.Value.Holds(path)
		}
		return false, false
	}
	return list.Holds(path)
}

// hasApp is hasMiddleware for INSTALLED_APPS.
func hasApp(c *diagnostics.Context, app string) (present, known bool) {
	b := c.Setting("INSTALLED_APPS")
	if b == nil {
		return false, c.Absent("INSTALLED_APPS")
	}
	return b.Value.Holds(app)
}

// isTrue applies Django's test for a boolean security setting: `is True`,
// or plain truthiness where the project's Django version accepted it.
func isTrue(v *evaluator.Value, identity bool) (truth, known bool) {
	if v.IsUnknown() {
		return false, false
	}
	if identity {
		return v.IsTrue(), true
	}
	return v.Truth()
}

// w009 applies Django's W009 test to a key: what makes it weak ("" when
// strong: "startproject", "short" or "repetitive") and the count that
// shows it. weakKey and weakKeyReason say it in a sentence and a headline.
func w009(key string) (why string, n int) {
	switch {
	case strings.HasPrefix(key, insecurePrefix):
		return "startproject", 0
	case utf8.RuneCountInString(key) < 50:
		return "short", utf8.RuneCountInString(key)
	case distinct(key) < 5:
		return "repetitive", distinct(key)
	}
	return "", 0
}

// weakKey is W009's reason as a sentence; "" when the key is strong.
func weakKey(key string) string {
	switch why, n := w009(key); why {
	case "startproject":
		return "it is a startproject key ('django-insecure-…')"
	case "short":
		return fmt.Sprintf("it has %d characters; Django wants at least 50", n)
	case "repetitive":
		return fmt.Sprintf("it has only %d distinct characters", n)
	}
	return ""
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// literalString reports a value that is a string committed in source
// (a literal or an env default), not a placeholder or generated value.
func literalString(v *evaluator.Value) (string, bool) {
	if v == nil || (v.Kind != evaluator.Str && v.Kind != evaluator.Bytes) || v.Placeholder || v.Random || v.EnvName {
		return "", false
	}
	return v.Str, true
}

// forEachString calls f for every string item of a sequence setting.
func forEachString(v *evaluator.Value, f func(item *evaluator.Value)) {
	if v == nil {
		return
	}
	if v.Kind == evaluator.Str {
		f(v)
		return
	}
	items, _, ok := v.Members() // a partial list's members are there too
	if !ok {
		return
	}
	for _, it := range items {
		if it.Kind == evaluator.Str {
			f(it)
		}
	}
}
