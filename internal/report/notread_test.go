package report

import (
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/finding"
)

// TestNotReadIsInformation: a settings module in a form djls does not read
// is DJS000 at information severity, saying why.
func TestNotReadIsInformation(t *testing.T) {
	it := NotRead("/p/app/settings.py", "app/settings.py", "it loads its settings through importlib")
	if it.Code != UnjudgedCode || it.Severity != finding.Info || it.Line != 1 || it.Column != 1 {
		t.Fatalf("NotRead = %+v", it)
	}
	if !strings.HasPrefix(it.Message, "Settings module not checked: it loads its settings through importlib") {
		t.Errorf("message %q", it.Message)
	}
}
