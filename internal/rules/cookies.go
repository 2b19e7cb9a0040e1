package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/fix"
)

func init() {
	register(
		&Rule{ID: "DJS201", Name: "session-cookie-insecure", Severity: diagnostics.Warning, DjangoCheck: "security.W012", DjangoVariants: []string{"security.W010", "security.W011"},
			Summary: "SESSION_COOKIE_SECURE is not True while sessions are in use", ProductionBlock: true, Check: checkSessionSecure},
		&Rule{ID: "DJS202", Name: "session-cookie-not-httponly", Severity: diagnostics.Warning, DjangoCheck: "security.W015", DjangoVariants: []string{"security.W013", "security.W014"},
			Summary: "SESSION_COOKIE_HTTPONLY is set false while sessions are in use", Fix: func(b *fix.Builder) *fix.Fix { return b.SetValue("SESSION_COOKIE_HTTPONLY", "True", true) }, Check: checkSessionHTTPOnly},
		&Rule{ID: "DJS203", Name: "csrf-cookie-insecure", Severity: diagnostics.Warning, DjangoCheck: "security.W016",
			Summary: "CSRF_COOKIE_SECURE is not True (CsrfViewMiddleware present, CSRF_USE_SESSIONS off)", ProductionBlock: true, Check: checkCSRFSecure},
		&Rule{ID: "DJS204", Name: "csrf-trusted-origin-no-scheme", Severity: diagnostics.Error, DjangoCheck: "4_0.E001",
			Summary: "an entry of CSRF_TRUSTED_ORIGINS lacks http:// or https://", Scope: ScopeEveryModule, Fix: fixAddScheme, Check: checkOriginScheme},
		&Rule{ID: "DJS205", Name: "csrf-trusted-origin-insecure", Severity: diagnostics.Warning,
			Summary: "an entry of CSRF_TRUSTED_ORIGINS is http:// or a local origin in production", Check: checkOriginInsecure},
		&Rule{ID: "DJS206", Name: "template-autoescape-off", Severity: diagnostics.Error,
			Summary: "a TEMPLATES entry turns autoescape off", Fix: fixRemoveAutoescape, Check: checkAutoescape},
		&Rule{ID: "DJS207", Name: "weak-password-hasher", Severity: diagnostics.Warning,
			Summary: "the first PASSWORD_HASHERS entry is MD5, SHA1, unsalted or crypt based", Fix: fixStrongHasherFirst, Check: checkHashers},
	)
}

// sessionsInUse returns Django's variant of a session check: the app
// (W010/W013), the middleware (W011/W014) or both (W012/W015).
func sessionsInUse(c *diagnostics.Context, appCheck, mwCheck, bothCheck string) (check string, inUse bool) {
	app, appKnown := hasApp(c, sessionsApp)
	mw, mwKnown := hasMiddleware(c, sessionMW)
	switch {
	case app && mw:
		return bothCheck, true
	case app && mwKnown:
		return appCheck, true
	case mw && appKnown:
		return mwCheck, true
	case app || mw:
		// Sessions are in use either way; which variant Django reports
		// depends on the list that cannot be read.
		return bothCheck, true
	}
	return "", false
}

func checkSessionSecure(c *diagnostics.Context) {
	check, inUse := sessionsInUse(c, "security.W010", "security.W011", "security.W012")
	if !inUse {
		return
	}
	b := c.Setting("SESSION_COOKIE_SECURE")
	if b == nil {
		if c.Absent("SESSION_COOKIE_SECURE") {
			c.Missing("SESSION_COOKIE_SECURE", check, diagnostics.Msg("SESSION_COOKIE_SECURE is not set", "The session cookie is sent over plain HTTP, where it can be sniffed and the session hijacked"))
		}
		return
	}
	if truth, known := isTrue(b.Value, c.Django.AtLeast(4, 1)); known && !truth {
		c.OnValue(b, b.Value, check, diagnostics.Msg(c.Is("SESSION_COOKIE_SECURE", b.Value), c.Why(b.Value), "The session cookie travels over plain HTTP, where it can be sniffed"))
	}
}

