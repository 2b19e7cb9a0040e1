package project

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestPyprojectPEP621AndGroups(t *testing.T) {
	text := `[project]
name = "x"
dependencies = [
    "Django>=4.2,<5.0",  # comment with "quotes"
    'gunicorn',
    "requests[socks] ; python_version > '3.8'",
]

[project.optional-dependencies]
prod = ["uvicorn[standard]>=0.30", "gunicorn"]

[dependency-groups]
dev = ["pytest>=8", {include-group = "lint"}]
lint = [
  "ruff",
]
`
	dir := writeTree(t, map[string]string{"pyproject.toml": text})
	p := mustLoad(t, dir)
	want := []reqSummary{
		{"django", "Django>=4.2,<5.0", "pyproject.toml", 4, 0, 0, false, "pyproject"},
		{"gunicorn", "gunicorn", "pyproject.toml", 5, 0, 0, false, "pyproject"},
		{"requests", "requests[socks] ; python_version > '3.8'", "pyproject.toml", 6, 0, 0, false, "pyproject"},
		{"uvicorn", "uvicorn[standard]>=0.30", "pyproject.toml", 10, 0, 0, false, "pyproject"},
		{"gunicorn", "gunicorn", "pyproject.toml", 10, 0, 0, false, "pyproject"},
		{"pytest", "pytest>=8", "pyproject.toml", 13, 0, 0, false, "pyproject"},
		{"ruff", "ruff", "pyproject.toml", 15, 0, 0, false, "pyproject"},
	}
	got := summarize(p)
	for i := range got {
		// Each range holds exactly the string's contents.
		if text[got[i].Start:got[i].End] != got[i].Spec {
			t.Errorf("%s: range %d-%d holds %q", got[i].Name, got[i].Start, got[i].End, text[got[i].Start:got[i].End])
		}
		got[i].Start, got[i].End = 0, 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requirements:\n got %+v\nwant %+v", got, want)
	}
	if p.Requirements[4].Start <= p.Requirements[3].Start {
		t.Error("the second gunicorn must point at its own string")
	}
	if p.Django != (Version{4, 2, true, "pyproject.toml:4"}) {
		t.Errorf("Django = %+v", p.Django)
	}
}

func TestPyprojectPoetry(t *testing.T) {
	text := `[tool.poetry]
name = "x"

[tool.poetry.dependencies]
python = "^3.11"
Django = "^4.2"
psycopg = { version = "^3.1", extras = ["binary"] }

[tool.poetry.group.prod.dependencies]
gunicorn = "*"

[tool.poetry.dev-dependencies]
pytest = "^8"
`
	dir := writeTree(t, map[string]string{"pyproject.toml": text})
	p := mustLoad(t, dir)
	want := []reqSummary{
		{"django", `Django = "^4.2"`, "pyproject.toml", 6, 0, 0, false, "poetry"},
		{"psycopg", `psycopg = { version = "^3.1", extras = ["binary"] }`, "pyproject.toml", 7, 0, 0, false, "poetry"},
		{"gunicorn", `gunicorn = "*"`, "pyproject.toml", 10, 0, 0, false, "poetry"},
		{"pytest", `pytest = "^8"`, "pyproject.toml", 13, 0, 0, false, "poetry"},
	}
	got := summarize(p)
	for i := range got {
		if text[got[i].Start:got[i].End] != got[i].Spec {
			t.Errorf("%s: range holds %q", got[i].Name, text[got[i].Start:got[i].End])
		}
		got[i].Start, got[i].End = 0, 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requirements:\n got %+v\nwant %+v", got, want)
	}
	if p.Django != (Version{4, 2, true, "pyproject.toml:6"}) {
		t.Errorf("Django = %+v", p.Django)
	}
}

