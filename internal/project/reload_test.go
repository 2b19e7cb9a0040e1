package project

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestReloadKeepsTheWalk: Reload reads the project files again (a changed
// requirements file, a new .gitignore, pyproject.toml) but not the folder:
// a .py file created since is not listed until the next Load.
func TestReloadKeepsTheWalk(t *testing.T) {
	root := writeTree(t, map[string]string{
		"manage.py": "", "requirements.txt": "django==4.2\n", "app/settings.py": "DEBUG = True\n",
		"big/x.py": string(make([]byte, 2<<20)),
	})
	prev, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "requirements.txt"), []byte("django==5.1\ngunicorn\n"), 0o644)
	os.WriteFile(filepath.Join(root, ".gitignore"), []byte(".env\n"), 0o644)
	os.WriteFile(filepath.Join(root, "app", "new_settings.py"), []byte("DEBUG = True\n"), 0o644)
	p, err := Reload(context.Background(), prev)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Files, prev.Files) {
		t.Errorf("Files = %v, want the walk's %v", p.Files, prev.Files)
	}
	if !reflect.DeepEqual(p.Skipped, prev.Skipped) {
		t.Errorf("Skipped = %v, want %v", p.Skipped, prev.Skipped)
	}
	var reqs []string
	for _, r := range p.Requirements {
		reqs = append(reqs, r.Spec)
	}
	if want := []string{"django==5.1", "gunicorn"}; !reflect.DeepEqual(reqs, want) {
		t.Errorf("requirements = %q, want %q", reqs, want)
	}
	if p.GitIgnore == nil || !p.Django.Known || p.Django.Major != 5 {
		t.Errorf("gitignore %v, django %+v: not read again", p.GitIgnore, p.Django)
	}
	fresh, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh.Files) != len(prev.Files)+1 {
		t.Errorf("Load lists %v, want the new module too", fresh.Files)
	}
}

// TestReloadReadsTheProjectFoldersAgain: Reload reads the project files of
// every folder the walk noted (backend/ beside manage.py, the repository
// root above the checked folder), and Tracks says which changes it sees.
func TestReloadReadsTheProjectFoldersAgain(t *testing.T) {
	repo := writeTree(t, map[string]string{
		".git/HEAD": "", "backend/manage.py": "", "backend/requirements.txt": "django==4.2\n",
		"backend/app/settings.py": "", "docs/notes.txt": "",
	})
	prev := mustLoad(t, filepath.Join(repo, "backend", "app"))
	settings := filepath.Join(repo, "backend", "app", "settings.py")
	if d := prev.DjangoFor([]string{settings}); d.String() != "4.2" {
		t.Fatalf("Django %v", d)
	}
	writeFile(t, filepath.Join(repo, "backend", "requirements.txt"), "django==5.1\n")
	writeFile(t, filepath.Join(repo, ".gitignore"), ".env\n")
	p, err := Reload(context.Background(), prev)
	if err != nil {
		t.Fatal(err)
	}
	if d := p.DjangoFor([]string{settings}); d.String() != "5.1" {
		t.Errorf("Django %v after Reload, want 5.1", d)
	}
	if !p.Ignored(filepath.Join(repo, "backend", ".env"), false) {
		t.Error("the repository's new .gitignore is read again")
	}
	for path, want := range map[string]bool{
		"backend/requirements.txt":         true,
		".gitignore":                       true,
		"backend/requirements/prod.txt":    true,
		"docs/requirements.txt":            false, // a folder the walk did not note: Load again
		"backend/app/sub/requirements.txt": false,
	} {
		if got := p.Tracks(filepath.Join(repo, filepath.FromSlash(path))); got != want {
			t.Errorf("Tracks(%s) = %v, want %v", path, got, want)
		}
	}
}
