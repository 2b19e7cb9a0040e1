package project

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// indexFile builds an index of the given version holding paths (sorted by
// the caller), with empty stat data and object names.
func indexFile(version uint32, paths []string) []byte {
	out := []byte("DIRC")
	out = binary.BigEndian.AppendUint32(out, version)
	out = binary.BigEndian.AppendUint32(out, uint32(len(paths)))
	prev := ""
	for i, p := range paths {
		start := len(out)
		out = append(out, make([]byte, 60)...)
		flags := uint16(min(len(p), 0xfff))
		if version == 3 && i == 0 {
			flags |= 0x4000 // an extended entry: 16 more bits of flags
		}
		out = binary.BigEndian.AppendUint16(out, flags)
		if flags&0x4000 != 0 {
			out = binary.BigEndian.AppendUint16(out, 0)
		}
		if version == 4 {
			common := 0
			for common < len(prev) && common < len(p) && prev[common] == p[common] {
				common++
			}
			out = append(out, byte(len(prev)-common)) // < 128: one byte
			out = append(out, p[common:]...)
			out = append(out, 0)
		} else {
			out = append(out, p...)
			n := len(out) - start
			out = append(out, make([]byte, (n+8)&^7-n)...)
		}
		prev = p
	}
	return append(out, make([]byte, 20)...) // the checksum
}

func TestParseIndexVersions(t *testing.T) {
	paths := []string{".env", "app/settings.py", "app/settings_local.py", "backend/.env.production", "manage.py"}
	for _, v := range []uint32{2, 3, 4} {
		if got := parseIndex(indexFile(v, paths)); !slices.Equal(got, paths) {
			t.Errorf("v%d: got %q", v, got)
		}
		// Filtered: v4's prefix compression still reads the skipped paths.
		if got, want := parseIndexWith(indexFile(v, paths), ".env"), []string{".env", "backend/.env.production"}; !slices.Equal(got, want) {
			t.Errorf("v%d with .env: got %q, want %q", v, got, want)
		}
	}
	// Damage: truncated, or not an index at all.
	if got := parseIndex(indexFile(2, paths)[:100]); len(got) != 1 || got[0] != ".env" {
		t.Errorf("truncated: got %q", got)
	}
	if got := parseIndex([]byte("DIRX\x00\x00\x00\x02")); got != nil {
		t.Errorf("not an index: got %q", got)
	}
}

func TestTrackedEnvFilesFromIndex(t *testing.T) {
	dir := writeTree(t, map[string]string{"manage.py": "", ".env.example": "", ".git/HEAD": "ref: refs/heads/main\n"})
	if err := os.WriteFile(filepath.Join(dir, ".git", "index"), indexFile(2, []string{".env", ".env.example", "backend/.env.prod", "manage.py"}), 0o644); err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, dir)
	want := []string{filepath.Join(dir, ".env"), filepath.Join(dir, "backend", ".env.prod")}
	if got := p.TrackedEnvFiles(); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// Checking backend/ alone: the repository root's .env is above it and
	// counts; another project's .env does not.
	if err := os.WriteFile(filepath.Join(dir, ".git", "index"), indexFile(2, []string{".env", "backend/.env.prod", "frontend/.env", "manage.py"}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "backend"), 0o755); err != nil {
		t.Fatal(err)
	}
	p = mustLoad(t, filepath.Join(dir, "backend"))
	want = []string{filepath.Join(dir, ".env"), filepath.Join(dir, "backend", ".env.prod")}
	if got := p.TrackedEnvFiles(); !slices.Equal(got, want) {
		t.Errorf("from backend/: got %q, want %q", got, want)
	}
}

// TestIndexPathsAgreeWithGit holds the reader to real git indexes, when git
// is installed.
func TestIndexPathsAgreeWithGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := writeTree(t, map[string]string{
		".env": "A=1\n", "app/settings.py": "", "app/sub/deep/x.py": "", "app/sub/y.py": "", "ünïcode/.env.production": "",
	})
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	want := []string{".env", "app/settings.py", "app/sub/deep/x.py", "app/sub/y.py", "ünïcode/.env.production"}
	for _, v := range []string{"2", "3", "4"} {
		git("update-index", "--index-version", v)
		if got := IndexPaths(filepath.Join(dir, ".git")); !slices.Equal(got, want) {
			t.Errorf("index v%s: got %q, want %q", v, got, want)
		}
	}
}
