package diagnostics

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// No secret leaves the file: messages, hover, JSON, SARIF and GitHub
// annotations end up in CI logs, so a secret value is only ever shown
// redacted ('sk_l…' (48 characters)) and a URL's password masked.

// credentialSuffixes end setting names that hold credentials.
var credentialSuffixes = []string{"PASSWORD", "SECRET", "SECRET_KEY", "API_KEY", "TOKEN", "PRIVATE_KEY", "ACCESS_KEY"}

// IsCredentialName reports a setting named like a credential other than
// SECRET_KEY (EMAIL_HOST_PASSWORD, STRIPE_SECRET_KEY, GITHUB_TOKEN).
func IsCredentialName(name string) bool {
	if name == "" || name == "SECRET_KEY" || strings.HasSuffix(name, "PUBLIC_KEY") {
		return false
	}
	last := name[len(name)-1]
	for _, s := range credentialSuffixes {
		// name is s, or ends with "_" + s (without building that string:
		// this runs for every setting on every keystroke, so the last
		// byte is compared first).
		if last == s[len(s)-1] && strings.HasSuffix(name, s) && (len(name) == len(s) || name[len(name)-len(s)-1] == '_') {
			return true
		}
	}
	return false
}

// secretWords are name parts that mark a variable as a credential even
// when its suffix does not: MAIL_PASS, SENTRY_DSN, STRIPE_KEY_LIVE,
// DB_PASSWORD_PROD.
var secretWords = []string{"PASS", "PASSWD", "PASSWORD", "PWD", "SECRET", "SECRETS", "TOKEN", "TOKENS", "KEY", "KEYS",
	"APIKEY", "DSN", "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE", "SALT", "SIGNATURE", "CERT", "WEBHOOK"}

// IsSecretName reports a setting or env var name that holds a secret
// (SECRET_KEY, *_PASSWORD, *_TOKEN, MAIL_PASS, SENTRY_DSN, ...), whose
// value must never be shown.
func IsSecretName(name string) bool {
	name = strings.ToUpper(name)
	if name == "SECRET_KEY" || strings.HasPrefix(name, "SECRET_KEY_") || strings.HasSuffix(name, "_SECRET_KEY") || IsCredentialName(name) {
		return true
	}
	for _, w := range []string{"PASSWORD", "SECRET", "TOKEN", "APIKEY"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	for part := range strings.SplitSeq(name, "_") {
		for _, w := range secretWords {
			if part == w {
				return true
			}
		}
	}
	return false
}

// urlCredentials matches a URL with credentials: scheme://user:pass@host,
// or a key alone as user (a Sentry DSN: https://KEY@o1.ingest.sentry.io/1).
var urlCredentials = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`://[^/@\s]+@`) })

// hasURLCredentials is urlCredentials' match, with the regexp compiled
// and run only for text that has a "://" at all.
func hasURLCredentials(s string) bool {
	return strings.Contains(s, "://") && urlCredentials().MatchString(s)
}

// secretPrefixes start API keys and tokens whatever the variable is called.
var secretPrefixes = []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "ghp_", "gho_", "ghs_", "github_pat_",
	"glpat-", "xoxb-", "xoxp-", "xoxa-", "key-", "AKIA", "ASIA", "AIza", "SG.", "-----BEGIN"}

// SecretValue reports a value that looks like a credential: a known key
// prefix, a URL with credentials, or a long random-looking token.
func SecretValue(v string) bool {
	if hasURLCredentials(v) {
		return true
	}
	for _, p := range secretPrefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return looksLikeToken(v)
}

// looksLikeToken reports a long string of letters and digits with no
// spaces that is not a path or a URL.
func looksLikeToken(v string) bool {
	if len(v) < 20 || strings.ContainsAny(v, " \t") || strings.HasPrefix(v, "/") || strings.Contains(v, "://") {
		return false
	}
	letters, digits := false, false
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letters = true
		}
	}
	return letters && digits
}

// Redact shows a secret as its first 4 characters and its length:
// 'sk_l…' (48 characters). Values under 8 characters show none: '…' (3 characters).
func Redact(value string) string {
	n := utf8.RuneCountInString(value)
	shown := ""
	if n >= 8 {
		shown = string([]rune(value)[:4])
	}
	unit := "characters"
	if n == 1 {
		unit = "character"
	}
	return fmt.Sprintf("'%s…' (%d %s)", shown, n, unit)
}

// MaskURL replaces a URL's password with an ellipsis
// (postgres://saleor:…@localhost:5432/saleor); a user alone that looks like
// a key (a Sentry DSN) is masked whole. Other text is returned unchanged.
func MaskURL(s string) string {
	loc := urlCredentials().FindStringIndex(s)
	if loc == nil {
		return s
	}
	userinfo := s[loc[0]+3 : loc[1]-1]
	if i := strings.IndexByte(userinfo, ':'); i >= 0 {
		userinfo = userinfo[:i+1] + "…"
	} else if SecretValue(userinfo) {
		userinfo = "…"
	}
	return s[:loc[0]+3] + userinfo + s[loc[1]-1:]
}

// RedactValue renders a value for a message or hover: redacted when secret
// (or when it looks like a key), a URL with its password masked, else
// quoted as Python would.
func RedactValue(value string, secret bool) string {
	if hasURLCredentials(value) {
		return "'" + MaskURL(value) + "'"
	}
	if secret || SecretValue(value) {
		return Redact(value)
	}
	return "'" + value + "'"
}
