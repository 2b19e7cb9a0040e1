package diagnostics

import (
	"sort"
	"strings"
)

// Scope says what a rule judges.
type Scope int

const (
	// ScopeProduction rules judge each production settings module, merged
	// with what it star-imports.
	ScopeProduction Scope = iota
	// ScopeEveryModule rules judge every settings module, development ones
	// included (calls that fail at start-up fail everywhere).
	ScopeEveryModule
	// ScopeProject rules judge the project's files once.
	ScopeProject
)

// Rule is one check of the catalog (../shared/rules.md). IDs are a public
// contract: never reuse one for another meaning.
type Rule struct {
	ID          string
	Name        string
	Severity    Severity
	DjangoCheck string // the Django check it mirrors, "" when none; a finding may name a variant
	Summary     string // one line: what fires it
	Fix         string // what the quick fix does, "" when there is none
	Scope       Scope
	Check       func(*Context)
}

var registry = map[string]*Rule{}

// register adds rules at init; a duplicate ID is a programming error.
func register(rules ...*Rule) {
	for _, r := range rules {
		if _, dup := registry[r.ID]; dup {
			panic("diagnostics: duplicate rule " + r.ID)
		}
		registry[r.ID] = r
	}
}

// Rules returns every rule, sorted by ID.
func Rules() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (*Rule, bool) {
	r, ok := registry[strings.ToUpper(id)]
	return r, ok
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
		for _, c := range djangoVariants(r) {
			if c == check {
				return r, true
			}
		}
	}
	return nil, false
}

func djangoVariants(r *Rule) []string {
	switch r.ID {
	case "DJS201":
		return []string{"security.W010", "security.W011", "security.W012"}
	case "DJS202":
		return []string{"security.W013", "security.W014", "security.W015"}
	}
	if r.DjangoCheck == "" {
		return nil
	}
	return []string{r.DjangoCheck}
}
