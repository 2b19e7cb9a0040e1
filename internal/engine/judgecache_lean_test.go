package engine

import (
	"testing"

	"github.com/djls-dev/djls/internal/rules"
)

// TestJudgeCacheKeepsOnlyWhatRulesFound: the cache is kept for every
// judged module between keystrokes, so a rule that found nothing costs it
// a bit, not an entry; the rules that found something are listed once,
// and every module rule is known to have run (the next analysis reuses).
func TestJudgeCacheKeepsOnlyWhatRulesFound(t *testing.T) {
	s := openSession(t, writeProject(t, "-- settings.py --\nDEBUG = True\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['*']\n"), "settings.py")
	s.analyze()
	if len(s.ws.judged.modules) != 1 {
		t.Fatalf("%d modules in the judgement cache, want 1", len(s.ws.judged.modules))
	}
	var e *ruleFindings
	for _, e = range s.ws.judged.modules {
	}
	if len(e.found) == 0 {
		t.Fatal("no rule found anything: the test needs findings")
	}
	seen := map[*rules.Rule]bool{}
	for _, f := range e.found {
		if len(f.findings) == 0 {
			t.Errorf("%s: kept with no findings", f.rule.ID)
		}
		if seen[f.rule] {
			t.Errorf("%s: listed twice", f.rule.ID)
		}
		seen[f.rule] = true
	}
	ranRules := 0
	for _, r := range rules.All() {
		found, ran := e.get(r)
		if ran {
			ranRules++
		}
		if len(found) > 0 != seen[r] {
			t.Errorf("%s: get gives %d findings, the list %v", r.ID, len(found), seen[r])
		}
	}
	if ranRules <= len(e.found) {
		t.Errorf("%d rules ran, %d found something: the rules that found nothing are not recorded as run", ranRules, len(e.found))
	}
	s.analyze()
	s.wantRan("nothing changed")
}
