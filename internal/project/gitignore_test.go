package project

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type ignoreCase struct {
	patterns string
	path     string
	isDir    bool
	want     bool
}

var ignoreCases = []ignoreCase{
	// The .env family that DJS801 cares about.
	{".env", ".env", false, true},
	{".env", "sub/.env", false, true},
	{".env", ".env.local", false, false},
	{".env", ".envrc", false, false},
	{".env*", ".env", false, true},
	{".env*", ".env.production", false, true},
	{".env*", "deep/dir/.env.local", false, true},
	{"*.env", ".env", false, true},
	{"*.env", "prod.env", false, true},
	{"*.env", ".env.local", false, false},
	{"/.env", ".env", false, true},
	{"/.env", "sub/.env", false, false},
	{".env/", ".env", false, false},
	{".env/", ".env", true, true},
	{".env/", "sub/.env", true, true},
	{".env/", ".env/file", false, true},
	{".env\n!.env", ".env", false, false},
	{"!.env\n.env", ".env", false, true},
	{"**/.env", ".env", false, true},
	{"**/.env", "a/b/.env", false, true},
	{".envs/*", ".envs/.production", false, true},
	{".envs/*", ".envs/.production/.django", false, true},
	{".envs/*", ".envs", true, false},
	{".envs/*", "sub/.envs/x", false, false},
	{".envs/*\n!.envs/.local", ".envs/.local", true, false},
	{".envs/*\n!.envs/.local", ".envs/.local/.django", false, false},
	{".envs/*\n!.envs/.local", ".envs/.production/.django", false, true},
	// Comments, blanks, trailing spaces, escapes.
	{"# .env", ".env", false, false},
	{"\\#notes", "#notes", false, true},
	{"\\!important", "!important", false, true},
	{".env   ", ".env", false, true},
	{"foo\\ ", "foo ", false, true},
	{"foo\\ ", "foo", false, false},
	{"\n\n   \n", "x", false, false},
	{".env\r", ".env", false, true},
	// Anchoring.
	{"doc/frotz", "doc/frotz", false, true},
	{"doc/frotz", "a/doc/frotz", false, false},
	{"doc/frotz/", "doc/frotz", true, true},
	{"frotz/", "a/frotz", true, true},
	{"frotz/", "a/frotz/x.py", false, true},
	{"/build", "build", true, true},
	{"/build", "src/build", true, false},
	// Wildcards stay inside one component.
	{"*.py[cod]", "a/b.pyc", false, true},
	{"*.py[cod]", "a/b.py", false, false},
	{"a/*.txt", "a/x.txt", false, true},
	{"a/*.txt", "a/b/x.txt", false, false},
	{"a/?.txt", "a/x.txt", false, true},
	{"a/?.txt", "a/xy.txt", false, false},
	{"a?b", "a/b", false, false},
	{"a[/]b", "a/b", false, false},
	{"[!a]*.log", "b.log", false, true},
	{"[!a]*.log", "a.log", false, false},
	{"[^a]*.log", "a.log", false, false},
	{"[a-c].txt", "b.txt", false, true},
	{"[a-c].txt", "d.txt", false, false},
	{"[[:digit:]].txt", "7.txt", false, true},
	{"[[:digit:]].txt", "x.txt", false, false},
	{"[]].txt", "].txt", false, true},
	// Double asterisks.
	{"**/foo", "foo", true, true},
	{"**/foo", "x/y/foo", false, true},
	{"**/foo/bar", "foo/bar", false, true},
	{"**/foo/bar", "x/foo/bar", false, true},
	{"abc/**", "abc/x", false, true},
	{"abc/**", "abc/x/y", false, true},
	{"abc/**", "abc", true, false},
	{"a/**/b", "a/b", false, true},
	{"a/**/b", "a/x/b", false, true},
	{"a/**/b", "a/x/y/b", false, true},
	{"a/**/b", "a/xb", false, false},
	{"a**b", "axxb", false, true},
	{"a**b", "ax/b", false, false},
	// Last match wins; parents cannot be re-included into.
	{"*.log\n!keep.log", "keep.log", false, false},
	{"*.log\n!keep.log", "other.log", false, true},
	{"logs/\n!logs/keep.log", "logs/keep.log", false, true},
	{"logs/*\n!logs/keep.log", "logs/keep.log", false, false},
	{"secrets\n!secrets/public", "secrets/public", false, true},
}

func TestGitIgnore(t *testing.T) {
	for _, c := range ignoreCases {
		got := ParseGitIgnore([]byte(c.patterns)).Ignored(c.path, c.isDir)
		if got != c.want {
			t.Errorf("patterns %q, path %q (dir %v): ignored = %v, want %v", c.patterns, c.path, c.isDir, got, c.want)
		}
	}
}

func TestGitIgnoreNil(t *testing.T) {
	var g *GitIgnore
	if g.Ignored(".env", false) {
		t.Error("a nil GitIgnore ignores nothing")
	}
	if ParseGitIgnore([]byte("*")).Ignored("", false) {
		t.Error("the folder itself is never ignored")
	}
	if !ParseGitIgnore([]byte("*.env")).Ignored("./a/x.env", false) {
		t.Error(`a leading "./" is allowed`)
	}
}

// TestGitIgnoreAgainstGit asks git itself about every case of the table.
// Each case gets its own folder with its own .gitignore in one repository,
// so a single git call answers them all.
func TestGitIgnoreAgainstGit(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	if out, err := exec.Command(gitPath, "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	var stdin bytes.Buffer
	asked := map[string]ignoreCase{}
	for i, c := range ignoreCases {
		if strings.Contains(c.patterns, "\r") {
			continue // git keeps the \r of a CRLF line on Linux; we drop it on purpose
		}
		caseDir := "case" + itoa(i)
		if err := os.MkdirAll(filepath.Join(dir, caseDir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, caseDir, ".gitignore"), []byte(c.patterns+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		full := filepath.Join(dir, caseDir, filepath.FromSlash(c.path))
		if c.isDir {
			err = os.MkdirAll(full, 0o755)
		} else if err = os.MkdirAll(filepath.Dir(full), 0o755); err == nil {
			err = os.WriteFile(full, nil, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		path := caseDir + "/" + c.path
		asked[path] = c
		stdin.WriteString(path + "\x00")
	}
	cmd := exec.Command(gitPath, "-c", "core.excludesFile=/dev/null", "check-ignore", "--no-index", "--stdin", "-z")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	cmd.Stdin = &stdin
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("git check-ignore: %v", err)
	}
	ignored := map[string]bool{}
	for _, p := range strings.Split(string(out), "\x00") {
		ignored[p] = true
	}
	for path, c := range asked {
		gitSays := ignored[path]
		if gitSays != c.want {
			t.Errorf("git disagrees with the table: patterns %q, path %q: git says ignored = %v", c.patterns, c.path, gitSays)
		}
		if got := ParseGitIgnore([]byte(c.patterns)).Ignored(c.path, c.isDir); got != gitSays {
			t.Errorf("patterns %q, path %q: ours %v, git %v", c.patterns, c.path, got, gitSays)
		}
	}
	if len(asked) < 60 {
		t.Errorf("only %d cases asked", len(asked))
	}
}
