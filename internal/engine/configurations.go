package engine

import (
	"strings"
	"unicode"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
)

// django-configurations: in a module that defines Configuration classes
// the classes, not the module, are the settings Django runs with
// (DJANGO_CONFIGURATION names one). Each class no other class derives from
// is a root; its role comes from its name (Production, Prod, Live,
// Staging: production; Dev, Local, Test: development, never judged), else
// from its file. A base class is judged only through its subclasses, when
// one of them is not for development (a base that only development
// classes extend is what production runs).

// withConfigurationClasses replaces each judged module that defines
// Configuration classes by views of its root classes.
func (a *analysis) withConfigurationClasses(judged, settings []*evaluator.Module) []*evaluator.Module {
	isBase := map[*evaluator.ConfigClass]bool{}
	any := false
	for _, m := range settings {
		for _, c := range m.Classes {
			any = true
			if a.classRole(m.Path, c.Name) == Development {
				continue
			}
			for _, b := range c.MRO()[1:] {
				isBase[b] = true
			}
		}
	}
	if !any {
		return judged
	}
	out := make([]*evaluator.Module, 0, len(judged))
	for _, m := range judged {
		classes := m.ConfigurationClasses()
		if len(classes) == 0 {
			out = append(out, m)
			continue
		}
		for _, c := range classes {
			if isBase[c] || a.classRole(m.Path, c.Name) == Development {
				continue
			}
			out = append(out, a.view(m, c))
		}
	}
	return out
}

// classRole is a configuration class's role: its name's, else its file's.
func (a *analysis) classRole(path, class string) Role {
	if r := roleOfTokens(classNameTokens(class)); r != Shared {
		return r
	}
	return a.role(path)
}

// classNameTokens splits a class name into lower-case words, as file
// names are split: ProductionConfig → production, config; Prod_EU → prod, eu.
func classNameTokens(name string) []string {
	var words []string
	var cur []rune
	runes := []rune(name)
	for i, r := range runes {
		boundary := r == '_' || r == '-'
		upperStart := unicode.IsUpper(r) && i > 0 && (unicode.IsLower(runes[i-1]) || i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1]))
		if (boundary || upperStart) && len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = nil
		}
		if !boundary {
			cur = append(cur, r)
		}
	}
	if len(cur) > 0 {
		words = append(words, strings.ToLower(string(cur)))
	}
	return words
}

// fixModule is the module a fix for f reads: in a file of
// django-configurations classes, the judged class that holds f's setting
// (the module's own namespace lacks the class attributes).
func (r *Result) fixModule(path string, f diagnostics.Finding) *evaluator.Module {
	m := r.modules[path]
	if m == nil || len(m.Classes) == 0 {
		return m
	}
	for _, j := range r.judged {
		if j.Path != path || j.Class == "" {
			continue
		}
		if b := j.Setting(f.Setting); b != nil && b.Target().File == path && b.Target().Start <= f.Start && f.End <= b.Stmt().End {
			return j
		}
	}
	for _, j := range r.judged {
		if j.Path == path && j.Class != "" {
			return j
		}
	}
	return m
}

// everyConfigurationClass adds a view of every Configuration class
// (development ones and bases too) to the modules, for the rules that
// judge every settings module: their class attributes are settings.
func (a *analysis) everyConfigurationClass(settings []*evaluator.Module) []*evaluator.Module {
	out := settings
	for _, m := range settings {
		for _, c := range m.Classes {
			if len(out) == len(settings) {
				out = append([]*evaluator.Module(nil), settings...)
			}
			out = append(out, a.view(m, c))
		}
	}
	return out
}
