package engine

import (
	"regexp"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/rules"
	"github.com/djls-dev/djls/internal/textpos"
)

// EnvVar is an environment variable the settings read.
type EnvVar struct {
	Name    string
	Default string // the default as it would be written in a .env file; "" for secrets and required reads
	Secret  bool   // a secret name, or a default that holds credentials
	Path    string // where it is first read
	Line    int    // 1-based
}

// urlCredentials matches a URL with credentials: scheme://user:pass@host,
// or a key alone as user (a Sentry DSN: https://KEY@o1.ingest.sentry.io/1).
var urlCredentials = regexp.MustCompile(`://[^/@\s]+@`)

// secretWords are name parts that mark a variable as a credential even
// when diagnostics.IsSecretName (which judges setting names by suffix)
// does not: MAIL_PASS, SENTRY_DSN, STRIPE_KEY_LIVE, DB_PASSWORD_PROD.
var secretWords = []string{"PASS", "PASSWD", "PASSWORD", "PWD", "SECRET", "SECRETS", "TOKEN", "TOKENS", "KEY", "KEYS",
	"APIKEY", "DSN", "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE", "SALT", "SIGNATURE", "CERT", "WEBHOOK"}

// secretName reports a variable name holding a secret word as one of its
// underscore-separated parts, or PASSWORD, SECRET or TOKEN anywhere.
func secretName(name string) bool {
	name = strings.ToUpper(name)
	for _, w := range []string{"PASSWORD", "SECRET", "TOKEN", "APIKEY"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	for _, part := range strings.Split(name, "_") {
		for _, w := range secretWords {
			if part == w {
				return true
			}
		}
	}
	return false
}

// secretPrefixes start API keys and tokens whatever the variable is called.
var secretPrefixes = []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "ghp_", "gho_", "ghs_", "github_pat_",
	"glpat-", "xoxb-", "xoxp-", "xoxa-", "AKIA", "ASIA", "AIza", "SG.", "-----BEGIN"}

// secretValue reports a default that looks like a credential: a known key
// prefix, a URL with credentials, or a long random-looking token (letters
// and digits, no spaces, not a path or a plain URL).
func secretValue(v string) bool {
	if urlCredentials.MatchString(v) {
		return true
	}
	for _, p := range secretPrefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
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

// EnvVars lists every env var the settings modules read, once each, in file
// and line order. Defaults of secrets are never copied.
func (r *Result) EnvVars() []EnvVar {
	paths := make([]string, 0, len(r.modules))
	for p := range r.modules {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	seen := map[string]bool{}
	var out []EnvVar
	for _, p := range paths {
		m := r.modules[p]
		if !r.isSettings(p) {
			continue
		}
		mapper := textpos.NewMapper(m.Text)
		reads := append(m.EnvReads[:0:0], m.EnvReads...)
		sort.SliceStable(reads, func(i, j int) bool { return reads[i].Call.Start < reads[j].Call.Start })
		for _, e := range reads {
			if e.Var == "" || seen[e.Var] || e.Library == "config" || (e.Call.File != "" && e.Call.File != p) {
				continue
			}
			seen[e.Var] = true
			v := EnvVar{Name: e.Var, Path: p, Secret: rules.IsSecretName(e.Var) || secretName(e.Var)}
			v.Line, _ = mapper.Position(e.Call.Start, textpos.UTF16)
			v.Line++
			if e.HasDefault && e.Default.End <= len(m.Text) && e.Default.Start <= e.Default.End {
				def := defaultText(string(m.Text[e.Default.Start:e.Default.End]))
				if secretValue(def) {
					v.Secret = true
				}
				if !v.Secret {
					v.Default = def
				}
			}
			out = append(out, v)
		}
	}
	return out
}

// isSettings reports a module judged as settings (it has a file result).
func (r *Result) isSettings(path string) bool {
	_, ok := r.Files[path]
	return ok
}

// defaultText turns a default argument's source into .env text:
// default='x' -> x, default=False -> False; anything computed -> "".
func defaultText(src string) string {
	src = strings.TrimSpace(src)
	if k, v, ok := strings.Cut(src, "="); ok && !strings.ContainsAny(k, `'"(`) {
		src = strings.TrimSpace(v)
	}
	if len(src) >= 2 && (src[0] == '\'' || src[0] == '"') && src[len(src)-1] == src[0] && !strings.ContainsAny(src[1:len(src)-1], `'"\`) {
		return src[1 : len(src)-1]
	}
	switch {
	case src == "True" || src == "False":
		return src
	case src != "" && strings.Trim(src, "0123456789.") == "":
		return src
	}
	return ""
}
