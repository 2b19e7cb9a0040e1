package engine

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/treesitter"
)

// editorSession is an editor on a project: every settings module open,
// edited one keystroke-sized change at a time, analysed after each.
type editorSession struct {
	t        *testing.T
	root     string
	ws       *Workspace
	editor   *config.Config // the editor settings sent, for fresh workspaces too
	overlays map[string]Overlay
	version  int32
}

// openSession loads root and opens the files rels name.
func openSession(t *testing.T, root string, rels ...string) *editorSession {
	t.Helper()
	ws, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := &editorSession{t: t, root: root, ws: ws, overlays: map[string]Overlay{}}
	for _, rel := range rels {
		text, err := os.ReadFile(s.path(rel))
		if err != nil {
			t.Fatal(err)
		}
		s.set(rel, treesitter.Parse(text))
	}
	return s
}

func (s *editorSession) path(rel string) string {
	return filepath.Join(s.root, filepath.FromSlash(rel))
}

func (s *editorSession) set(rel string, d *treesitter.Document) {
	s.version++
	s.overlays[s.path(rel)] = Overlay{Version: s.version, Text: d.Text, Doc: d}
}

// edit replaces the first old in rel's open text by new, as an editor's
// incremental change (a file not open yet is opened with new as its text).
func (s *editorSession) edit(rel, old, new string) {
	s.t.Helper()
	o, open := s.overlays[s.path(rel)]
	if !open {
		s.set(rel, treesitter.Parse([]byte(new)))
		return
	}
	at := strings.Index(string(o.Text), old)
	if at < 0 {
		s.t.Fatalf("%s has no %q", rel, old)
	}
	s.set(rel, o.Doc.Edit(at, at+len(old), []byte(new)))
}

func (s *editorSession) analyze() *Result {
	s.t.Helper()
	res, err := s.ws.Analyze(context.Background(), s.overlays)
	if err != nil {
		s.t.Fatal(err)
	}
	return res
}

// fresh analyses the same texts in a new workspace, every tree parsed anew.
func (s *editorSession) fresh() *Result {
	s.t.Helper()
	ws, err := Load(s.root, Options{Editor: s.editor})
	if err != nil {
		s.t.Fatal(err)
	}
	overlays := map[string]Overlay{}
	for p, o := range s.overlays {
		overlays[p] = Overlay{Version: o.Version, Text: o.Text, Doc: treesitter.Parse(o.Text)}
	}
	res, err := ws.Analyze(context.Background(), overlays)
	if err != nil {
		s.t.Fatal(err)
	}
	return res
}

// analyzeLikeFresh analyses and holds the result to a fresh workspace's:
// the same files, with exactly the same findings.
func (s *editorSession) analyzeLikeFresh(step string) *Result {
	s.t.Helper()
	got, want := s.analyze(), s.fresh()
	if g, w := slices.Sorted(maps.Keys(got.Files)), slices.Sorted(maps.Keys(want.Files)); !slices.Equal(g, w) {
		s.t.Fatalf("%s: files %v, want (fresh workspace) %v", step, g, w)
	}
	for p, f := range want.Files {
		if g := got.Files[p].Findings; !reflect.DeepEqual(g, f.Findings) {
			s.t.Fatalf("%s: findings in %s\n%v\nwant (fresh workspace)\n%v", step, p, g, f.Findings)
		}
	}
	return got
}

// ran is the modules (relative paths) the last analysis ran module rules on.
func (s *editorSession) ran() []string {
	var out []string
	for p := range s.ws.judged.ran {
		rel, _ := filepath.Rel(s.root, p)
		out = append(out, filepath.ToSlash(rel))
	}
	slices.Sort(out)
	return out
}

// printFindings is every finding of res, file by file, related
// information included.
func printFindings(res *Result) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(res.Files)) {
		fmt.Fprintf(&b, "%s: %+v\n", p, res.Files[p].Findings)
	}
	return b.String()
}

func (s *editorSession) wantRan(step string, want ...string) {
	s.t.Helper()
	slices.Sort(want)
	if got := s.ran(); !slices.Equal(got, want) {
		s.t.Fatalf("%s: module rules ran on %v, want %v", step, got, want)
	}
}

