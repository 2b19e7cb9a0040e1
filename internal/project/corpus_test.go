package project

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
)

func loadCorpus(t *testing.T, name string) *Project {
	t.Helper()
	return mustLoad(t, filepath.Join(corpus.Dir(t), name))
}

func refsOf(p *Project) []string {
	var out []string
	for _, r := range p.SettingsModuleRefs {
		out = append(out, p.rel(r.File)+":"+itoa(r.Line)+" "+r.Module)
	}
	return out
}

func requirementAt(p *Project, name string) string {
	for _, r := range p.Requirements {
		if r.Name == name {
			return p.rel(r.File) + ":" + itoa(r.Line)
		}
	}
	return ""
}

func TestCorpusMaisha(t *testing.T) {
	p := loadCorpus(t, "maisha")
	for _, name := range []string{"gunicorn", "whitenoise"} {
		if found, commented := p.HasPackage(name); !found || !commented {
			t.Errorf("%s: found %v commentedOnly %v, want only commented", name, found, commented)
		}
	}
	if at := requirementAt(p, "gunicorn"); at != "requirements.txt:9" {
		t.Errorf("gunicorn at %q", at)
	}
	if p.Django != (Version{4, 2, true, "requirements.txt:1"}) {
		t.Errorf("Django = %+v", p.Django)
	}
	if p.GitIgnore != nil {
		t.Error("maisha has no .gitignore")
	}
	if got, want := refsOf(p), []string{"manage.py:7 Maisha_backend.settings"}; !reflect.DeepEqual(got, want) {
		t.Errorf("refs = %q", got)
	}
	if len(p.Files) != 3 || len(p.Skipped) != 0 {
		t.Errorf("files %q skipped %+v", p.Files, p.Skipped)
	}
}

func TestCorpusCookie(t *testing.T) {
	p := loadCorpus(t, "cookie")
	var files []string
	for _, f := range p.RequirementFiles {
		files = append(files, p.rel(f))
	}
	if want := []string{"requirements/base.txt", "requirements/local.txt", "requirements/production.txt"}; !reflect.DeepEqual(files, want) {
		t.Errorf("requirement files = %q", files)
	}
	if found, commented := p.HasPackage("gunicorn"); !found || commented {
		t.Error("gunicorn not found")
	}
	if at := requirementAt(p, "gunicorn"); at != "requirements/production.txt:2" {
		t.Errorf("gunicorn at %q", at)
	}
	if p.Django != (Version{5, 1, true, "requirements/base.txt:1"}) {
		t.Errorf("Django = %+v", p.Django)
	}
	want := []string{"config/wsgi.py:9 config.settings.production", "manage.py:7 config.settings.local"}
	if got := refsOf(p); !reflect.DeepEqual(got, want) {
		t.Errorf("refs = %q", got)
	}
	if !p.GitIgnore.Ignored(".env", false) || !p.GitIgnore.Ignored(".envs/.production/.django", false) {
		t.Error(".env and .envs/* are ignored")
	}
}

func TestCorpusEmining(t *testing.T) {
	p := loadCorpus(t, "emining")
	if p.Django != (Version{5, 0, true, "pyproject.toml:6"}) {
		t.Errorf("Django = %+v", p.Django)
	}
	if found, commented := p.HasPackage("gunicorn"); found || commented {
		t.Errorf("gunicorn: found %v commented %v", found, commented)
	}
	if found, commented := p.HasPackage("whitenoise"); !found || commented {
		t.Error("whitenoise not found")
	}
	if len(p.Requirements) != 8 || p.Requirements[0].Source != SourcePyproject {
		t.Errorf("requirements = %+v", p.Requirements)
	}
	if p.GitIgnore == nil || p.GitIgnore.Ignored(".env", false) {
		t.Error("emining's .gitignore exists and forgets .env")
	}
	if !p.GitIgnore.Ignored("emining/__pycache__", true) || !p.GitIgnore.Ignored("x.pyc", false) {
		t.Error("emining's .gitignore ignores caches")
	}
	if got, want := refsOf(p), []string{"manage.py:6 emining.settings"}; !reflect.DeepEqual(got, want) {
		t.Errorf("refs = %q", got)
	}
}

func TestCorpusOthers(t *testing.T) {
	cases := []struct {
		name, django, server string
	}{
		{"envclean", "5.1", "gunicorn"},
		{"guarded", "4.2", "uvicorn"},
		{"broken", "5.1", "gunicorn"},
	}
	for _, c := range cases {
		p := loadCorpus(t, c.name)
		if p.Django.String() != c.django || p.Django.Source != "requirements.txt:1" {
			t.Errorf("%s: Django = %+v", c.name, p.Django)
		}
		if found, commented := p.HasPackage(c.server); !found || commented {
			t.Errorf("%s: %s not found", c.name, c.server)
		}
	}
}