func checkSessionHTTPOnly(c *diagnostics.Context) {
	check, inUse := sessionsInUse(c, "security.W013", "security.W014", "security.W015")
	if !inUse {
		return
	}
	b := c.Setting("SESSION_COOKIE_HTTPONLY")
	if b == nil {
		return // Django's default is True
	}
	if truth, known := isTrue(b.Value, c.Django.AtLeast(4, 1)); known && !truth {
		c.OnValue(b, b.Value, check, diagnostics.Msg(c.Is("SESSION_COOKIE_HTTPONLY", b.Value), c.Why(b.Value), "Scripts can read the session cookie, so an XSS bug can steal sessions"))
	}
}

func checkCSRFSecure(c *diagnostics.Context) {
	if p, _ := hasMiddleware(c, csrfMW); !p {
		return
	}
	if b := c.Setting("CSRF_USE_SESSIONS"); b != nil {
		if t, ok := b.Value.Truth(); !ok || t {
			return
		}
	} else if !c.Absent("CSRF_USE_SESSIONS") {
		return
	}
	b := c.Setting("CSRF_COOKIE_SECURE")
	if b == nil {
		if c.Absent("CSRF_COOKIE_SECURE") {
			c.Missing("CSRF_COOKIE_SECURE", "", diagnostics.Msg("CSRF_COOKIE_SECURE is not set", "The CSRF cookie is sent over plain HTTP, where it can be sniffed"))
		}
		return
	}
	if truth, known := isTrue(b.Value, c.Django.AtLeast(4, 1)); known && !truth {
		c.OnValue(b, b.Value, "", diagnostics.Msg(c.Is("CSRF_COOKIE_SECURE", b.Value), c.Why(b.Value), "The CSRF cookie travels over plain HTTP, where it can be sniffed"))
	}
}

// trustedOrigins calls f for each entry of CSRF_TRUSTED_ORIGINS whose
// start is known; a rule that judges every module (everyModule) skips an
// inherited value, which the module it comes from is judged for.
func trustedOrigins(c *diagnostics.Context, everyModule bool, f func(b *evaluator.Binding, o origin)) {
	b := c.Setting("CSRF_TRUSTED_ORIGINS")
	if b == nil || (c.Module.Setting("CSRF_TRUSTED_ORIGINS").Inherited() && everyModule) {
		return
	}
	forEachOrigin(b.Value, func(o origin) { f(b, o) })
}

func checkOriginScheme(c *diagnostics.Context) {
	if !c.Django.AtLeast(4, 0) {
		return
	}
	trustedOrigins(c, true, func(b *evaluator.Binding, o origin) {
		if o.whole && o.text == "" {
			reportEmptyOrigin(c, b, o.item)
			return
		}
		if o.lacksScheme() {
			c.OnValue(b, o.item, "", diagnostics.Msg(fmt.Sprintf("CSRF_TRUSTED_ORIGINS entry %q has no scheme", diagnostics.Quote(o.quoted())),
				fmt.Sprintf("Since Django 4.0 it must be an origin like 'https://%s'", strings.TrimPrefix(strings.TrimSpace(o.quoted()), "."))))
		}
	})
}

// localOrigin reports origins that only make sense on a developer machine.
func localOrigin(origin string) bool {
	host := origin
	if u, err := url.Parse(origin); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	host = strings.ToLower(strings.TrimPrefix(host, "*."))
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasPrefix(host, "127.") ||
		host == "0.0.0.0" || host == "::1" || host == "[::1]" || host == "local" || strings.HasSuffix(host, ".local")
}

func checkOriginInsecure(c *diagnostics.Context) {
	trustedOrigins(c, false, func(b *evaluator.Binding, o origin) {
		switch {
		case o.local():
			c.OnValue(b, o.item, "", diagnostics.Msg(fmt.Sprintf("CSRF_TRUSTED_ORIGINS trusts the development origin %q in production", diagnostics.Quote(o.quoted())),
				"A page served from it can make requests that pass the CSRF check"))
		case o.plainHTTP():
			c.OnValue(b, o.item, "", diagnostics.Msg(fmt.Sprintf("CSRF_TRUSTED_ORIGINS trusts %q over plain HTTP in production", diagnostics.Quote(o.quoted())),
				"Whoever sits on the network path can inject a page there that passes the CSRF check"))
		}
	})
}