// layeredProject has a base two production roots import, a development
// module, an independent module with an optional override import, and a
// module of django-configurations classes.
const layeredProject = `-- config/settings/base.py --
import os
SECRET_KEY = os.environ.get('SECRET_KEY', 'dev-insecure-key-1234567890')
DEBUG = False
ALLOWED_HOSTS = ['example.org']
MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']
SESSION_COOKIE_SECURE = True
USE_L10N = True
-- config/settings/production.py --
from .base import *
CSRF_COOKIE_SECURE = True
-- config/settings/staging.py --
from .base import *
SECURE_SSL_REDIRECT = True
-- config/settings/development.py --
from .base import *
DEBUG = True
-- other/settings.py --
DEBUG = False
SECRET_KEY = 'y'
ALLOWED_HOSTS = ['example.org']
CSRF_TRUSTED_ORIGINS = ['example.org']
try:
    from .local_settings import *
except ImportError:
    pass
-- classes/settings.py --
from configurations import Configuration
class Base(Configuration):
    DEBUG = False
    SECRET_KEY = 'z'
    CSRF_TRUSTED_ORIGINS = ['example.com']
class Production(Base):
    ALLOWED_HOSTS = ['example.org']
class Dev(Base):
    DEBUG = True
`

var layeredModules = []string{"config/settings/base.py", "config/settings/production.py", "config/settings/staging.py",
	"config/settings/development.py", "other/settings.py", "classes/settings.py"}

func openLayered(t *testing.T) *editorSession {
	return openSession(t, writeProject(t, layeredProject), layeredModules...)
}

// TestJudgeCacheMatchesFreshWorkspace: after each edit of a sequence, to
// a base two roots import, to the roots, to an independent module and to
// the modules that decide which modules are judged, the findings are
// exactly a fresh workspace's.
func TestJudgeCacheMatchesFreshWorkspace(t *testing.T) {
	s := openLayered(t)
	s.analyzeLikeFresh("open")
	s.analyzeLikeFresh("nothing changed")
	var results []*Result
	var printed []string
	for i, e := range []struct{ rel, old, new string }{
		{"config/settings/base.py", "DEBUG = False", "DEBUG = True"},                                  // found through two roots, merged
		{"config/settings/base.py", "DEBUG = True", "DEBUG = True  # noqa: DJS001"},                   // suppressed
		{"config/settings/production.py", "CSRF", "SILENCED_SYSTEM_CHECKS = ['security.W018']\nCSRF"}, // silenced through one root
		{"config/settings/base.py", "  # noqa: DJS001", ""},
		{"other/settings.py", "SECRET_KEY = 'y'", "SECRET_KEY = 'yy'"},
		{"config/settings/staging.py", "from .base import *\n", ""},                    // staging no longer gets DEBUG
		{"classes/settings.py", "DEBUG = False", "DEBUG = True"},                       // a base class the views share
		{"config/settings/production.py", "from .base import *\n", ""},                 // base judged through development only
		{"config/settings/production.py", "SILENCED", "from .base import *\nSILENCED"}, // and back
		{"other/settings_dev.py", "", "from .settings import *\nDEBUG = True\n"},       // other/settings.py becomes a fragment
		{"other/settings_dev.py", "from .settings import *\n", ""},                     // and a root again
	} {
		s.edit(e.rel, e.old, e.new)
		step := fmt.Sprintf("edit %d (%s: %q -> %q)", i, e.rel, e.old, e.new)
		res := s.analyzeLikeFresh(step)
		results = append(results, res)
		printed = append(printed, printFindings(res))
	}
	// Reused findings share nothing a later analysis writes to.
	for i, res := range results {
		if printFindings(res) != printed[i] {
			t.Fatalf("the result of edit %d changed after later analyses", i)
		}
	}
}

// TestJudgeCacheFollowsWhatIsJudged: whether a module is judged as
// production is an input of the rules that judge every module (the note
// on an optional override import is for production modules only): it
// changes when another module starts importing it, its evaluation not.
func TestJudgeCacheFollowsWhatIsJudged(t *testing.T) {
	s := openLayered(t)
	other := s.path("other/settings.py")
	note := func(res *Result) bool {
		for _, f := range res.Files[other].Findings {
			if strings.Contains(f.Detail, "local_settings import could override it") {
				return true
			}
		}
		return false
	}
	if !note(s.analyzeLikeFresh("open")) {
		t.Fatalf("no override note on a root's finding: %v", s.analyze().Files[other].Findings)
	}
	s.edit("other/settings_dev.py", "", "from .settings import *\nDEBUG = True\n")
	if note(s.analyzeLikeFresh("imported by settings_dev.py")) {
		t.Fatal("override note on a fragment's finding")
	}
	s.wantRan("imported by settings_dev.py", "other/settings.py", "other/settings_dev.py")
}

