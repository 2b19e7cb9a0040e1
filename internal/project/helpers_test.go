package project

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// writeTree creates files (path -> content) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustLoad(t *testing.T, dir string) *Project {
	t.Helper()
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// reqSummary is a Requirement without its absolute path, for comparisons.
type reqSummary struct {
	Name, Spec, File string
	Line, Start, End int
	Commented        bool
	Source           string
}

func summarize(p *Project) []reqSummary {
	var out []reqSummary
	for _, r := range p.Requirements {
		out = append(out, reqSummary{r.Name, r.Spec, p.rel(r.File), r.Line, r.Start, r.End, r.Commented, r.Source})
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
