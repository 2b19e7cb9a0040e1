package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/djls-dev/djls/docs"
)

// TestRulesMatchTheirDocs keeps the registry and docs/rules in step: every
// rule has a page whose title, severity and Django check agree with it.
func TestRulesMatchTheirDocs(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range All() {
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
		checks, fixText := docHeader(t, r.ID, lines[2])
		want := append([]string(nil), r.DjangoChecks()...)
		slices.Sort(want)
		if len(want) == 0 {
			want = []string{"none"}
		}
		if !slices.Equal(checks, want) {
			t.Errorf("%s: doc names Django checks %q, the registry %q", r.ID, checks, want)
		}
		// The doc's Fix line is the rule's claim: a fix, or "none (manual)".
		hasFix := r.Fix != nil || r.ProductionBlock
		if docFix := fixText != "none (manual)"; docFix != hasFix {
			t.Errorf("%s: doc says **Fix:** %q, but the rule has a fix builder: %v, production block: %v", r.ID, fixText, r.Fix != nil, r.ProductionBlock)
		}
		if inBlock := strings.Contains(fixText, "production security block"); inBlock != r.ProductionBlock {
			t.Errorf("%s: doc says **Fix:** %q, but ProductionBlock is %v", r.ID, fixText, r.ProductionBlock)
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

var docHeaderRe = regexp.MustCompile(`^\*\*Severity:\*\* \w+ · \*\*Django check:\*\* (.+) · \*\*Fix:\*\* (.+)$`)

// docHeader reads a doc's third line: its Django checks (sorted; "none")
// and what its Fix says.
func docHeader(t *testing.T, id, line string) (checks []string, fixText string) {
	t.Helper()
	m := docHeaderRe.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("%s: doc line %q is not the severity/check/fix line", id, line)
	}
	for _, c := range strings.Split(m[1], " / ") {
		checks = append(checks, strings.Trim(c, "`"))
	}
	slices.Sort(checks)
	return checks, m[2]
}

// TestRegistryInvariants: every entry is complete and consistent, and the
// look-ups the engine and configuration use find it.
func TestRegistryInvariants(t *testing.T) {
	all := All()
	if len(all) != len(registry) || len(all) < 45 {
		t.Fatalf("All() = %d rules, registry %d", len(all), len(registry))
	}
	checks := map[string]string{}
	for i, r := range all {
		if i > 0 && all[i-1].ID >= r.ID {
			t.Errorf("All() not sorted at %s", r.ID)
		}
		if r.Scope < ScopeProduction || r.Scope > ScopeProject {
			t.Errorf("%s: scope %d", r.ID, r.Scope)
		}
		if r.DjangoCheck == "" && len(r.DjangoVariants) > 0 {
			t.Errorf("%s: variants %v without a Django check", r.ID, r.DjangoVariants)
		}
		for _, c := range r.DjangoChecks() {
			if other, dup := checks[c]; dup {
				t.Errorf("%s and %s both mirror %s", other, r.ID, c)
			}
			checks[c] = r.ID
			if got, ok := ForDjangoCheck(c); !ok || got != r {
				t.Errorf("ForDjangoCheck(%s) = %v, want %s", c, got, r.ID)
			}
		}
		if !KnownRuleOrPrefix(r.ID) || !KnownRuleOrPrefix(strings.ToLower(r.ID)) {
			t.Errorf("KnownRuleOrPrefix(%s) = false", r.ID)
		}
		if ProductionBlockFixes(r.ID) != r.ProductionBlock {
			t.Errorf("ProductionBlockFixes(%s) != ProductionBlock", r.ID)
		}
		if r.ProductionBlock && r.Fix != nil {
			t.Errorf("%s: both a quick fix and the production block", r.ID)
		}
	}
	if _, ok := ForDjangoCheck("security.W999"); ok {
		t.Error("ForDjangoCheck found an unknown check")
	}
	if ProductionBlockFixes("DJS999") || Fixes(fixTarget("DJS999")) != nil {
		t.Error("an unknown code has fixes")
	}
}
