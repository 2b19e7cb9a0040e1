package config

import (
	"os"
	"strings"
	"testing"
)

// The TOML scanner is tested in internal/project; this copy must not drift.
func TestTOMLScannerMatchesProjectCopy(t *testing.T) {
	ours, err := os.ReadFile("tomlscan.go")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := os.ReadFile("../project/tomlscan.go")
	if err != nil {
		t.Skip("internal/project not present:", err)
	}
	normalize := func(b []byte) string {
		var keep []string
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "package ") || strings.Contains(line, "has a copy of this scanner") {
				continue
			}
			keep = append(keep, line)
		}
		return strings.Join(keep, "\n")
	}
	if normalize(ours) != normalize(theirs) {
		t.Error("internal/config/tomlscan.go and internal/project/tomlscan.go differ; copy the fix to both")
	}
}
