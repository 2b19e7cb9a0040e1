package review

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/evaluator"
)

// "Already right": the security settings the production settings set well,
// read from the engine's production values of each judged root. A setting
// is claimed only when its value is known (or required from the
// environment) and no counted finding is about it, so the report never
// praises what it also flags.

// rightCheck judges one setting's production value: why it is right, or "".
type rightCheck struct {
	setting string
	judge   func(v *evaluator.Value) string
}

var rightChecks = []rightCheck{
	{"DEBUG", func(v *evaluator.Value) string {
		if v.Kind == evaluator.Bool && !v.Bool {
			return "debug pages (tracebacks, settings, SQL) are off in production"
		}
		return ""
	}},
	{"SECRET_KEY", requiredFromEnv("the key is read from the environment with no default: start-up fails rather than run with a known key")},
	{"ALLOWED_HOSTS", func(v *evaluator.Value) string {
		if why := requiredFromEnv("the hosts are read from the environment with no default")(v); why != "" {
			return why
		}
		hosts, ok := v.Strings()
		if ok && len(hosts) > 0 && !v.HasUnknownItems() && !v.ContainsString("*") {
			return "only the listed hosts are served: forged Host headers are refused"
		}
		return ""
	}},
	{"SECURE_SSL_REDIRECT", isTrue("plain-HTTP requests are redirected to HTTPS")},
	{"SECURE_HSTS_SECONDS", func(v *evaluator.Value) string {
		switch {
		case v.Kind == evaluator.Int && v.Int >= 31536000:
			return "browsers insist on HTTPS for a year or more (HSTS)"
		case v.Kind == evaluator.Int && v.Int > 0:
			return fmt.Sprintf("browsers insist on HTTPS for %d seconds (HSTS); raise it to a year once HTTPS works everywhere", v.Int)
		}
		return ""
	}},
	{"SECURE_HSTS_INCLUDE_SUBDOMAINS", isTrue("HSTS covers the subdomains too")},
	{"SECURE_HSTS_PRELOAD", isTrue("the site may join the browsers' HSTS preload list")},
	{"SECURE_PROXY_SSL_HEADER", func(v *evaluator.Value) string {
		if v.Kind == evaluator.Tuple && len(v.Items) == 2 && v.Items[0].Kind == evaluator.Str {
			return "Django knows a request was HTTPS when the proxy in front of it says so"
		}
		return ""
	}},
	{"SESSION_COOKIE_SECURE", isTrue("the session cookie is sent over HTTPS only")},
	{"CSRF_COOKIE_SECURE", isTrue("the CSRF cookie is sent over HTTPS only")},
	{"SESSION_COOKIE_HTTPONLY", isTrue("scripts cannot read the session cookie")},
	{"SECURE_CONTENT_TYPE_NOSNIFF", isTrue("browsers do not guess content types (X-Content-Type-Options: nosniff)")},
	{"X_FRAME_OPTIONS", func(v *evaluator.Value) string {
		if v.Kind == evaluator.Str && (strings.EqualFold(v.Str, "DENY") || strings.EqualFold(v.Str, "SAMEORIGIN")) {
			return "pages cannot be framed by other sites (clickjacking)"
		}
		return ""
	}},
	{"SECURE_REFERRER_POLICY", func(v *evaluator.Value) string {
		if v.Kind == evaluator.Str && v.Str != "" {
			return "browsers are told how much of the URL to send to other sites"
		}
		return ""
	}},
	{"CSRF_TRUSTED_ORIGINS", func(v *evaluator.Value) string {
		origins, ok := v.Strings()
		if !ok || len(origins) == 0 || v.HasUnknownItems() {
			return ""
		}
		for _, o := range origins {
			if !strings.HasPrefix(o, "https://") {
				return ""
			}
		}
		return "cross-origin form posts are trusted from HTTPS origins only"
	}},
}

// middlewareChecks are the security middleware the MIDDLEWARE list holds.
var middlewareChecks = []struct{ class, why string }{
	{"django.middleware.security.SecurityMiddleware", "SecurityMiddleware is installed: the SECURE_* settings take effect"},
	{"django.middleware.csrf.CsrfViewMiddleware", "CsrfViewMiddleware is installed: forms are protected against cross-site request forgery"},
	{"django.middleware.clickjacking.XFrameOptionsMiddleware", "XFrameOptionsMiddleware is installed: X_FRAME_OPTIONS is sent"},
}

func isTrue(why string) func(v *evaluator.Value) string {
	return func(v *evaluator.Value) string {
		if v.IsTrue() {
			return why
		}
		return ""
	}
}

func requiredFromEnv(why string) func(v *evaluator.Value) string {
	return func(v *evaluator.Value) string {
		if v != nil && v.Env != nil && v.Env.Required {
			return why
		}
		return ""
	}
}

// alreadyRight lists the right settings of every judged root that is not a
// development module, once per setting and place.
func alreadyRight(b *builder) []Right {
	var out []Right
	seen := map[string]bool{}
	add := func(r Right) {
		if key := r.Setting + "\x00" + r.Where + "\x00" + r.Why; !seen[key] {
			seen[key] = true
			out = append(out, r)
		}
	}
	for _, root := range b.res.JudgedRoots() {
		for _, c := range rightChecks {
			s, ok := b.res.ProductionSetting(root, c.setting)
			if !ok || s.Value == nil || b.findingOn(c.setting) {
				continue
			}
			if why := c.judge(s.Value); why != "" {
				add(Right{Setting: c.setting, Value: s.Shown, Where: b.settingWhere(s), Why: why})
			}
		}
		if s, ok := b.res.ProductionSetting(root, "MIDDLEWARE"); ok && !b.findingOn("MIDDLEWARE") {
			for _, m := range middlewareChecks {
				if s.Value.ContainsString(m.class) {
					add(Right{Setting: "MIDDLEWARE", Value: "'" + m.class + "'", Where: b.settingWhere(s), Why: m.why})
				}
			}
		}
	}
	return out
}

func (b *builder) settingWhere(s engine.RootSetting) string {
	return fmt.Sprintf("%s:%d", b.rel(s.Path), s.Line)
}
