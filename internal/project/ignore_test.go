package project

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// layeredRepo has ignore rules in every place git reads them from.
var layeredRepo = map[string]string{
	".git/HEAD":           "ref: refs/heads/main\n",
	".git/info/exclude":   "excluded-by-info\n!kept-by-info\n",
	".gitignore":          ".env\nsecrets/\n*.log\n",
	"sub/.gitignore":      "!.env\n",
	"sub/deep/.gitignore": "!debug.log\n",
	"secrets/.gitignore":  "!.env\n",
	"other/.gitignore":    "/x.txt\n",
	"api/manage.py":       "",
}

// ignoredPaths are repository-relative paths and whether git ignores them
// with layeredRepo and the user's excludes file of homeExcludes.
var ignoredPaths = []struct {
	path string
	want bool
}{
	{".env", true},
	{"api/.env", true},       // the root .gitignore, from a folder below it
	{"sub/.env", false},      // re-included by the nearer sub/.gitignore
	{"sub/deep/.env", false}, // still sub/.gitignore's negation
	{"secrets/.env", true},   // its folder is ignored: no re-including inside
	{"sub/deep/debug.log", false},
	{"sub/trace.log", true},
	{"other/x.txt", true}, // anchored to other/
	{"x.txt", false},
	{"excluded-by-info", true}, // .git/info/exclude
	{"kept-by-info", false},
	{"api/.env.local", true}, // the user's core.excludesFile
	{"api/.env.local.keep", false},
	{"README.md", false},
}

const homeExcludes = ".env.local\n*.log\n"

func TestIgnoredLikeGit(t *testing.T) {
	repo := gitInit(t)
	for name, text := range layeredRepo {
		writeFile(t, filepath.Join(repo, filepath.FromSlash(name)), text)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	writeFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tname = x\n[core]\n\texcludesFile = ~/my-ignores # mine\n")
	writeFile(t, filepath.Join(home, "my-ignores"), homeExcludes)
	for _, root := range []string{repo, filepath.Join(repo, "api")} {
		p := mustLoad(t, root)
		for _, c := range ignoredPaths {
			if root != repo && strings.Contains(c.path, "/") && !strings.HasPrefix(c.path, "api/") {
				continue // only the folders from api/ up are read
			}
			if got := p.Ignored(filepath.Join(repo, filepath.FromSlash(c.path)), false); got != c.want {
				t.Errorf("from %s: %s ignored = %v, want %v", root, c.path, got, c.want)
			}
		}
	}
	askGit(t, repo, home)
}

// gitInit makes a repository with git when it is installed, else a
// folder holding an empty .git.
func gitInit(t *testing.T) string {
	dir := t.TempDir()
	if gitPath, err := exec.LookPath("git"); err == nil {
		if out, err := exec.Command(gitPath, "init", "-q", dir).CombinedOutput(); err != nil {
			t.Fatalf("git init: %v %s", err, out)
		}
		return dir
	}
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// askGit holds the table to git itself, when it is installed.
func askGit(t *testing.T, repo, home string) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Log("git is not installed")
		return
	}
	var stdin bytes.Buffer
	for _, c := range ignoredPaths {
		stdin.WriteString(c.path + "\x00")
	}
	cmd := exec.Command(gitPath, "check-ignore", "--no-index", "--stdin", "-z")
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME=", "GIT_CONFIG_NOSYSTEM=1", "GIT_CEILING_DIRECTORIES="+filepath.Dir(repo))
	cmd.Stdin = &stdin
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("git check-ignore: %v", err)
	}
	ignored := map[string]bool{}
	for _, p := range strings.Split(string(out), "\x00") {
		ignored[p] = true
	}
	for _, c := range ignoredPaths {
		if ignored[c.path] != c.want {
			t.Errorf("git says %s ignored = %v; the table says %v", c.path, ignored[c.path], c.want)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExcludesFileLocations(t *testing.T) {
	repo := writeTree(t, map[string]string{".git/HEAD": "", "app/settings.py": ""})
	env := filepath.Join(repo, "app", ".env.secret")
	home, xdg := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)

	// Unset everywhere: $XDG_CONFIG_HOME/git/ignore.
	t.Setenv("XDG_CONFIG_HOME", xdg)
	writeFile(t, filepath.Join(xdg, "git", "ignore"), ".env.secret\n")
	if !mustLoad(t, repo).Ignored(env, false) {
		t.Error("$XDG_CONFIG_HOME/git/ignore is the default excludes file")
	}
	// Without XDG_CONFIG_HOME: $HOME/.config/git/ignore.
	t.Setenv("XDG_CONFIG_HOME", "")
	if mustLoad(t, repo).Ignored(env, false) {
		t.Error("$HOME/.config/git/ignore does not exist yet")
	}
	writeFile(t, filepath.Join(home, ".config", "git", "ignore"), "*.secret\n")
	if !mustLoad(t, repo).Ignored(env, false) {
		t.Error("$HOME/.config/git/ignore is the default without XDG_CONFIG_HOME")
	}
	// The repository's config wins over the user's.
	writeFile(t, filepath.Join(repo, ".git", "config"), "[core]\n\trepositoryformatversion = 0\n[core \"other\"]\n\texcludesfile = x\n[CORE]\n\tExcludesFile = \"\"\n")
	if mustLoad(t, repo).Ignored(env, false) {
		t.Error("an empty core.excludesFile in .git/config turns the user's off")
	}
	writeFile(t, filepath.Join(repo, ".git", "config"), "[core]\n\texcludesFile = my ignores\n")
	writeFile(t, filepath.Join(repo, "my ignores"), "app/\n")
	if !mustLoad(t, repo).Ignored(env, false) {
		t.Error("a relative core.excludesFile is read from the repository root")
	}
}

func TestWorktreeGitFile(t *testing.T) {
	top := writeTree(t, map[string]string{
		"main/.git/HEAD":                   "",
		"main/.git/info/exclude":           ".env\n",
		"main/.git/worktrees/wt/commondir": "../..\n",
		"wt/.git":                          "gitdir: ../main/.git/worktrees/wt\n",
		"wt/app/settings.py":               "",
	})
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	wt := filepath.Join(top, "wt")
	p := mustLoad(t, filepath.Join(wt, "app"))
	if p.Repo != wt {
		t.Errorf("Repo = %s, want the worktree", p.Repo)
	}
	if !p.Ignored(filepath.Join(wt, "app", ".env"), false) {
		t.Error("a worktree reads the main repository's info/exclude")
	}
}
