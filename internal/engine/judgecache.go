package engine

import (
	"slices"
	"sync"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/rules"
)

// The judgement cache keeps what each rule found in each module between
// analyses. A keystroke changes one module's evaluation (and those of the
// modules importing it: evalcache.go); a rule judging any other module
// would find the same again, so its findings are reused instead.
//
// What a module-scope rule (ScopeProduction, ScopeEveryModule) reads
// through its diagnostics.Context, and what stands for it in the key:
//   - the judged module: its evaluation, which the evaluation cache gives
//     back as the same *evaluator.Module while its tree and every import
//     are unchanged (a django-configurations class view: that module and
//     the class);
//   - whether the module is among the judged ones (Context.Production,
//     read for the note on optional override imports);
//   - the texts of the files its values come from (Context.Modules,
//     FileText): files its evaluation read, unchanged with it;
//   - the project (manifests' env values in Explain), the Django version
//     and the configuration (the rules enabled): one epoch; a change to
//     any drops the whole cache.
//
// A module rule that reads more (another module's values, c.Imported,
// project files through FileText) must be a ScopeProject rule, or its
// input must join the key. Project rules read everything, and run every
// time. Post-processing (suppression, severities, SILENCED_SYSTEM_CHECKS,
// merging) runs on the whole list, as it is the same list a full run
// makes, in the same order.

// judgeCache is what the last analysis found, module by module.
type judgeCache struct {
	epoch   judgeEpoch
	modules map[judgeKey]*ruleFindings

	// ran counts, by module path, the module-rule runs of the last
	// analysis that were not reused (tests read it).
	ran map[string]int
	// found is how many findings the rules gave last time: the next
	// analysis's list starts that long, as it is mostly the same list.
	found int
}

// judgeEpoch is what every module-rule run reads.
type judgeEpoch struct {
	proj    *project.Project
	cfg     *config.Config
	version diagnostics.Version
}

// judgeKey identifies a judged module by its evaluation.
type judgeKey struct {
	module     *evaluator.Module      // the evaluation cache's module
	class      *evaluator.ConfigClass // a view of this class of it, or nil
	production bool                   // among the judged (Context.Production)
}

// ruleFindings is what the module rules found in one module: which rules
// ran, and what those that found something found. Kept for every judged
// module, it is a bit per rule and a short list rather than a map with an
// entry per rule (~2 KB a module), as most rules find nothing.
type ruleFindings struct {
	ran   []uint64 // bit i: rules.All()[i] ran
	found []ruleFound
}

// ruleFound is what one rule found, never nothing.
type ruleFound struct {
	rule     *rules.Rule
	findings []diagnostics.Finding
}

// ruleIndex numbers the rules by their place in rules.All(), which the
// registry fixes at init.
var ruleIndex = sync.OnceValue(func() map[*rules.Rule]int {
	index := make(map[*rules.Rule]int, len(rules.All()))
	for i, r := range rules.All() {
		index[r] = i
	}
	return index
})

// get returns what r found, and whether r ran.
func (e *ruleFindings) get(r *rules.Rule) ([]diagnostics.Finding, bool) {
	i, ok := ruleIndex()[r]
	if !ok || i/64 >= len(e.ran) || e.ran[i/64]&(1<<(i%64)) == 0 {
		return nil, false
	}
	for _, f := range e.found {
		if f.rule == r {
			return f.findings, true
		}
	}
	return nil, true
}

// set records what r found.
func (e *ruleFindings) set(r *rules.Rule, findings []diagnostics.Finding) {
	i, ok := ruleIndex()[r]
	if !ok {
		return // not a registered rule (none is): run again next time
	}
	if e.ran == nil {
		e.ran = make([]uint64, (len(rules.All())+63)/64)
	}
	e.ran[i/64] |= 1 << (i % 64)
	if len(findings) > 0 {
		e.found = append(e.found, ruleFound{r, findings})
	}
}

// judging is one analysis's use of the cache.
type judging struct {
	a          *analysis
	epoch      judgeEpoch
	old, next  map[judgeKey]*ruleFindings
	production map[*evaluator.Module]bool
	ran        map[string]int
}

func (a *analysis) startJudging(version diagnostics.Version, judged []*evaluator.Module) *judging {
	j := &judging{a: a, epoch: judgeEpoch{a.proj, a.w.cfg, version}, production: make(map[*evaluator.Module]bool, len(judged)), ran: map[string]int{}}
	for _, m := range judged {
		j.production[m] = true
	}
	if c := a.w.judged; c.epoch == j.epoch {
		j.old = c.modules
	}
	j.next = make(map[judgeKey]*ruleFindings, len(j.old))
	return j
}

// finish keeps this analysis's findings for the next one (modules no
// longer judged drop out).
func (j *judging) finish(found int) {
	j.a.w.judged = judgeCache{epoch: j.epoch, modules: j.next, ran: j.ran, found: found}
}

// judge appends what rule r finds in m to findings: what it found last
// time when m's evaluation and the epoch are unchanged, else by running it.
func (j *judging) judge(r *rules.Rule, m *evaluator.Module, findings *[]diagnostics.Finding, run func()) {
	key, ok := j.key(m)
	if !ok {
		run()
		j.ran[m.Path]++
		return
	}
	e := j.entry(key)
	if found, hit := e.get(r); hit {
		*findings = append(*findings, found...)
		return
	}
	start := len(*findings)
	run()
	j.ran[m.Path]++
	e.set(r, kept((*findings)[start:]))
}

// key is m's judgeKey; false when m is not the evaluation cache's module
// (an overlay parsed for one analysis, a truncated import): a new module
// every time, never worth keeping.
func (j *judging) key(m *evaluator.Module) (judgeKey, bool) {
	base, class := m, (*evaluator.ConfigClass)(nil)
	if v, ok := j.a.views[m]; ok {
		base, class = v.module, v.class
	}
	if e := j.a.w.evals[base.Path]; e == nil || e.module != base {
		return judgeKey{}, false
	}
	return judgeKey{module: base, class: class, production: j.production[m]}, true
}

// entry is the findings kept for key, carried over from the last analysis.
func (j *judging) entry(key judgeKey) *ruleFindings {
	if e := j.next[key]; e != nil {
		return e
	}
	e := j.old[key]
	if e == nil {
		e = &ruleFindings{}
	}
	j.next[key] = e
	return e
}

// kept copies findings for the cache. Their Related and Tags are clipped:
// merging a finding found through two roots appends to its Related, which
// must then copy rather than write into an array a kept finding shares.
func kept(findings []diagnostics.Finding) []diagnostics.Finding {
	if len(findings) == 0 {
		return nil
	}
	out := slices.Clone(findings)
	for i := range out {
		out[i].Related = slices.Clip(out[i].Related)
		out[i].Tags = slices.Clip(out[i].Tags)
	}
	return out
}

// viewKey is the module and class a django-configurations view shows.
type viewKey struct {
	module *evaluator.Module
	class  *evaluator.ConfigClass
}

// view returns m viewed as class c, noting what it is a view of: views are
// built anew by each analysis, their module and class are not.
func (a *analysis) view(m *evaluator.Module, c *evaluator.ConfigClass) *evaluator.Module {
	v := m.View(c)
	if a.views == nil {
		a.views = map[*evaluator.Module]viewKey{}
	}
	a.views[v] = viewKey{m, c}
	return v
}
