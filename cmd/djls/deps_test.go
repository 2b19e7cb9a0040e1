package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoTemplatePackages: djls links neither text/template nor
// html/template. Their reflection (MethodByName) turns off the linker's
// dead-method elimination for the whole binary: 3.5 MB more in every djls
// process, the language server's included. internal/review writes its
// HTML page without them.
func TestNoTemplatePackages(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, path := range strings.Fields(string(out)) {
		if path == "text/template" || path == "html/template" {
			t.Errorf("djls depends on %s", path)
		}
	}
}
