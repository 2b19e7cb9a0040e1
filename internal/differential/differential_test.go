package differential

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// python is Debian's interpreter, which sees python3-django (3.2); the
// pyenv python3 on PATH does not.
const python = "/usr/bin/python3"

// generatedCases is how many random modules follow the hand-written anchors
// (shortCases with -short, which CI's race run uses).
const (
	generatedCases = 300
	shortCases     = 80
)

// djlsBin is the CLI under test, built once by TestMain.
var djlsBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "djls-differential-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	djlsBin = filepath.Join(dir, "djls")
	build := exec.Command("go", "build", "-o", djlsBin, "github.com/djls-dev/djls/cmd/djls")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building djls: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// mirrored are Django 3.2's deploy checks that djls reports as django_check
// (W007 and W017 left Django before 3.2).
var mirrored = func() map[string]bool {
	m := map[string]bool{}
	for _, id := range strings.Fields("W001 W002 W003 W004 W005 W006 W008 W009 W010 W011 W012 W013 W014 W015 W016 W018 W019 W020 W021 W022 E023") {
		m["security."+id] = true
	}
	return m
}()

// originsCheck is Django 4.0's check on CSRF_TRUSTED_ORIGINS, which the
// driver applies as 4.0 writes it; djls judges the case again as Django 4.0
// to compare it (DJS204 needs 4.0).
const originsCheck = "4_0.E001"

func requireDjango(t *testing.T) {
	err := exec.Command(python, "-c", "import django, decouple, environ; assert django.VERSION[:2] == (3, 2), django.get_version()").Run()
	if err == nil {
		return
	}
	msg := fmt.Sprintf("%s cannot import Django 3.2, decouple and environ (%v); apt-get install python3-django python3-decouple python3-django-environ", python, err)
	if os.Getenv("DJLS_REQUIRE_DJANGO") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; set DJLS_REQUIRE_DJANGO=1 to make this a failure")
}

func TestDifferentialAgainstDjango32(t *testing.T) {
	requireDjango(t)
	n := generatedCases
	if testing.Short() {
		n = shortCases
	}
	cases := append(anchorCases(), generate(n, len(anchors))...)
	root := t.TempDir()
	for _, c := range cases {
		writeProject(t, filepath.Join(root, c.name), c.files)
	}
	start := time.Now()
	djangoIDs := runDjango(t, root, cases)
	t.Logf("Django checked %d modules in %v", len(cases), time.Since(start).Round(time.Millisecond))
	start = time.Now()

	fired := map[string]int{}
	for _, c := range cases {
		res := djangoIDs[c.name]
		want := map[string]bool{}
		wantOrigins := false
		for _, id := range res.IDs {
			if mirrored[id] {
				want[id] = true
				fired[id]++
			}
			if id == originsCheck {
				wantOrigins = true
				fired[id]++
			}
		}
		name := c.name
		if c.about != "" {
			name += "_" + c.about
		}
		t.Run(name, func(t *testing.T) {
			if res.Error != "" {
				t.Fatalf("Django could not check this module:\n%s\n%s", res.Error, c.source())
			}
			if c.django != nil {
				reported, pinned := map[string]bool{}, map[string]bool{}
				for id := range want {
					reported[id] = true
				}
				if wantOrigins {
					reported[originsCheck] = true
				}
				for _, id := range c.django {
					pinned[id] = true
				}
				if join(reported) != join(pinned) {
					t.Errorf("Django itself reports %v, the anchor pins %v\n%s", keys(reported), keys(pinned), c.source())
				}
			}
			got, findings := djlsChecks(t, filepath.Join(root, c.name))
			if join(want) != join(got) {
				t.Errorf("Django reports %v\ndjls reports   %v\ndjls findings:\n%s%s", keys(want), keys(got), findings, c.source())
			}
			if c.origins || wantOrigins {
				got, findings := djlsChecksAs40(t, filepath.Join(root, c.name))
				if got[originsCheck] != wantOrigins {
					t.Errorf("Django 4.0's %s test says %v, djls as 4.0 says %v\ndjls findings:\n%s%s", originsCheck, wantOrigins, got[originsCheck], findings, c.source())
				}
			}
		})
	}
	if n := fired[originsCheck]; n == 0 || n == len(cases) {
		t.Errorf("%s fires in %d of %d cases: the generator must make it both fire and stay quiet", originsCheck, n, len(cases))
	}

	// Every mirrored check must both fire and stay quiet somewhere, or the
	// comparison proves little about it.
	for _, id := range keys(mirrored) {
		if n := fired[id]; n == 0 || n == len(cases) {
			t.Errorf("%s fires in %d of %d cases: the generator must make it both fire and stay quiet", id, n, len(cases))
		}
	}
	t.Logf("djls checked them in %v", time.Since(start).Round(time.Millisecond))
	t.Logf("Django's mirrored checks over %d cases: %v", len(cases), fired)
}

