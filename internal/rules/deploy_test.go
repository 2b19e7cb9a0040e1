package rules_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/textpos"
)

// gitIndexV2 builds a version 2 git index holding paths (sorted), with
// empty stat data and object names: all DJS805 reads of it.
func gitIndexV2(paths []string) []byte {
	out := binary.BigEndian.AppendUint32(append([]byte("DIRC"), 0, 0, 0, 2), uint32(len(paths)))
	for _, p := range paths {
		start := len(out)
		out = append(out, make([]byte, 60)...)
		out = binary.BigEndian.AppendUint16(out, uint16(len(p)))
		out = append(out, p...)
		n := len(out) - start
		out = append(out, make([]byte, (n+8)&^7-n)...)
	}
	return append(out, make([]byte, 20)...)
}

// TestTrackedEnvFileIsReported: a .env that git tracks is DJS805 even when
// .gitignore lists it (ignoring does not untrack), a tracked .env.example is
// not, and a tracked .env.production deleted from disk is not shown.
func TestTrackedEnvFileIsReported(t *testing.T) {
	root := writeProject(t, map[string]string{
		"app/settings.py": "import os\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nDEBUG = False\nALLOWED_HOSTS = [\"example.org\"]\n",
		".env":            "SECRET_KEY=abc\n",
		".env.example":    "SECRET_KEY=\n",
		".git/HEAD":       "ref: refs/heads/main\n",
	})
	index := gitIndexV2([]string{".env", ".env.example", ".env.production", ".gitignore", "app/settings.py"})
	if err := os.WriteFile(filepath.Join(root, ".git", "index"), index, 0o644); err != nil {
		t.Fatal(err)
	}
	_, res := analyze(t, root)
	var got []string
	for p, fr := range res.Files {
		m := textpos.NewMapper(fr.Text)
		for _, f := range fr.Findings {
			if f.Code != "DJS805" {
				continue
			}
			line, col := m.Position(f.Start, textpos.UTF32)
			rel, _ := filepath.Rel(root, p)
			got = append(got, found{filepath.ToSlash(rel), line + 1, col + 1, f.Code, f.Message}.String())
		}
	}
	want := []string{`.env:1:1 DJS805 "Git tracks .env"`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestRunserverFixOnlyWhenObvious: the gunicorn rewrite is offered only
// with gunicorn in the requirements, one wsgi.py, and runserver without
// options.
func TestRunserverFixOnlyWhenObvious(t *testing.T) {
	base := map[string]string{
		"manage.py":          "import os\n",
		"mysite/__init__.py": "",
		"mysite/wsgi.py":     "application = None\n",
		"mysite/settings.py": "import os\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nDEBUG = False\nALLOWED_HOSTS = [\"example.org\"]\n",
	}
	cases := []struct {
		name    string
		extra   map[string]string
		offered bool
	}{
		{"gunicorn and one wsgi.py", map[string]string{"Procfile": "web: python manage.py runserver\n"}, true},
		{"uvicorn without asgi.py", map[string]string{"Procfile": "web: python manage.py runserver\n", "requirements.txt": "Django==5.1\nuvicorn\n"}, false},
		{"daphne with asgi.py", map[string]string{"Procfile": "web: python manage.py runserver\n", "requirements.txt": "Django==5.1\ndaphne\n", "mysite/asgi.py": ""}, true},
		{"gunicorn only commented out", map[string]string{"Procfile": "web: python manage.py runserver\n", "requirements.txt": "Django==5.1\n# gunicorn\n"}, false},
		{"runserver options", map[string]string{"Procfile": "web: python manage.py runserver --noreload 0.0.0.0:$PORT\n"}, false},
		{"two wsgi modules", map[string]string{"Procfile": "web: python manage.py runserver\n", "other/wsgi.py": ""}, false},
		{"block list", map[string]string{"docker-compose.yml": "services:\n  web:\n    command:\n      - python\n      - manage.py\n      - runserver\n"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range base {
				files[k] = v
			}
			for k, v := range tc.extra {
				files[k] = v
			}
			_, res := analyze(t, writeProject(t, files))
			n := 0
			for _, fr := range res.Files {
				for _, f := range fr.Findings {
					if f.Code != "DJS804" {
						continue
					}
					n++
					offered := false
					for _, fx := range res.FixesFor(f) {
						offered = offered || strings.HasSuffix(fx.Title, "instead of runserver")
					}
					if offered != tc.offered {
						t.Errorf("fix offered = %v, want %v", offered, tc.offered)
					}
				}
			}
			if n != 1 {
				t.Fatalf("%d DJS804 findings, want 1", n)
			}
		})
	}
}