func TestPipfileAndLock(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Pipfile": `[[source]]
url = "https://pypi.org/simple"

[packages]
django = "==4.1.*"
whitenoise = {version = "*", extras = ["brotli"]}

[dev-packages]
pytest = "*"
`,
		"Pipfile.lock": `{
    "_meta": {},
    "default": {
        "django": {
            "hashes": [],
            "version": "==4.1.13"
        }
    }
}`,
	})
	p := mustLoad(t, dir)
	var got []string
	for _, r := range p.Requirements {
		got = append(got, r.Name+"@"+r.Source+":"+itoa(r.Line))
	}
	want := []string{"django@pipfile:5", "whitenoise@pipfile:6", "pytest@pipfile:9"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if p.Django != (Version{4, 1, true, "Pipfile.lock:6"}) {
		t.Errorf("Django = %+v", p.Django)
	}
}

func TestLockFilesWin(t *testing.T) {
	for _, lock := range []string{"poetry.lock", "uv.lock"} {
		dir := writeTree(t, map[string]string{
			"requirements.txt": "django>=4.0\n",
			lock: `version = 1

[[package]]
name = "asgiref"
version = "3.8.1"

[[package]]
name = "Django"
version = "5.1.4"
source = { registry = "https://pypi.org/simple" }
`,
		})
		p := mustLoad(t, dir)
		if p.Django != (Version{5, 1, true, lock + ":9"}) {
			t.Errorf("%s: Django = %+v", lock, p.Django)
		}
	}
}

func TestSetupCfg(t *testing.T) {
	dir := writeTree(t, map[string]string{"setup.cfg": `[metadata]
name = x

[options]
packages = find:
install_requires =
    Django>=3.2
    gunicorn  # server

[options.extras_require]
dev = pytest
`})
	p := mustLoad(t, dir)
	var got []string
	for _, r := range p.Requirements {
		got = append(got, r.Name+"|"+r.Spec+"|"+r.Source+"|"+itoa(r.Line))
	}
	want := []string{"django|Django>=3.2|setup.cfg|7", "gunicorn|gunicorn|setup.cfg|8"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if p.Django != (Version{3, 2, true, "setup.cfg:7"}) {
		t.Errorf("Django = %+v", p.Django)
	}
}

func TestInvalidTOMLIsSkipped(t *testing.T) {
	dir := writeTree(t, map[string]string{"pyproject.toml": "[project\n", "requirements.txt": "django==5.0\n"})
	p := mustLoad(t, dir)
	want := `invalid: toml: line 2: expected '.' or ']' to end table name, but got '\n' instead`
	if len(p.Skipped) != 1 || p.Skipped[0].Reason != want || p.Skipped[0].Path != filepath.Join(dir, "pyproject.toml") {
		t.Errorf("skipped = %+v", p.Skipped)
	}
	if found, _ := p.HasPackage("django"); !found {
		t.Error("other sources are still read")
	}
}

func TestVersionFromConstraint(t *testing.T) {
	cases := []struct {
		in           string
		major, minor int
		ok           bool
	}{
		{"==4.2.11", 4, 2, true},
		{">=5.0,<5.1", 5, 0, true},
		{"<5.1,>=5.0", 5, 0, true},
		{"~=3.2", 3, 2, true},
		{"~=4.2.1", 4, 2, true},
		{">=4.2", 4, 2, true},
		{">4.1", 4, 1, true},
		{">=5", 5, 0, true},
		{"==4.2.*", 4, 2, true},
		{"===5.1rc1", 5, 1, true},
		{"^4.2", 4, 2, true},
		{"~4.2.0", 4, 2, true},
		{"4.2.11", 4, 2, true},
		{">=4.2,==5.0.1", 5, 0, true}, // a pin beats a bound
		{"", 0, 0, false},
		{"*", 0, 0, false},
		{"<5.1", 0, 0, false},
		{"!=4.0", 0, 0, false},
		{"==4.*", 0, 0, false},
		{"^4.2 || ^5.0", 0, 0, false},
	}
	for _, c := range cases {
		major, minor, ok := versionFromConstraint(c.in)
		if major != c.major || minor != c.minor || ok != c.ok {
			t.Errorf("versionFromConstraint(%q) = %d.%d %v, want %d.%d %v", c.in, major, minor, ok, c.major, c.minor, c.ok)
		}
	}
}

func TestPep508Constraint(t *testing.T) {
	cases := map[string]string{
		"Django==4.2.11": "==4.2.11",
		"django[argon2] >=4.2,<5 ; python_version>'3.8'": ">=4.2,<5",
		"django (>=4.2)":                ">=4.2",
		"django @ https://x/django.whl": "",
		"django":                        "",
	}
	for in, want := range cases {
		if got := pep508Constraint(in); got != want {
			t.Errorf("pep508Constraint(%q) = %q, want %q", in, got, want)
		}
	}
}