func checkAutoescape(c *diagnostics.Context) {
	b := c.Setting("TEMPLATES")
	if b == nil || !b.Value.IsSequence() {
		return
	}
	for i, t := range b.Value.Items {
		opts, ok := t.Get("OPTIONS")
		if !ok {
			continue
		}
		if ae, ok := opts.Get("autoescape"); ok {
			if truth, known := ae.Truth(); known && !truth {
				c.OnValue(b, ae, "", diagnostics.Msg(fmt.Sprintf("TEMPLATES[%d] turns autoescape off", i), "Every {{ variable }} is rendered as raw HTML, an XSS hole"))
			}
		}
	}
}

var weakHashers = map[string]bool{
	"django.contrib.auth.hashers.MD5PasswordHasher": true, "django.contrib.auth.hashers.SHA1PasswordHasher": true,
	"django.contrib.auth.hashers.UnsaltedMD5PasswordHasher": true, "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher": true,
	"django.contrib.auth.hashers.CryptPasswordHasher": true,
}

func checkHashers(c *diagnostics.Context) {
	b := c.Setting("PASSWORD_HASHERS")
	if b == nil || !b.Value.IsSequence() || len(b.Value.Items) == 0 {
		return
	}
	first := b.Value.Items[0]
	if first.Kind == evaluator.Str && weakHashers[first.Str] {
		c.OnValue(b, first, "", diagnostics.Msg(fmt.Sprintf("PASSWORD_HASHERS stores new passwords with the weak %s", diagnostics.Quote(first.Str[strings.LastIndex(first.Str, ".")+1:])),
			"It is fast to crack: put Argon2PasswordHasher or PBKDF2PasswordHasher first"))
	}
}

// Quick fixes.

// fixAddScheme prefixes a CSRF_TRUSTED_ORIGINS entry with https://.
func fixAddScheme(b *fix.Builder) *fix.Fix {
	value := fix.StringValue(b.Node(), b.Text())
	if b.Node() == nil || b.Node().Type() != "string" || value == "" {
		return nil // an empty origin (often a split default) is dropped, not given a scheme
	}
	t := b.Node().Text(b.Text())
	q := strings.IndexAny(t, `'"`)
	if q < 0 || strings.HasPrefix(t[q:], `"""`) || strings.HasPrefix(t[q:], `'''`) {
		return nil
	}
	at := int(b.Node().StartByte) + q + 1
	if f := b.Target().Finding; f.Start > at && f.Start < int(b.Node().EndByte)-1 {
		// One entry of a comma-separated default ("a.com,b.com"): its own start.
		at = f.Start
	} else if strings.Contains(value, ",") {
		// The finding holds the whole comma-separated default: its empty
		// entry ("https://a.com,"), or an entry that could not be placed.
		return nil
	}
	return &fix.Fix{Title: "Add https:// to the origin", Safe: true, Edits: []fix.Edit{{Path: b.Path(), Start: at, End: at, NewText: "https://"}}}
}

// fixRemoveAutoescape deletes 'autoescape': False from TEMPLATES OPTIONS.
func fixRemoveAutoescape(b *fix.Builder) *fix.Fix {
	pair := fix.Ancestor(b.Node(), "pair")
	if pair == nil || fix.StringValue(pair.ChildByField("key"), b.Text()) != "autoescape" {
		return nil
	}
	return &fix.Fix{Title: "Remove 'autoescape': False (unsafe: templates that build HTML by hand may double-escape)",
		Edits: []fix.Edit{b.RemoveElement(pair.Parent, pair)}}
}

// fixStrongHasherFirst puts PBKDF2 (Django's default) first in PASSWORD_HASHERS;
// old hashes still verify and are upgraded at the next login.
func fixStrongHasherFirst(b *fix.Builder) *fix.Fix {
	list := b.SettingContainer("PASSWORD_HASHERS", "list", "tuple")
	if list == nil {
		return nil
	}
	const pbkdf2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
	for _, el := range fix.Elements(list) {
		if fix.StringValue(el, b.Text()) == pbkdf2 {
			return &fix.Fix{Title: "Put PBKDF2PasswordHasher first in PASSWORD_HASHERS", Safe: true,
				Edits: []fix.Edit{b.RemoveElement(list, el), b.InsertElement(list, 0, b.Style().Q(pbkdf2))}}
		}
	}
	return &fix.Fix{Title: "Put PBKDF2PasswordHasher first in PASSWORD_HASHERS", Safe: true,
		Edits: []fix.Edit{b.InsertElement(list, 0, b.Style().Q(pbkdf2))}}
}
