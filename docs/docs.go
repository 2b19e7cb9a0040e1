// Package docs embeds the rule documentation (docs/rules/DJSxxx.md) so the
// CLI and the language server can show it and link each finding to it.
package docs

import (
	"embed"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// BaseURL + ID + ".md" is the documentation link a finding carries
// (codeDescription.href in LSP, helpUri in SARIF).
const BaseURL = "https://github.com/djls-dev/djls/blob/main/docs/rules/"

//go:embed rules/*.md
var files embed.FS

// idPattern keeps README.md (the index) and stray files out of the rule set.
var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^DJS[0-9]{3}$`) })

// ids is read from the embedded files on first use, not at start-up.
var ids = sync.OnceValue(func() []string {
	entries, err := files.ReadDir("rules")
	if err != nil {
		panic("docs: " + err.Error()) // the embed pattern guarantees the directory
	}
	var out []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".md"); ok && idPattern().MatchString(id) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
})

// Rule returns the Markdown text of docs/rules/<id>.md; id is case-insensitive.
func Rule(id string) (string, bool) {
	id = strings.ToUpper(id)
	if !idPattern().MatchString(id) {
		return "", false
	}
	b, err := files.ReadFile("rules/" + id + ".md")
	if err != nil {
		return "", false
	}
	return string(b), true
}

// IDs returns the sorted IDs that have a doc.
func IDs() []string { return append([]string(nil), ids()...) }

// URL returns the documentation link of a rule.
func URL(id string) string { return BaseURL + strings.ToUpper(id) + ".md" }
