// Package rules is djls's rule catalog (../shared/rules.md): one registry
// entry per rule holds everything about it — ID, name, severity, the Django
// check(s) it mirrors, summary, scope, the check, the quick-fix builder and
// whether the production security block fixes it; its documentation is
// docs/rules/<ID>.md (docs.Rule, docs.URL). Each file holds a theme's rules
// with their checks and fix builders; testdata/*.txtar tests them
// (rules_test.go).
package rules

import (
	"sort"
	"strings"
	"sync/atomic"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/fix"
)

// Scope says what a rule judges.
type Scope int

const (
	// ScopeProduction rules judge each production settings module, merged
	// with what it star-imports. A module rule (this scope or the next)
	// reads its module, the project and the Django version, through the
	// Context's methods, never other modules' values (Context.Modules,
	// Imported) or project files: the engine reuses its findings while
	// those are unchanged (engine/judgecache.go). A check that needs more
	// is a ScopeProject rule.
	ScopeProduction Scope = iota
	// ScopeEveryModule rules judge every settings module, development ones
	// included (calls that fail at start-up fail everywhere).
	ScopeEveryModule
	// ScopeProject rules judge the project's files once; their fix builders
	// get no settings module.
	ScopeProject
)

// Rule is one check of the catalog. IDs are a public contract: never reuse
// one for another meaning.
type Rule struct {
	ID       string
	Name     string
	Severity diagnostics.Severity
	// DjangoCheck is the Django check the rule mirrors, "" when none;
	// DjangoVariants are the other checks its findings may name (Django
	// splits some checks by cause), which SILENCED_SYSTEM_CHECKS accepts too.
	DjangoCheck    string
	DjangoVariants []string
	Summary        string // one line: what fires it
	Scope          Scope
	Check          func(*diagnostics.Context)
	// Fix builds the quick fix for one finding; it returns nil when it
	// cannot fix that finding exactly. nil: the rule has no quick fix.
	Fix func(*fix.Builder) *fix.Fix
	// ProductionBlock: the production security block (fix.ProductionBlock)
	// fixes the rule's findings.
	ProductionBlock bool
}

// Run applies the rule's check in c.
func (r *Rule) Run(c *diagnostics.Context) {
	c.Run(diagnostics.Reporter{ID: r.ID, Name: r.Name, Severity: r.Severity, DjangoCheck: r.DjangoCheck}, r.Check)
}

// DjangoChecks returns every Django check ID the rule's findings may name.
func (r *Rule) DjangoChecks() []string {
	if r.DjangoCheck == "" {
		return nil
	}
	return append([]string{r.DjangoCheck}, r.DjangoVariants...)
}

// Fixes returns the quick fixes of t's finding's rule (not "suppress",
// which the engine adds).
func Fixes(t fix.Target) []fix.Fix {
	r := registry[t.Finding.Code]
	if r == nil || r.Fix == nil {
		return nil
	}
	return fix.Build(t, r.Scope == ScopeProject, r.Fix)
}

// ProductionBlockFixes reports whether the production security block fixes
// findings of the rule code.
func ProductionBlockFixes(code string) bool {
	r := registry[code]
	return r != nil && r.ProductionBlock
}

var registry = map[string]*Rule{}

// register adds rules at init; a duplicate ID is a programming error.
func register(rules ...*Rule) {
	for _, r := range rules {
		if _, dup := registry[r.ID]; dup {
			panic("rules: duplicate rule " + r.ID)
		}
		registry[r.ID] = r
	}
	sorted.Store(nil)
}

// sorted caches All: every analysis (every keystroke in the editor) walks
// the rules, and listing and sorting them each time cost ~8 µs of a 200-line
// module's ~200 µs.
var sorted atomic.Pointer[[]*Rule]

// All returns every rule, sorted by ID. The slice is shared: callers must
// not modify it.
func All() []*Rule {
	if p := sorted.Load(); p != nil {
		return *p
	}
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	sorted.Store(&out)
	return out
}

// KnownRuleOrPrefix reports whether s is a rule ID or a prefix of one
// ("DJS1" selects DJS101–DJS105); used to validate configuration.
func KnownRuleOrPrefix(s string) bool {
	s = strings.ToUpper(s)
	for id := range registry {
		if strings.HasPrefix(id, s) {
			return true
		}
	}
	return false
}

// ForDjangoCheck returns the rule mirroring a Django check ID (for
// SILENCED_SYSTEM_CHECKS); variants such as security.W011 map to DJS201.
func ForDjangoCheck(check string) (*Rule, bool) {
	for _, r := range registry {
		for _, c := range r.DjangoChecks() {
			if c == check {
				return r, true
			}
		}
	}
	return nil, false
}
