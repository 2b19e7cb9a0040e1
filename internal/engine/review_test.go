package engine

import (
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/evaluator"
)

// What `djls report` reads from a Result, on the split settings of the
// cookie corpus project (base, local, production, test).
func TestReviewAccessors(t *testing.T) {
	root := filepath.Join(corpus.Dir(t), "cookie")
	_, res := loadAndAnalyze(t, root)
	settings := filepath.Join(root, "config", "settings")
	prod, base := filepath.Join(settings, "production.py"), filepath.Join(settings, "base.py")

	judged := map[string]ModuleJudgement{}
	for _, m := range res.SettingsModules() {
		judged[filepath.Base(m.Path)] = m
	}
	if m := judged["production.py"]; !m.Judged || m.Role != Production {
		t.Errorf("production.py: %+v, want a judged production root", m)
	}
	if m := judged["base.py"]; m.Judged || len(m.Roots) != 1 || m.Roots[0] != prod {
		t.Errorf("base.py: %+v, want a fragment of production.py", m)
	}
	for _, dev := range []string{"local.py", "test.py"} {
		if m := judged[dev]; m.Judged || m.Role != Development {
			t.Errorf("%s: %+v, want a development module, not judged", dev, m)
		}
	}
	if got := res.JudgedRoots(); len(got) != 1 || got[0] != prod {
		t.Errorf("JudgedRoots() = %v, want [production.py]", got)
	}

	s, ok := res.ProductionSetting(prod, "SECURE_SSL_REDIRECT")
	if !ok || !s.Value.IsTrue() || s.Path != prod || s.Line != 19 {
		t.Errorf("SECURE_SSL_REDIRECT = %+v, want True assigned at production.py:19", s)
	}
	if s, ok := res.ProductionSetting(prod, "SECRET_KEY"); !ok || s.Shown != "required from the environment" || s.Line != 5 {
		t.Errorf("SECRET_KEY = %+v, want required from the environment at line 5", s)
	}
	if s, ok := res.ProductionSetting(prod, "DEBUG"); !ok || s.Path != base || s.Value.Kind != evaluator.Bool || s.Value.Bool {
		t.Errorf("DEBUG = %+v, want False inherited from base.py", s)
	}
	if _, ok := res.ProductionSetting(base, "DEBUG"); ok {
		t.Error("ProductionSetting answered for base.py, which is not a judged root")
	}
	if res.MaybeSet("NOT_A_SETTING") {
		t.Error("MaybeSet: a name no module writes may be set")
	}

	env := map[string]EnvDetail{}
	for _, d := range res.EnvDetails() {
		env[d.Name] = d
	}
	// local.py reads DJANGO_SECRET_KEY first, with a default; production
	// requires it: the production read is the one described.
	if d := env["DJANGO_SECRET_KEY"]; !d.Required || d.Path != prod || d.Line != 5 || d.Development {
		t.Errorf("DJANGO_SECRET_KEY: %+v, want required at production.py:5", d)
	}
	if d := env["DJANGO_DEBUG"]; !d.HasDefault || d.Default != "False" || d.DefaultAt[1] <= d.DefaultAt[0] {
		t.Errorf("DJANGO_DEBUG: %+v, want the default False with its range", d)
	}
	if found, commented := res.HasPackage("gunicorn"); !found || commented {
		t.Errorf("HasPackage(gunicorn) = %v, %v; cookie requires it", found, commented)
	}
}
