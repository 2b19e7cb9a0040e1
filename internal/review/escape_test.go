package review

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostileSettings puts markup, Markdown and a secret in the values a
// review quotes (a finding's message, the fixes' diffs).
const hostileSettings = `DEBUG = False
SECRET_KEY = 'a8f3k2m9x7q1w5e4r6t0y8u2i3o9p7l5k4j3h2g1f0d'
ALLOWED_HOSTS = ['example.com']
INSTALLED_APPS = ['corsheaders']
CORS_ALLOWED_ORIGINS = ["http://localhost/<img src=x>|` + "`x`" + `*y*"]
`

func hostileReview(t *testing.T) *Review {
	t.Helper()
	root := t.TempDir()
	for path, text := range map[string]string{"manage.py": "", "app/__init__.py": "", "app/settings.py": hostileSettings} {
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rev, err := Build(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// TestProjectTextIsEscaped: a value from the project renders as written,
// never as markup: HTML holds no tag of it, Markdown escapes it outside
// code blocks, and the secret appears in neither.
func TestProjectTextIsEscaped(t *testing.T) {
	rev := hostileReview(t)
	var md, page bytes.Buffer
	if err := Markdown(&md, rev, "djls"); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&page, rev, "djls"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "&lt;img src=x&gt;") || strings.Contains(page.String(), "<img") {
		t.Error("the HTML page does not escape the origin's markup")
	}
	prose := regexp.MustCompile("(?s)```diff\n.*?\n```\n").ReplaceAllString(md.String(), "")
	if !strings.Contains(prose, `\<img src=x\>\|\`+"`x\\`"+`\*y\*`) {
		t.Errorf("the Markdown does not escape the origin:\n%s", prose)
	}
	if regexp.MustCompile(`(^|[^\\])<img`).MatchString(prose) {
		t.Error("the Markdown holds an unescaped <img")
	}
	for name, out := range map[string]string{"Markdown": md.String(), "HTML": page.String()} {
		if strings.Contains(out, "a8f3k2m9x7") {
			t.Errorf("the %s review shows the SECRET_KEY", name)
		}
	}
}

func TestRedactLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SECRET_KEY = config('SECRET_KEY', default='django-insecure-abcdefghijklmnop')`, `SECRET_KEY = config('SECRET_KEY', default='djan…' (32 characters))`},
		{`        'PASSWORD': config('DATABASE_PASSWORD', default='alfred'),`, `        'PASSWORD': config('DATABASE_PASSWORD', default='…' (6 characters)),`},
		{`DATABASES = {'default': dj_database_url.parse('postgres://shop:hunter22@db/shop')}`, `DATABASES = {'default': dj_database_url.parse('postgres://shop:…@db/shop')}`},
		{`STRIPE_KEY = "sk_live_abcdefghijklmnopqrstuvwx"`, `STRIPE_KEY = 'sk_l…' (32 characters)`},
		{`# see postgres://u:pw123456@host/db`, `# see postgres://u:…@host/db`},
		{`TIME_ZONE = 'Africa/Nairobi'`, `TIME_ZONE = 'Africa/Nairobi'`},
		{`DEBUG = config('DEBUG', default='True', cast=bool)`, `DEBUG = config('DEBUG', default='True', cast=bool)`},
	} {
		if got := RedactLine(c.in); got != c.want {
			t.Errorf("RedactLine(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SECRET_KEY is weak", "SECRET_KEY is weak"},
		{"_lead and trail_", `\_lead and trail\_`},
		{"a <b> & `c` | *d*", "a \\<b\\> &amp; \\`c\\` \\| \\*d\\*"},
		{"# not a heading", `\# not a heading`},
		{"1. not a list", `1\. not a list`},
		{"two\nlines", "two lines"},
	} {
		if got := mdText(c.in); got != c.want {
			t.Errorf("mdText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := mdCode("a ``b`` c"); got != "```a ``b`` c```" {
		t.Errorf("mdCode = %q", got)
	}
	if got := mdFence("diff", "x\n````\n"); !strings.HasPrefix(got, "`````diff\n") || !strings.HasSuffix(got, "\n`````\n") {
		t.Errorf("mdFence = %q", got)
	}
}
