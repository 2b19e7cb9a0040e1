package docs

import (
	"regexp"
	"strings"
	"sync"
)

// What a rule's page says, cut into the pieces SARIF's rule table carries
// (code scanning shows fullDescription in the alert list and help on the
// alert page).

// Description returns the first paragraph of the rule's "What it flags"
// section, on one line: a rule's full description.
func Description(id string) string {
	text, ok := Rule(id)
	if !ok {
		return ""
	}
	_, section, ok := strings.Cut(text, "\n## What it flags\n")
	if !ok {
		return ""
	}
	section = strings.TrimLeft(section, "\n")
	para, _, _ := strings.Cut(section, "\n\n")
	return strings.Join(strings.Fields(para), " ")
}

// relativeLink matches a Markdown link to another page of docs/rules
// ("[DJS702](DJS702.md)", "[rules](README.md#x)").
// Compiled on first use (SARIF output), not at start-up.
var relativeLink = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\]\(([A-Za-z0-9_-]+\.md(#[^)]*)?)\)`) })

// Help returns the rule's page without its title line (the alert page
// shows the rule's name already), with links to other rule pages made
// absolute so they work outside the repository.
func Help(id string) string {
	text, ok := Rule(id)
	if !ok {
		return ""
	}
	if strings.HasPrefix(text, "# ") {
		_, text, _ = strings.Cut(text, "\n")
	}
	text = relativeLink().ReplaceAllString(text, "]("+BaseURL+"$1)")
	return strings.TrimLeft(text, "\n")
}
