package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const debugOn = "import os\n\nDEBUG = True\nROOT_URLCONF = 'app.urls'\n"

func fixProject(t *testing.T) (root, settings string) {
	root = project(t, map[string]string{
		"manage.py":        "",
		"requirements.txt": "Django==5.1\ngunicorn\n",
		".gitignore":       ".env\n",
		"app/settings.py":  debugOn,
	})
	return root, filepath.Join(root, "app", "settings.py")
}

// TestFixLeavesReadOnlyFiles: a 0444 settings module is not rewritten (not
// even by root), the run says why and exits 2.
func TestFixLeavesReadOnlyFiles(t *testing.T) {
	root, settings := fixProject(t)
	os.Chmod(settings, 0o444)
	code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", "--no-color", root)
	if code != 2 || !strings.Contains(errb, "app/settings.py: not fixed: read-only (mode 0444)") || strings.Contains(errb, "fixed app/settings.py DJS001") {
		t.Fatalf("exit %d, stderr %q", code, errb)
	}
	if b, _ := os.ReadFile(settings); string(b) != debugOn {
		t.Fatalf("a read-only file was rewritten:\n%s", b)
	}
	if info, _ := os.Stat(settings); info.Mode().Perm() != 0o444 {
		t.Fatalf("mode %v", info.Mode().Perm())
	}
}

// TestFixWritesThroughSymlinks: a symlinked settings module stays a link
// and its target (inside the project) gets the fix, once also when the
// target is a settings module of its own; a link to a file outside the
// project is left alone.
func TestFixWritesThroughSymlinks(t *testing.T) {
	for _, targetName := range []string{"real.py", "real_settings.py"} {
		root, settings := fixProject(t)
		target := filepath.Join(root, "shared", targetName)
		os.MkdirAll(filepath.Dir(target), 0o755)
		os.Rename(settings, target)
		if err := os.Symlink("../shared/"+targetName, settings); err != nil {
			t.Skip("no symlinks:", err)
		}
		if code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", root); code == 2 {
			t.Fatalf("%s: exit 2: %s", targetName, errb)
		}
		if info, err := os.Lstat(settings); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s: the symlink was replaced by a regular file (%v)", targetName, err)
		}
		if b, _ := os.ReadFile(target); !strings.Contains(string(b), "DEBUG = os.environ.get(") || strings.Count(string(b), "LOGGING = ") != 1 {
			t.Fatalf("%s: the link's target was not fixed (once):\n%s", targetName, b)
		}
	}

	// A link out of the project: not followed.
	root, settings := fixProject(t)
	outside := filepath.Join(t.TempDir(), "settings.py")
	os.WriteFile(outside, []byte(debugOn), 0o644)
	os.Remove(settings)
	os.Symlink(outside, settings)
	runCLI(t, "check", "--fix", "--unsafe-fixes", root)
	if b, _ := os.ReadFile(outside); string(b) != debugOn {
		t.Fatalf("a file outside the project was rewritten:\n%s", b)
	}
	if err := outsideProject(settings, root); err == nil || err.Error() != "symbolic link to "+outside+", outside the project" {
		t.Fatalf("outsideProject: %v", err)
	}
}

// TestFixRefusesHardLinkedFiles: replacing a file with other hard links
// would split it from them; it is left alone and the run fails.
func TestFixRefusesHardLinkedFiles(t *testing.T) {
	root, settings := fixProject(t)
	other := filepath.Join(root, "backup_settings.txt")
	if err := os.Link(settings, other); err != nil {
		t.Skip("no hard links:", err)
	}
	code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", filepath.Join(root, "app"))
	if code != 2 || !strings.Contains(errb, "app/settings.py: not fixed: has other hard links, which replacing it would break (2 links)") {
		t.Fatalf("exit %d, stderr %q", code, errb)
	}
	a, _ := os.Stat(settings)
	b, _ := os.Stat(other)
	if !os.SameFile(a, b) {
		t.Fatal("the hard link was broken")
	}
}

// TestFixKeepsOwnerAndGroup: run as root on a user's file, --fix leaves
// the file the user's.
func TestFixKeepsOwnerAndGroup(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file to another user")
	}
	root, settings := fixProject(t)
	if err := os.Chown(settings, 65534, 65533); err != nil {
		t.Fatal(err)
	}
	if code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", root); code == 2 {
		t.Fatalf("exit 2: %s", errb)
	}
	info, _ := os.Stat(settings)
	st := info.Sys().(*syscall.Stat_t)
	if b, _ := os.ReadFile(settings); string(b) == debugOn {
		t.Fatal("nothing fixed")
	}
	if st.Uid != 65534 || st.Gid != 65533 {
		t.Fatalf("owner %d:%d, want 65534:65533", st.Uid, st.Gid)
	}
}

// TestFixRemovesStaleTempFiles: a temporary file a killed run left (its
// process is gone) is removed by the next run that writes in its folder;
// one of a live process is not.
func TestFixRemovesStaleTempFiles(t *testing.T) {
	root, settings := fixProject(t)
	dir := filepath.Dir(settings)
	// PID 2^22+1 is above Linux's pid_max limit, so never running.
	stale := filepath.Join(dir, fmt.Sprintf(".djls-fix-settings.py-%d-123.tmp", 1<<22+1))
	live := filepath.Join(dir, fmt.Sprintf(".djls-fix-settings.py-%d-456.tmp", os.Getppid()))
	for _, p := range []string{stale, live} {
		os.WriteFile(p, []byte("partial"), 0o600)
	}
	if code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", root); code == 2 {
		t.Fatalf("exit 2: %s", errb)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file is still there (%v)", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live process's temporary file was removed: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); n != "settings.py" && n != filepath.Base(live) {
			t.Errorf("left behind: %s", n)
		}
	}
}

// TestUnsafeFixesCreateGitignoreOnce: with no .gitignore, the DJS801 fix
// reported on a line another fix rewrites still runs once.
func TestUnsafeFixesCreateGitignoreOnce(t *testing.T) {
	root := project(t, map[string]string{
		"manage.py":        "",
		"requirements.txt": "Django==5.1\ngunicorn\n",
		"app/settings.py":  "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', 'django-insecure-abcdefghijklmnopqrstuvwxyz0123456789')\n",
	})
	if code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", "--fail-on", "never", root); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if b, _ := os.ReadFile(filepath.Join(root, ".gitignore")); string(b) != ".env\n" {
		t.Fatalf(".gitignore = %q, want %q", b, ".env\n")
	}
}
