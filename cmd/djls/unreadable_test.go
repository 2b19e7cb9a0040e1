package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCheckSkipsUnreadableFilesAndFolders runs the built binary over a
// project whose folder, settings modules and requirements file cannot be
// read: each is reported (a settings module as a DJS000 finding, the rest
// as skipped) with its reason, the load does not fail,
// and the readable settings module is judged exactly. chmod 000 stops
// nobody running as root, so as root the binary runs as uid/gid 65534
// through setpriv (util-linux).
func TestCheckSkipsUnreadableFilesAndFolders(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	var wrap []string
	if os.Geteuid() == 0 {
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("running as root, where chmod 000 does not stop reads, and setpriv (util-linux) is not installed to run the check as uid 65534")
		}
		wrap = []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"}
	}
	// A folder uid 65534 can traverse (t.TempDir makes 0700 folders).
	base, err := os.MkdirTemp("", "djls-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(base, "project")
	t.Cleanup(func() {
		// Make everything removable again (a non-root owner cannot empty a 000 folder).
		filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if d != nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.Chmod(filepath.Join(root, "locked"), 0o755)
		os.RemoveAll(base)
	})
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "djls")
	built, err := os.ReadFile(buildDjls(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, built, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		".gitignore":             ".env\n",
		"requirements.txt":       "Django==5.1\ngunicorn\n",
		"requirements-dev.txt":   "pytest\n", // unreadable
		"app/settings.py":        clean + "DEBUG = True\n",
		"app/secret_settings.py": "DEBUG = True\n",                                       // unreadable, named like settings
		"conf/prodconf.py":       "INSTALLED_APPS = []\nMIDDLEWARE = []\nDEBUG = True\n", // unreadable, settings only by its text
		"locked/settings.py":     "DEBUG = True\n",                                       // inside an unreadable folder
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"requirements-dev.txt", "app/secret_settings.py", "conf/prodconf.py", "locked"} {
		if err := os.Chmod(filepath.Join(root, filepath.FromSlash(name)), 0); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (int, string, string) {
		argv := append(append([]string(nil), wrap...), args...)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = root
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("%q: %v", argv, err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), errb.String()
	}
	// The sandbox must work before the check's output means anything.
	if code, out, errs := run(bin, "version"); code != 0 {
		t.Skipf("cannot run the binary as uid 65534 from %s (exit %d): %s%s", base, code, out, errs)
	}
	if code, _, _ := run("/bin/cat", filepath.Join(root, "requirements-dev.txt")); code == 0 {
		t.Skip("a chmod 000 file is still readable to the check (capabilities kept?)")
	}

	code, out, errs := run(bin, "check", "--no-color", ".")
	// A settings module that cannot be read is a finding (DJS000); a file
	// that may or may not be one is listed as skipped.
	want := `app/secret_settings.py:1:1: DJS000 [error] Settings module not checked (unreadable: permission denied)
    Any findings in it go unreported.
app/settings.py:18:9: DJS001 [error] DEBUG is True in production
    Django shows tracebacks, settings and SQL to anyone who hits an error.
conf/prodconf.py: skipped: unreadable: permission denied
locked: skipped: unreadable: permission denied
requirements-dev.txt: skipped: unreadable: permission denied
Found 2 findings (2 errors, 0 warnings, 0 info) in 2 files; 3 files checked.
`
	if code != 1 || out != want || errs != "" {
		t.Errorf("exit %d, stderr %q, output:\n%s\nwant exit 1 and:\n%s", code, errs, out, want)
	}
}
