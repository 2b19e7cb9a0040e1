package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCheckDiff15000 is `djls check --diff` end to end on a project
// whose settings module has a few fixable findings and 15,000 plain
// assignments.
func BenchmarkCheckDiff15000(b *testing.B) {
	root := b.TempDir()
	var s strings.Builder
	s.WriteString("from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDEBUG = True\n" +
		"SECRET_KEY = 'django-insecure-abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn'\nALLOWED_HOSTS = ['*']\n" +
		"INSTALLED_APPS = ['django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions']\n" +
		"MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\nROOT_URLCONF = 'mysite.urls'\n")
	for i := 0; i < 15000; i++ {
		fmt.Fprintf(&s, "NAME_%d = %d\n", i, i)
	}
	files := map[string]string{
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": s.String(),
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out countWriter
		if code := run([]string{"check", "--diff", root}, strings.NewReader(""), &out, io.Discard); code != 1 || out.n == 0 {
			b.Fatalf("exit %d, %d bytes of diff", code, out.n)
		}
	}
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
