package diagnostics

import "testing"

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"sk_test_0123456789abcdefghijklmnopqrstuvwxyzABCDEF", "'sk_t…' (50 characters)"},
		{"abcdefgh", "'abcd…' (8 characters)"},
		{"hunter2", "'…' (7 characters)"},
		{"pw1", "'…' (3 characters)"},
		{"x", "'…' (1 character)"},
		{"ключ-ключ-ключ", "'ключ…' (14 characters)"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestMaskURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://saleor:saleor@localhost:5432/saleor", "postgres://saleor:…@localhost:5432/saleor"},
		{"https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1", "https://…@o1.ingest.sentry.io/1"},
		{"postgres://saleor@localhost/saleor", "postgres://saleor@localhost/saleor"},
		{"sqlite:///db.sqlite3", "sqlite:///db.sqlite3"},
	} {
		if got := MaskURL(c.in); got != c.want {
			t.Errorf("MaskURL(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestRedactSource(t *testing.T) {
	for _, c := range []struct {
		in     string
		secret bool
		want   string
	}{
		{`default="sk_live_51HxYzAbCdEfGhIjKlMnOpQr"`, false, `default='sk_l…' (32 characters)`},
		{`'not-so-secret'`, true, `'not-…' (13 characters)`},
		{`'not-so-secret'`, false, `'not-so-secret'`},
		{`''`, true, `''`},
		{`(str, 'postgres://u:hunter2@db/app')`, false, `(str, 'postgres://u:…@db/app')`},
		{`{'ENGINE': 'x', 'PASSWORD': 'hunter2hunter2'}`, false, `{'ENGINE': 'x', 'PASSWORD': 'hunt…' (14 characters)}`},
		{`dict(USER="app", DB_PASSWORD = "hunter2hunter2")`, false, `dict(USER="app", DB_PASSWORD = 'hunt…' (14 characters))`},
		{`'PASSWORD' == "plainvalue"`, false, `'PASSWORD' == "plainvalue"`},
		{`r"ghp_abcdefghijklmnop" + "tail"`, false, `'ghp_…' (20 characters) + "tail"`},
		{`"it's \" escaped"`, false, `"it's \" escaped"`},
		{`'unterminated sk_live_abcdefgh`, true, `'unte…' (29 characters)`},
	} {
		if got := RedactSource(c.in, c.secret); got != c.want {
			t.Errorf("RedactSource(%s, %v) = %s, want %s", c.in, c.secret, got, c.want)
		}
	}
}

func TestIsSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"SECRET_KEY": true, "SECRET_KEY_FALLBACKS": true, "STRIPE_SECRET_KEY": true, "EMAIL_HOST_PASSWORD": true,
		"MAIL_PASS": true, "SENTRY_DSN": true, "github_token": true,
		"DEBUG": false, "DATABASE_URL": false, "STRIPE_PUBLIC_KEY": true, // KEY is a secret word: redacting a public key costs nothing
		"ALLOWED_HOSTS": false,
	} {
		if got := IsSecretName(name); got != want {
			t.Errorf("IsSecretName(%s) = %v, want %v", name, got, want)
		}
	}
}
