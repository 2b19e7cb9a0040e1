package diagnostics

import (
	"regexp"
	"strings"
	"testing"

	"github.com/djls-dev/djls/docs"
)

// TestRulesMatchTheirDocs keeps the registry and docs/rules in step: every
// rule has a page whose title, severity and Django check agree with it.
func TestRulesMatchTheirDocs(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range Rules() {
		ids[r.ID] = true
		if !regexp.MustCompile(`^DJS\d{3}$`).MatchString(r.ID) || r.Name == "" || r.Summary == "" || r.Check == nil || r.Severity == 0 {
			t.Errorf("%s: incomplete rule %+v", r.ID, r)
		}
		text, ok := docs.Rule(r.ID)
		if !ok {
			t.Errorf("%s: no docs/rules/%s.md", r.ID, r.ID)
			continue
		}
		lines := strings.Split(text, "\n")
		if want := "# " + r.ID + ": " + r.Name; lines[0] != want {
			t.Errorf("%s: doc title %q, want %q", r.ID, lines[0], want)
		}
		if !strings.Contains(lines[2], "**Severity:** "+r.Severity.String()) {
			t.Errorf("%s: doc severity line %q, want %s", r.ID, lines[2], r.Severity)
		}
		check := "none"
		if r.DjangoCheck != "" {
			check = r.DjangoCheck
		}
		if !strings.Contains(lines[2], check) {
			t.Errorf("%s: doc line %q does not name Django check %s", r.ID, lines[2], check)
		}
	}
	for _, id := range docs.IDs() {
		if !ids[id] {
			t.Errorf("docs/rules/%s.md documents no registered rule", id)
		}
	}
}

func TestKnownRuleOrPrefix(t *testing.T) {
	for s, want := range map[string]bool{"DJS001": true, "djs1": true, "DJS": true, "DJS999": false, "X": false} {
		if got := KnownRuleOrPrefix(s); got != want {
			t.Errorf("KnownRuleOrPrefix(%q) = %v", s, got)
		}
	}
	if r, ok := ForDjangoCheck("security.W011"); !ok || r.ID != "DJS201" {
		t.Errorf("security.W011 maps to %v", r)
	}
}
