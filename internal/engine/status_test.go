package engine

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// TestJudgement: how each file of a split settings package is judged.
func TestJudgement(t *testing.T) {
	root := writeProject(t, `
-- config/settings/base.py --
import os
from config.env import REDIS
SECRET_KEY = os.environ["SECRET_KEY"]
INSTALLED_APPS = []
DEBUG = True
-- config/settings/production.py --
from .base import *
ALLOWED_HOSTS = ["example.com"]
-- config/settings/local.py --
from .base import *
DEBUG = True
-- config/urls.py --
urlpatterns = []
-- config/env.py --
import os
REDIS = os.environ.get("REDIS_URL")
`)
	_, res := loadAndAnalyze(t, root)
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }

	prod := res.Judgement(p("config/settings/production.py"))
	if prod.Kind != Root || prod.Role != Production || !slices.Equal(prod.Merged, []string{p("config/settings/base.py")}) {
		t.Errorf("production.py: %+v, want a production root merged with base.py", prod)
	}
	base := res.Judgement(p("config/settings/base.py"))
	if base.Kind != Fragment || !slices.Equal(base.Roots, []string{p("config/settings/production.py")}) {
		t.Errorf("base.py: %+v, want a fragment of production.py", base)
	}
	if base.Findings == 0 || base.Worst != diagnostics.Error {
		t.Errorf("base.py: %d findings, worst %v; want DEBUG = True (an error)", base.Findings, base.Worst)
	}
	if local := res.Judgement(p("config/settings/local.py")); local.Kind != DevelopmentSettings {
		t.Errorf("local.py: %+v, want development", local)
	}
	if urls := res.Judgement(p("config/urls.py")); urls.Kind != NotSettings {
		t.Errorf("urls.py: %+v, want not settings", urls)
	}
	if env := res.Judgement(p("config/env.py")); env.Kind != ImportedModule {
		t.Errorf("config/env.py: %+v, want a module the settings import", env)
	}
	if reqs := res.Judgement(p("requirements.txt")); reqs.Kind != ProjectFile {
		t.Errorf("requirements.txt: %+v, want a project file", reqs)
	}
}
