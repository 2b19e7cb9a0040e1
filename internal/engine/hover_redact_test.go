package engine

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDescribeRedactsSecrets: hover names a secret setting but shows its
// value only redacted, a URL's password masked and a password in a dict
// redacted; other values stay as Python writes them.
func TestDescribeRedactsSecrets(t *testing.T) {
	root := writeProject(t, `-- config/settings.py --
import os
DEBUG = False
ALLOWED_HOSTS = ['example.org']
SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'q8f2LmZx09vT7pWcR4yNbH6sKd1eJ3uAgI5oXtYzw1Qe7rZk81Pq9m')
STRIPE_SECRET_KEY = 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr'
EMAIL_HOST_PASSWORD = 'pw1'
CACHE_URL = 'redis://cache:hunter2hunter2@cache.internal:6379/0'
DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': 'hunter2hunter2'}}
SECRET_KEY_FALLBACKS = ['oldkey0123456789abcdefghij']
`)
	settings := filepath.Join(root, "config", "settings.py")
	_, res := loadAndAnalyze(t, root)
	text := string(res.Files[settings].Text)
	for name, want := range map[string]string{
		"SECRET_KEY =":         "'q8f2…' (54 characters)",
		"STRIPE_SECRET_KEY":    "'sk_l…' (32 characters)",
		"EMAIL_HOST_PASSWORD":  "'…' (3 characters)",
		"CACHE_URL":            "'redis://cache:…@cache.internal:6379/0'",
		"DATABASES":            "{'default': {'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': 'hunt…' (14 characters)}}",
		"SECRET_KEY_FALLBACKS": "['oldk…' (26 characters)]",
		"ALLOWED_HOSTS":        "['example.org']",
	} {
		info, ok := res.Describe(settings, strings.Index(text, name))
		if !ok {
			t.Errorf("no hover on %s", name)
			continue
		}
		if info.Value != want {
			t.Errorf("hover on %s shows %s, want %s", info.Name, info.Value, want)
		}
	}
}