// writeProject writes a case's Python files with the project files that
// keep djls's project rules quiet and make it judge with 3.2's semantics.
func writeProject(t *testing.T, dir string, python map[string]string) {
	t.Helper()
	files := map[string]string{
		"djls-security.toml": "django-version = \"3.2\"\n",
		".gitignore":         ".env\n",
		"requirements.txt":   "Django==3.2\ngunicorn\n",
	}
	for name, text := range python {
		files[name] = text
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type djangoResult struct {
	Dir   string   `json:"dir"`
	IDs   []string `json:"ids"`
	Error string   `json:"error"`
}

// runDjango checks every case with testdata/driver.py in one process that
// forks once per module (tens of milliseconds each). The environment is empty but
// for PATH and HOME, so env reads take their defaults.
func runDjango(t *testing.T, root string, cases []genCase) map[string]djangoResult {
	driver, err := filepath.Abs(filepath.Join("testdata", "driver.py"))
	if err != nil {
		t.Fatal(err)
	}
	// python-decouple also reads a settings.ini or .env found in any folder
	// above the module; one there would change what Django sees.
	for d := root; ; d = filepath.Dir(d) {
		for _, f := range []string{".env", "settings.ini"} {
			if _, err := os.Stat(filepath.Join(d, f)); err == nil {
				t.Fatalf("%s would feed python-decouple; remove it or set TMPDIR elsewhere", filepath.Join(d, f))
			}
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	type input struct {
		Dir    string `json:"dir"`
		Module string `json:"module"`
	}
	in := make([]input, len(cases))
	for i, c := range cases {
		in[i] = input{filepath.Join(root, c.name), c.module}
	}
	stdin, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-B", driver)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + root}
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("driver: %v\n%s", err, stderr.String())
	}
	results := map[string]djangoResult{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r djangoResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("driver printed %q: %v", line, err)
		}
		if r.Dir != "" { // not the version line
			results[filepath.Base(r.Dir)] = r
		}
	}
	if len(results) != len(cases) {
		t.Fatalf("driver answered for %d of %d cases:\n%s", len(results), len(cases), out)
	}
	return results
}

type djlsFinding struct {
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Code        string `json:"code"`
	Message     string `json:"message"`
	DjangoCheck string `json:"django_check"`
}

// djlsChecks runs the CLI on one project and returns the Django checks its
// findings carry, and the findings as text for failure messages.
func djlsChecks(t *testing.T, dir string) (map[string]bool, string) {
	t.Helper()
	cmd := exec.Command(djlsBin, "check", "--format", "json", "--fail-on", "never", ".")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("djls check: %v\n%s", err, stderr.String())
	}
	var rep struct {
		Findings []djlsFinding `json:"findings"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("djls printed invalid JSON: %v\n%s", err, out)
	}
	got := map[string]bool{}
	var text strings.Builder
	for _, f := range rep.Findings {
		fmt.Fprintf(&text, "  %s:%d:%d %s %s %s\n", f.Path, f.Line, f.Column, f.Code, f.DjangoCheck, f.Message)
		if f.DjangoCheck != "" {
			got[f.DjangoCheck] = true
		}
	}
	return got, text.String()
}

// djlsChecksAs40 runs djls on a case judged as Django 4.0, then restores
// the case's 3.2 configuration.
func djlsChecksAs40(t *testing.T, dir string) (map[string]bool, string) {
	t.Helper()
	conf := filepath.Join(dir, "djls-security.toml")
	old, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte("django-version = \"4.0\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(conf, old, 0o644)
	return djlsChecks(t, dir)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys(m map[string]string) []string { return keys(m) }

func join(m map[string]bool) string { return strings.Join(keys(m), " ") }
