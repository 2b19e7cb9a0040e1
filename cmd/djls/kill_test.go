package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestKillDuringFixLeavesWholeFiles kills `djls check --fix` with SIGKILL at
// points spread over its run on 150 settings modules: every file is then
// either exactly as it was or exactly as a complete run writes it, never
// torn or empty.
func TestKillDuringFixLeavesWholeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it many times")
	}
	bin := buildDjls(t)
	const modules = 150
	old := "import os\n\nDEBUG = True\nSECURE_BROWSER_XSS_FILTER = True\nMIDDLEWARE = [\n    'django.middleware.csrf.CsrfViewMiddleware',\n]\nROOT_URLCONF = 'app.urls'\n"
	write := func(root string) {
		files := map[string]string{"requirements.txt": "Django==5.1\ngunicorn\n", ".gitignore": ".env\n", "manage.py": ""}
		for i := 0; i < modules; i++ {
			files[fmt.Sprintf("site%03d/settings.py", i)] = old
		}
		for name, text := range files {
			p := filepath.Join(root, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(text), 0o644)
		}
	}
	// The reference: an uninterrupted run.
	ref := t.TempDir()
	write(ref)
	start := time.Now()
	if out, err := exec.Command(bin, "check", "--fix", "--fail-on", "never", ref).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	full := time.Since(start)
	fixed, _ := os.ReadFile(filepath.Join(ref, "site000", "settings.py"))
	if string(fixed) == old {
		t.Fatal("the reference run fixed nothing")
	}

	// Bisect the kill time between "nothing written yet" and "all written"
	// until a kill lands while files are being renamed into place.
	lo, hi := time.Duration(0), full
	midWrite := 0
	for try := 1; try <= 24 && midWrite < 2; try++ {
		at := (lo + hi) / 2
		root := t.TempDir()
		write(root)
		cmd := exec.Command(bin, "check", "--fix", "--fail-on", "never", root)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		var olds, news int
		for m := 0; m < modules; m++ {
			b, err := os.ReadFile(filepath.Join(root, fmt.Sprintf("site%03d", m), "settings.py"))
			switch {
			case err != nil:
				t.Fatalf("kill at %v: module %d unreadable: %v", at, m, err)
			case string(b) == old:
				olds++
			case string(b) == string(fixed):
				news++
			default:
				t.Fatalf("kill at %v: module %d is neither old nor new:\n%q", at, m, b)
			}
		}
		switch {
		case olds > 0 && news > 0:
			midWrite++
		case news == 0:
			lo = at
		default:
			hi = at
		}
		t.Logf("kill at %v of %v: %d old, %d new", at, full, olds, news)
	}
	if midWrite == 0 {
		t.Errorf("no kill landed while files were being written (window between %v and %v)", lo, hi)
	}
}

// buildDjls builds this command into a temporary folder.
func buildDjls(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "djls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}
