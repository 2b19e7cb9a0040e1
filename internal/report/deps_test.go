package report

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoCgo: the output packages build without a C compiler. Neither
// report nor anything it imports has cgo files, and the tree-sitter parser
// is not among its dependencies.
func TestNoCgo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{len .CgoFiles}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := false
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, cgoFiles, _ := strings.Cut(line, " ")
		seen = seen || path == "github.com/djls-dev/djls/internal/textpos"
		if cgoFiles != "0" || strings.Contains(path, "treesitter") || strings.Contains(path, "tree-sitter") || path == "runtime/cgo" {
			t.Errorf("internal/report depends on %s (%s cgo files)", path, cgoFiles)
		}
	}
	if !seen {
		t.Errorf("internal/report does not convert positions through textpos:\n%s", out)
	}
}
