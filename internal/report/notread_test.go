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

// TestNotReadLongReasonGoesToTheDetail: a reason too long for a headline
// leaves the headline short and becomes the detail.
func TestNotReadLongReasonGoesToTheDetail(t *testing.T) {
	reason := "judged in part: code at g/settings/base.py:5 (a globals() or vars() write, exec(), globals() passed to a call, or an include() of a file not in the repository) may set any setting"
	it := NotRead("/p/g/settings/production.py", "g/settings/production.py", reason)
	if it.Message != "Settings module judged in part" || !strings.HasPrefix(it.Detail, "Code at g/settings/base.py:5 (a globals()") {
		t.Errorf("message %q, detail %q", it.Message, it.Detail)
	}
	it = Unjudged("/p/app/settings.py", "app/settings.py", "unreadable: permission denied")
	if it.Message != "Settings module not checked (unreadable: permission denied)" || it.Detail != "Any findings in it go unreported." {
		t.Errorf("message %q, detail %q", it.Message, it.Detail)
	}
}
