package lsp

import (
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// TestSteadyRememberKeepsNoCopy: every error-free analysis of every open
// document is remembered, so remembering keeps the result's own findings
// rather than copying its absence findings: no allocation, once the
// document has an entry.
func TestSteadyRememberKeepsNoCopy(t *testing.T) {
	const path = "/p/settings.py"
	text := []byte("DEBUG = False\n")
	findings := []diagnostics.Finding{{Code: "DJS002", Absence: true}, {Code: "DJS001"}, {Code: "DJS005", Absence: true}}
	for i := range findings {
		findings[i].Path = path
	}
	var st steadyStore
	st.remember(path, text, findings)
	if n := testing.AllocsPerRun(100, func() { st.remember(path, text, findings) }); n != 0 {
		t.Errorf("remember allocates %.0f times", n)
	}
	last, ok := st.get(path)
	if !ok {
		t.Fatal("nothing remembered")
	}
	absent := last.absent()
	if len(absent) != 2 || absent[0].Code != "DJS002" || absent[1].Code != "DJS005" {
		t.Errorf("absence findings: %+v", absent)
	}
}
