package project

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestRequirementsFile(t *testing.T) {
	text := "# Core\n" + // 0..6
		"Django==4.2.11  # LTS\n" + // line 2, 7..28
		"psycopg[binary]>=3.1 ; python_version >= \"3.10\"\n" + // line 3
		"-e git+https://github.com/x/y.git#egg=editable\n" + // option line: skipped
		"-i https://pypi.org/simple\n" +
		"requests \\\n" + // line 6, continued
		"    >=2.31\n" +
		"whitenoise==6.6.0 --hash=sha256:abc\n" + // line 8
		"mypkg @ https://example.com/mypkg-1.0.whl\n" + // line 9
		"https://example.com/x.zip#egg=Other_Pkg\n" + // line 10
		"# For production\n" + // prose: ignored
		"# gunicorn==21.2.0          # For production deployment\n" + // line 12
		"#  Whitenoise\n" + // line 13: bare name, commented
		"# see: https://docs\n" +
		"./local/path\n" +
		"\n"
	dir := writeTree(t, map[string]string{"requirements.txt": text})
	p := mustLoad(t, dir)
	want := []reqSummary{
		// A lone name after '#' reads as a commented-out requirement.
		{"core", "Core", "requirements.txt", 1, 0, 6, true, "requirements"},
		{"django", "Django==4.2.11", "requirements.txt", 2, 7, 28, false, "requirements"},
		{"psycopg", `psycopg[binary]>=3.1 ; python_version >= "3.10"`, "requirements.txt", 3, 29, 76, false, "requirements"},
		{"requests", "requests     >=2.31", "requirements.txt", 6, 151, 172, false, "requirements"},
		{"whitenoise", "whitenoise==6.6.0", "requirements.txt", 8, 173, 208, false, "requirements"},
		{"mypkg", "mypkg @ https://example.com/mypkg-1.0.whl", "requirements.txt", 9, 209, 250, false, "requirements"},
		{"other-pkg", "https://example.com/x.zip#egg=Other_Pkg", "requirements.txt", 10, 251, 290, false, "requirements"},
		{"gunicorn", "gunicorn==21.2.0", "requirements.txt", 12, 308, 363, true, "requirements"},
		{"whitenoise", "Whitenoise", "requirements.txt", 13, 364, 377, true, "requirements"},
	}
	if got := summarize(p); !reflect.DeepEqual(got, want) {
		t.Errorf("requirements:\n got %+v\nwant %+v", got, want)
	}
	for _, r := range p.Requirements {
		if r.Line == 2 && text[r.Start:r.End] != "Django==4.2.11  # LTS" {
			t.Errorf("range of line 2 = %q", text[r.Start:r.End])
		}
	}
	if p.Django != (Version{4, 2, true, "requirements.txt:2"}) {
		t.Errorf("Django = %+v", p.Django)
	}
	if found, commented := p.HasPackage("whitenoise"); !found || commented {
		t.Errorf("whitenoise: found %v commentedOnly %v; a real line beats a commented one", found, commented)
	}
	if found, commented := p.HasPackage("Gunicorn"); !found || !commented {
		t.Errorf("gunicorn: found %v commentedOnly %v", found, commented)
	}
	if found, commented := p.HasPackage("uvicorn"); found || commented {
		t.Errorf("uvicorn: found %v commentedOnly %v", found, commented)
	}
	if found, _ := p.HasPackage("Other.Pkg"); !found {
		t.Error("names normalise per PEP 503")
	}
	for _, prose := range []string{"for", "see", "production"} {
		if found, commented := p.HasPackage(prose); found || commented {
			t.Errorf("prose comment read as requirement %q", prose)
		}
	}
}

func TestRequirementIncludes(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"requirements.txt":          "-r requirements/prod.txt\n-c constraints.txt\nrequests\n",
		"requirements/base.txt":     "django>=5.0,<5.1\n--requirement=../requirements.txt\n",
		"requirements/prod.txt":     "-rbase.txt\ngunicorn\n",
		"requirements/local.txt":    "-r base.txt\ndjango-debug-toolbar\n",
		"constraints.txt":           "django==5.0.6\nuvicorn==0.30\n",
		"requirements-dev.txt":      "-r requirements.txt\npytest\n",
		"reqs/extra.txt":            "celery\n",
		"requirements/notes.md":     "gunicorn\n",
		"requirements/missing.txt":  "-r does-not-exist.txt\nredis\n",
		"requirements/sub/deep.txt": "deep-one\n", // only *.txt directly in requirements/
		"other/requirements.txt":    "not-read\n", // another project folder: not in Root's view
		"requirements-looping.txt":  "-r requirements-looping.txt\nloop\n",
		"reqs/escape.txt":           "-r ../../outside.txt\n",
	})
	outside := filepath.Join(filepath.Dir(dir), "outside.txt")
	if err := os.WriteFile(outside, []byte("outsider\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, dir)
	view := p.View(p.Root)
	var got []string
	for _, r := range view.Requirements {
		got = append(got, p.rel(r.File)+":"+r.Name+":"+r.Source)
	}
	want := []string{
		"requirements/base.txt:django:requirements",
		"requirements/prod.txt:gunicorn:requirements",
		"constraints.txt:django:constraints",
		"constraints.txt:uvicorn:constraints",
		"requirements.txt:requests:requirements",
		"requirements-dev.txt:pytest:requirements",
		"requirements-looping.txt:loop:requirements",
		"requirements/local.txt:django-debug-toolbar:requirements",
		"requirements/missing.txt:redis:requirements",
		"reqs/extra.txt:celery:requirements",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requirements in order:\n got %q\nwant %q", got, want)
	}
	var files []string
	for _, f := range view.RequirementFiles {
		files = append(files, p.rel(f))
	}
	wantFiles := []string{"requirements-dev.txt", "requirements.txt", "requirements/prod.txt",
		"requirements/base.txt", "constraints.txt", "requirements-looping.txt", "requirements/local.txt", "requirements/missing.txt", "reqs/escape.txt", "reqs/extra.txt"}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("files read:\n got %q\nwant %q", files, wantFiles)
	}
	wantSkip := []Skip{
		{Path: filepath.Join(dir, "requirements", "does-not-exist.txt"), Reason: "unreadable: included file not found"},
		{Path: outside, Reason: SkipOutsideRoot},
	}
	if !reflect.DeepEqual(p.Skipped, wantSkip) {
		t.Errorf("skipped = %+v", p.Skipped)
	}
	if found, _ := p.HasPackage("uvicorn"); found {
		t.Error("a constraints file pins, it does not depend")
	}
	// base.txt's bound comes before the constraints pin in file order.
	if p.Django != (Version{5, 0, true, "requirements/base.txt:1"}) {
		t.Errorf("Django = %+v", p.Django)
	}
}
