package evaluator

import (
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// fileIncluder is an Importer over in-memory files that also includes them.
type fileIncluder struct {
	files map[string]string // absolute path -> text
	dev   map[string]bool
}

func (f fileIncluder) Import(string, int, string) (*Module, bool, bool) { return nil, false, false }

func (f fileIncluder) IncludeFiles(fromPath, pattern string) []IncludedFile {
	full := path.Join(path.Dir(fromPath), pattern)
	var names []string
	for p := range f.files {
		if ok, _ := path.Match(full, p); ok {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	var out []IncludedFile
	for _, p := range names {
		out = append(out, IncludedFile{Path: p, Doc: treesitter.Parse([]byte(f.files[p])), Dev: f.dev[p]})
	}
	return out
}

func evalIncluding(t *testing.T, files map[string]string, dev ...string) *Module {
	t.Helper()
	inc := fileIncluder{files: files, dev: map[string]bool{}}
	for _, d := range dev {
		inc.dev[d] = true
	}
	src := files["/p/settings/__init__.py"]
	return Evaluate("/p/settings/__init__.py", treesitter.Parse([]byte(src)), inc)
}

// TestIncludeRunsFilesInOneNamespace: each file sees the names before it,
// its assignments land in the including module, and their spans stay in
// the file that holds them.
func TestIncludeRunsFilesInOneNamespace(t *testing.T) {
	m := evalIncluding(t, map[string]string{
		"/p/settings/__init__.py":          "from split_settings.tools import include, optional\ninclude('components/*.py', optional('local.py'))\n",
		"/p/settings/components/a_base.py": "ALLOWED_HOSTS = ['a.org']\nDEBUG = False\n",
		"/p/settings/components/b_more.py": "ALLOWED_HOSTS = ALLOWED_HOSTS + ['*']\n",
		"/p/settings/local.py":             "DEBUG = True\n",
	}, "/p/settings/local.py")
	b := m.Setting("ALLOWED_HOSTS")
	if b == nil || b.Value.Repr() != "['a.org', '*']" {
		t.Fatalf("ALLOWED_HOSTS = %v, want ['a.org', '*']", b)
	}
	if b.File != "/p/settings/components/b_more.py" || b.Target().Start != 0 {
		t.Errorf("binding in %s at %d, want the component at 0", b.File, b.Target().Start)
	}
	if d := m.Setting("DEBUG"); d == nil || d.Value.Repr() != "False" {
		t.Errorf("DEBUG = %v: an optional development file is not read", d)
	}
	if got := strings.Join(m.Includes, ","); got != "/p/settings/components/a_base.py,/p/settings/components/b_more.py" {
		t.Errorf("Includes = %s", got)
	}
	if m.Path != "/p/settings/__init__.py" || !m.Holds("/p/settings/components/a_base.py") {
		t.Errorf("the module is %s and holds its components", m.Path)
	}
}

// TestIncludeEnvNamePicksProduction: a pattern built from an
// environment-name variable names production.py, else prod.py.
func TestIncludeEnvNamePicksProduction(t *testing.T) {
	for _, file := range []string{"production", "prod"} {
		m := evalIncluding(t, map[string]string{
			"/p/settings/__init__.py":          "import os\nfrom split_settings.tools import include\nENV = os.environ.get('DJANGO_ENV', 'development')\ninclude('envs/%s.py' % ENV, f'more/{ENV}.py', 'x_' + ENV + '.py')\n",
			"/p/settings/envs/development.py":  "DEBUG = True\n",
			"/p/settings/envs/" + file + ".py": "DEBUG = False\n",
			"/p/settings/more/" + file + ".py": "X = 1\n",
			"/p/settings/x_" + file + ".py":    "Y = 2\n",
		})
		if d := m.Setting("DEBUG"); d == nil || d.Value.Repr() != "False" || d.File != "/p/settings/envs/"+file+".py" {
			t.Errorf("%s: DEBUG = %+v, want False from envs/%s.py", file, d, file)
		}
		if m.Setting("X") == nil || m.Setting("Y") == nil {
			t.Errorf("%s: the f-string and + patterns were not included", file)
		}
	}
}

// TestIncludeUnknownPatternIsDynamic: a pattern that cannot be computed
// may define anything, and a missing required file raises (in try).
func TestIncludeUnknownPatternIsDynamic(t *testing.T) {
	m := evalIncluding(t, map[string]string{
		"/p/settings/__init__.py": "import os\nfrom split_settings.tools import include\ninclude(os.environ['SETTINGS_FILE'])\ntry:\n    include('missing.py')\n    DEBUG = True\nexcept IOError:\n    DEBUG = False\n",
	})
	if m.Dynamic == nil || !m.MaybeSet("SECRET_KEY") {
		t.Errorf("an include of an unknown file leaves settings maybe set")
	}
	if d := m.Setting("DEBUG"); d == nil || d.Value.Repr() != "False" {
		t.Errorf("DEBUG = %v, want False (missing.py raises)", d)
	}
}

// TestIncludeCycleStops: a file that includes itself is run once.
func TestIncludeCycleStops(t *testing.T) {
	m := evalIncluding(t, map[string]string{
		"/p/settings/__init__.py": "from split_settings.tools import include\ninclude('a.py')\n",
		"/p/settings/a.py":        "from split_settings.tools import include\nN = [1]\ninclude('a.py')\nN.append(2)\n",
	})
	if n := m.Setting("N"); n == nil || n.Value.Repr() != "[1, 2]" {
		t.Errorf("N = %v", n)
	}
}

// TestIncludedHelperReadsItsOwnFile: a helper one component defines and
// another calls runs over the text of the file that holds it.
func TestIncludedHelperReadsItsOwnFile(t *testing.T) {
	m := evalIncluding(t, map[string]string{
		"/p/settings/__init__.py":         "from split_settings.tools import include\ninclude('components/*.py')\n",
		"/p/settings/components/a.py":     "import os\n\n\ndef env_flag(name, fallback='true'):\n    return os.getenv(name, fallback).lower() in ('1', 'true')\n",
		"/p/settings/components/b_use.py": "DEBUG = env_flag('DEBUG')\n",
	})
	d := m.Setting("DEBUG")
	if d == nil || d.Value.Repr() != "True" {
		t.Fatalf("DEBUG = %v, want True (the helper's default)", d)
	}
	if d.File != "/p/settings/components/b_use.py" {
		t.Errorf("DEBUG is bound in %s, want the component that assigns it", d.File)
	}
}