// TestJudgeCacheRunsOnlyWhatChanged: rules run again on the module edited
// and the modules whose evaluation it changes, not on the others.
func TestJudgeCacheRunsOnlyWhatChanged(t *testing.T) {
	t.Run("independent modules", func(t *testing.T) {
		var archive strings.Builder
		var rels []string
		for i := range 20 {
			rel := fmt.Sprintf("site%02d/settings.py", i)
			rels = append(rels, rel)
			fmt.Fprintf(&archive, "-- %s --\nDEBUG = True\nSECRET_KEY = 'x%d'\nALLOWED_HOSTS = ['*']\n", rel, i)
		}
		s := openSession(t, writeProject(t, archive.String()), rels...)
		s.analyzeLikeFresh("open")
		s.wantRan("open", rels...)
		s.analyzeLikeFresh("nothing changed")
		s.wantRan("nothing changed")
		s.edit("site07/settings.py", "DEBUG = True", "DEBUG = False")
		s.analyzeLikeFresh("site07 edited")
		s.wantRan("site07 edited", "site07/settings.py")
		s.edit("site07/settings.py", "DEBUG = False", "DEBUG = True")
		s.analyzeLikeFresh("site07 edited back")
		s.wantRan("site07 edited back", "site07/settings.py")
	})
	t.Run("a base two roots import", func(t *testing.T) {
		s := openLayered(t)
		s.analyzeLikeFresh("open")
		s.wantRan("open", layeredModules...)
		s.edit("config/settings/base.py", "DEBUG = False", "DEBUG = True")
		s.analyzeLikeFresh("base edited")
		// base.py itself by the rules that judge every module.
		s.wantRan("base edited", "config/settings/base.py", "config/settings/production.py", "config/settings/staging.py", "config/settings/development.py")
		s.edit("config/settings/staging.py", "SECURE_SSL_REDIRECT = True", "SECURE_SSL_REDIRECT = False")
		s.analyzeLikeFresh("staging edited")
		s.wantRan("staging edited", "config/settings/staging.py")
	})
	t.Run("configuration classes", func(t *testing.T) {
		s := openLayered(t)
		res := s.analyzeLikeFresh("open")
		if !slices.ContainsFunc(res.judged, func(m *evaluator.Module) bool { return m.Class == "Production" }) {
			t.Fatal("the Production class is not judged")
		}
		s.edit("other/settings.py", "SECRET_KEY = 'y'", "SECRET_KEY = 'yy'")
		s.analyzeLikeFresh("other edited")
		s.wantRan("other edited", "other/settings.py") // the class views of classes/settings.py are reused
		s.edit("classes/settings.py", "SECRET_KEY = 'z'", "SECRET_KEY = 'zz'")
		s.analyzeLikeFresh("classes edited")
		s.wantRan("classes edited", "classes/settings.py")
	})
}

// TestJudgeCacheInvalidation: a new configuration, project files or Django
// version run every module rule again, and the findings follow them.
func TestJudgeCacheInvalidation(t *testing.T) {
	all := layeredModules
	t.Run("configuration", func(t *testing.T) {
		s := openLayered(t)
		s.analyzeLikeFresh("open")
		s.editor = &config.Config{Ignore: []string{"DJS001"}}
		s.ws.SetEditorConfig(s.editor)
		res := s.analyzeLikeFresh("DJS001 ignored")
		s.wantRan("DJS001 ignored", all...)
		if has(res, s.path("config/settings/development.py"), "DJS001") || has(res, s.path("classes/settings.py"), "DJS001") {
			t.Fatal("DJS001 reported while ignored")
		}
		s.editor = &config.Config{DjangoVersion: "3.2"}
		s.ws.SetEditorConfig(s.editor)
		s.analyzeLikeFresh("Django 3.2 configured")
		s.wantRan("Django 3.2 configured", all...)
	})
	t.Run("requirements on disk", func(t *testing.T) {
		s := openLayered(t)
		before := s.analyzeLikeFresh("open")
		req := s.path("requirements.txt")
		if err := os.WriteFile(req, []byte("Django==3.2\ngunicorn==23.0\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := s.ws.Invalidate(req); err != nil {
			t.Fatal(err)
		}
		after := s.analyzeLikeFresh("Django 3.2 required")
		s.wantRan("Django 3.2 required", all...)
		base := s.path("config/settings/base.py")
		if reflect.DeepEqual(before.Files[base].Findings, after.Files[base].Findings) {
			t.Fatal("USE_L10N judged the same for Django 5.1 and 3.2")
		}
	})
	t.Run("requirements open", func(t *testing.T) {
		s := openLayered(t)
		s.analyzeLikeFresh("open")
		s.edit("requirements.txt", "", "Django==4.2\n")
		s.analyzeLikeFresh("Django 4.2 typed in requirements.txt")
		s.wantRan("Django 4.2 typed in requirements.txt", all...)
		s.analyzeLikeFresh("nothing changed")
		s.wantRan("nothing changed")
	})
}
