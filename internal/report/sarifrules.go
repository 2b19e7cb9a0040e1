package report

import "github.com/djls-dev/djls/internal/finding"

// What code scanning needs of each rule beyond its ID: descriptions, help,
// tags, and the two properties it ranks alerts by.

// securitySeverity maps a rule's severity to the CVSS-like score GitHub
// turns into Critical (9.0+), High (7.0-8.9), Medium (4.0-6.9) and Low
// (0.1-3.9); docs/rules/README.md gives the reasons.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "7.5" // High: directly exploitable once deployed (DEBUG, known SECRET_KEY, ALLOWED_HOSTS '*')
	case finding.Warning:
		return "5.0" // Medium: a missing defence (HSTS, secure cookies, middleware)
	}
	return "2.0" // Low: hygiene (persistent connections, logging)
}

// precision is "high" for every rule: a finding is certain of the
// production world djls judges in (env variables the settings do not
// require are unset), and unknown values are never reported; it is wrong
// only when production sets a variable whose default is reported.
const precision = "high"

// unjudgedRule is DJS000's row, added to the table when a result uses it.
var unjudgedRule = Rule{
	ID: UnjudgedCode, Name: UnjudgedName, Summary: UnjudgedSummary, Severity: finding.Error,
	Description: "A settings module could not be read (an encoding error, over the 1 MiB limit, unreadable) or is written in a form djls does not read, so none of its settings were checked; its own findings would otherwise go unreported.",
	Help:        "A settings module could not be judged. The message says why: fix the file's encoding or size, or tell djls which settings modules to judge (`settings`, `production` in `[tool.djls-security]`).",
}

func ruleDescriptor(rule Rule, helpURI string) map[string]any {
	description := rule.Description
	if description == "" {
		description = rule.Summary
	}
	help := rule.Help
	if help == "" {
		help = description
	}
	props := map[string]any{
		"tags":              []string{"security", "django", "configuration"},
		"precision":         precision,
		"security-severity": securitySeverity(rule.Severity),
	}
	if rule.DjangoCheck != "" {
		props["django_check"] = rule.DjangoCheck
	}
	return map[string]any{
		"id": rule.ID, "name": rule.Name,
		"shortDescription":     map[string]any{"text": rule.Summary},
		"fullDescription":      map[string]any{"text": description},
		"help":                 map[string]any{"text": help, "markdown": help},
		"helpUri":              helpURI,
		"defaultConfiguration": map[string]any{"level": sarifLevel(rule.Severity)},
		"properties":           props,
	}
}

func sarifLevel(s finding.Severity) string {
	return map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "note"}[s]
}
