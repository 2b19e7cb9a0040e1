package differential

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/djls-dev/djls/internal/engine"
)

// python is Debian's interpreter, which sees python3-django (3.2).
const python = "/usr/bin/python3"

// driver imports one settings module and prints the IDs of Django's
// deploy checks that are not silenced.
const driver = `import json, os, sys
sys.path.insert(0, sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
import django
django.setup()
from django.core import checks
msgs = checks.run_checks(include_deployment_checks=True)
print(json.dumps(sorted({m.id for m in msgs if not m.is_silenced()})))
`

// mirrored are the Django 3.2 checks djls reports as django_check.
var mirrored = map[string]bool{}

func init() {
	for _, id := range strings.Fields("W001 W002 W003 W004 W005 W006 W008 W009 W010 W011 W012 W013 W014 W015 W016 W018 W019 W020 W021 W022 E023") {
		mirrored["security."+id] = true
	}
}

func djangoAvailable() bool {
	return exec.Command(python, "-c", "import django, decouple, environ").Run() == nil
}

func TestDifferentialAgainstDjango32(t *testing.T) {
	if !djangoAvailable() {
		if os.Getenv("DJLS_REQUIRE_DJANGO") == "1" {
			t.Fatalf("%s cannot import django, decouple and environ (apt-get install python3-django python3-decouple python3-django-environ)", python)
		}
		t.Skip("Django 3.2 is not installed for " + python + "; set DJLS_REQUIRE_DJANGO=1 to make this a failure")
	}
	dir := t.TempDir()
	cases := generate(80)
	djangoIDs := make([][]string, len(cases))
	errs := make([]string, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, c := range cases {
		root := filepath.Join(dir, c.name)
		write(t, filepath.Join(root, "settings.py"), c.settings)
		write(t, filepath.Join(root, "djls-security.toml"), "django-version = \"3.2\"\n")
		write(t, filepath.Join(root, ".gitignore"), ".env\n")
		write(t, filepath.Join(root, "requirements.txt"), "Django==3.2\ngunicorn\n")
		wg.Add(1)
		go func(i int, root string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cmd := exec.Command(python, "-c", driver, root)
			cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + root}
			out, err := cmd.Output()
			if err != nil {
				if ee, ok := err.(*exec.ExitError); ok {
					errs[i] = string(ee.Stderr)
				} else {
					errs[i] = err.Error()
				}
				return
			}
			var ids []string
			if err := json.Unmarshal(out, &ids); err != nil {
				errs[i] = "bad driver output: " + string(out)
			}
			djangoIDs[i] = ids
		}(i, root)
	}
	wg.Wait()

	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if errs[i] != "" {
				t.Fatalf("Django could not check this module:\n%s\n--- settings.py ---\n%s", errs[i], c.settings)
			}
			want := map[string]bool{}
			for _, id := range djangoIDs[i] {
				if mirrored[id] {
					want[id] = true
				}
			}
			got := djlsChecks(t, filepath.Join(dir, c.name))
			t.Logf("Django %v, djls %v", keys(want), keys(got))
			if a, b := keys(want), keys(got); strings.Join(a, " ") != strings.Join(b, " ") {
				t.Errorf("Django reports %v, djls reports %v\n--- settings.py ---\n%s", a, b, c.settings)
			}
		})
	}
}

func djlsChecks(t *testing.T, root string) map[string]bool {
	ws, err := engine.Load(root, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range res.Files {
		for _, fd := range f.Findings {
			if fd.DjangoCheck != "" && !fd.Silenced {
				got[fd.DjangoCheck] = true
			}
		}
	}
	return got
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
