package engine

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/djls-dev/djls/internal/evaluator"
)

// Settings modules in a form djls does not read are reported, never
// skipped in silence (../shared/rules.md, "More of what real modules do"):
// a django-configurations class whose bases cannot be followed, or a
// settings-named module whose settings are all written by exec(),
// globals()/vars() writes or importlib. The front ends report each as an
// information finding (DJS000).

// dynamicOrigin follows a write djls cannot follow from the module that
// star-imports it (which records its import statement as the write) to the
// module and statement that make it.
func dynamicOrigin(m *evaluator.Module) (*evaluator.Module, *evaluator.Span) {
	for range MaxImportDepth {
		d := m.Dynamic
		if d.File != m.Path || d.Start >= len(m.Text) || !bytes.HasPrefix(m.Text[d.Start:], []byte("from ")) {
			break
		}
		var from *evaluator.Module
		for _, s := range m.StarImports {
			if s.Dynamic != nil {
				from = s
				break
			}
		}
		if from == nil {
			break
		}
		m = from
	}
	return m, m.Dynamic
}

// notReadForms returns the modules among paths that are settings in a
// form the evaluator does not read, with the reason.
func (a *analysis) notReadForms(paths []string, settings, judged []*evaluator.Module) map[string]string {
	judging := map[string]bool{}
	for _, m := range settings {
		judging[m.Path] = true
	}
	out := map[string]string{}
	// A judged module with a write djls cannot follow is judged in part:
	// every setting not assigned after that write is unknown, and absent
	// findings stay silent. Say so, rather than report "no findings".
	for _, m := range judged {
		if m.Dynamic != nil {
			src, d := dynamicOrigin(m)
			rel, _ := filepath.Rel(a.w.root, d.File)
			text := src.Text
			out[m.Path] = fmt.Sprintf("judged in part: code at %s:%d (a globals() or vars() write, exec(), globals() passed to a call, or an include() of a file not in the repository) may set any setting, so those not assigned after it were not checked", filepath.ToSlash(rel), lineNumber(text, d.Start))
		}
	}
	for _, p := range paths {
		m := a.modules[p]
		if m == nil {
			continue
		}
		if class := m.UnreadConfiguration(); class != "" {
			out[p] = fmt.Sprintf("django-configurations class %s derives from a class djls cannot read, so its settings were not checked", class)
			continue
		}
		if judging[p] || len(m.Order) > 0 {
			continue
		}
		rel, _ := filepath.Rel(a.w.root, p)
		if !settingsByName(filepath.ToSlash(rel)) {
			continue
		}
		switch {
		case m.Dynamic != nil:
			out[p] = fmt.Sprintf("its settings are written by code djls does not follow (line %d: exec(), a globals() or vars() write, or an include() of a file it cannot name), so they were not checked", lineNumber(m.Text, m.Dynamic.Start))
		case bytes.Contains(m.Text, []byte("import_module(")) || bytes.Contains(m.Text, []byte("__import__(")):
			out[p] = "it loads its settings through importlib, which djls does not follow, so they were not checked"
		}
	}
	return out
}
