package review

import (
	"regexp"
	"strings"
	"sync"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// A fix's diff quotes the lines around it, and the lines it removes: a
// default SECRET_KEY or database password among them must not reach a PR
// comment. Every string literal of a diff line is redacted when the line
// names a secret (SECRET_KEY = ..., 'PASSWORD': ..., env("API_TOKEN", ...))
// or the literal looks like a key or holds a URL password; names of env
// vars and settings stay readable.

var (
	pyString = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[rRbBuUfF]{0,2}("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')`)
	})
	identifier  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`) })
	settingName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`) })
	urlInText   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'"]+`) })
)

// redactDiff redacts every line of a unified diff (headers aside).
func redactDiff(diff string) string {
	lines := strings.SplitAfter(diff, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "+++ ") || strings.HasPrefix(l, "@@") {
			continue
		}
		lines[i] = RedactLine(l)
	}
	return strings.Join(lines, "")
}

// RedactLine redacts the secrets of one line of source.
func RedactLine(line string) string {
	secretLine := namesSecret(line)
	out := pyString().ReplaceAllStringFunc(line, func(lit string) string {
		q := strings.IndexAny(lit, `'"`)
		body := lit[q+1 : len(lit)-1]
		masked := diagnostics.MaskURL(body)
		switch {
		case body == "" || settingName().MatchString(body):
			return lit
		case secretLine:
			return diagnostics.Redact(body)
		case masked != body:
			return lit[:q+1] + masked + lit[len(lit)-1:]
		case diagnostics.SecretValue(body):
			return diagnostics.Redact(body)
		}
		return lit
	})
	// A URL outside quotes (a comment, a .env line) has its password masked.
	return urlInText().ReplaceAllStringFunc(out, diagnostics.MaskURL)
}

// namesSecret reports a line whose code names a secret setting, key or
// env var.
func namesSecret(line string) bool {
	for _, n := range identifier().FindAllString(line, -1) {
		if diagnostics.IsSecretName(strings.ToUpper(n)) {
			return true
		}
	}
	return false
}
