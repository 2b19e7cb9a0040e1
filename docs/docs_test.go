package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// catalog is every rule ID of the catalog (../shared/rules.md): each must
// have a doc, and no doc may exist for an ID outside it.
var catalog = []string{
	"DJS001", "DJS002", "DJS003", "DJS004", "DJS005", "DJS006", "DJS007", "DJS008",
	"DJS101", "DJS102", "DJS103", "DJS104", "DJS105",
	"DJS201", "DJS202", "DJS203", "DJS204", "DJS205", "DJS206", "DJS207",
	"DJS301", "DJS302", "DJS303", "DJS304", "DJS305", "DJS306", "DJS307", "DJS308", "DJS309",
	"DJS401", "DJS402", "DJS403", "DJS404",
	"DJS501", "DJS502", "DJS503", "DJS504", "DJS505",
	"DJS601", "DJS701", "DJS702", "DJS801", "DJS802", "DJS803", "DJS804", "DJS805", "DJS806", "DJS901",
}

var sections = []string{
	"## What it flags",
	"## Why it matters",
	"## Example",
	"## How to fix",
	"## When it does not fire",
	"## Suppressing",
	"## References",
}

var (
	titleRe  = regexp.MustCompile(`^# (DJS[0-9]{3}): ([a-z0-9]+(?:-[a-z0-9]+)*)$`)
	headerRe = regexp.MustCompile("^\\*\\*Severity:\\*\\* (error|warning|info) · \\*\\*Django check:\\*\\* (none|`[^`]+`(?: / `[^`]+`)*) · \\*\\*Fix:\\*\\* (\\S.*)$")
	refRe    = regexp.MustCompile(`^- \[[^\]]+\]\(https://[^\s)]+\)$`)
)

// header is what a rule file's first lines declare.
type header struct{ id, name, severity, check string }

func parseHeader(t *testing.T, id, text string) header {
	t.Helper()
	lines := strings.Split(text, "\n")
	if len(lines) < 3 {
		t.Fatalf("%s: too short", id)
	}
	m := titleRe.FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("%s: title line %q is not `# DJSxxx: kebab-name`", id, lines[0])
	}
	if m[1] != id {
		t.Errorf("%s.md: title names %s", id, m[1])
	}
	if lines[1] != "" {
		t.Errorf("%s: line 2 should be blank, got %q", id, lines[1])
	}
	h := headerRe.FindStringSubmatch(lines[2])
	if h == nil {
		t.Fatalf("%s: line 3 %q is not the severity/check/fix line", id, lines[2])
	}
	return header{id: m[1], name: m[2], severity: h[1], check: h[2]}
}

// sectionBodies splits a doc on its `## ` headings, in order.
func sectionBodies(text string) (names []string, bodies map[string]string) {
	bodies = map[string]string{}
	var cur string
	inFence := false
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(line, "## ") {
			cur = line
			names = append(names, line)
			continue
		}
		if cur != "" {
			bodies[cur] += line + "\n"
		}
	}
	return names, bodies
}

// fenced returns the first fenced code block of a section, and its language.
func fenced(body string) (lang, code string, ok bool) {
	_, rest, ok := strings.Cut(body, "```")
	if !ok {
		return "", "", false
	}
	lang, rest, _ = strings.Cut(rest, "\n")
	code, _, ok = strings.Cut(rest, "```")
	return lang, code, ok
}

func TestIDsMatchCatalogAndFiles(t *testing.T) {
	if got := IDs(); !slices.Equal(got, catalog) {
		t.Fatalf("IDs() = %v\nwant %v", got, catalog)
	}
	entries, err := os.ReadDir("rules")
	if err != nil {
		t.Fatal(err)
	}
	var onDisk []string
	for _, e := range entries {
		if e.Name() != "README.md" {
			onDisk = append(onDisk, strings.TrimSuffix(e.Name(), ".md"))
		}
	}
	if !slices.Equal(onDisk, catalog) {
		t.Errorf("files in docs/rules = %v, want the catalog and README.md only", onDisk)
	}
	ids := IDs()
	ids[0] = "mutated"
	if IDs()[0] != "DJS001" {
		t.Error("IDs() returns shared state")
	}
}

func TestRuleLookup(t *testing.T) {
	text, ok := Rule("DJS004")
	if !ok || !strings.HasPrefix(text, "# DJS004: allowed-hosts-wildcard\n") {
		t.Fatalf("Rule(DJS004) = %.40q, %v", text, ok)
	}
	if lower, ok := Rule("djs004"); !ok || lower != text {
		t.Error("Rule is not case-insensitive")
	}
	for _, bad := range []string{"", "DJS999", "README", "../docs", "DJS00", "rules/DJS001"} {
		if _, ok := Rule(bad); ok {
			t.Errorf("Rule(%q) found a doc", bad)
		}
	}
}

func TestURL(t *testing.T) {
	const want = "https://github.com/djls-dev/djls/blob/main/docs/rules/DJS201.md"
	if got := URL("DJS201"); got != want {
		t.Errorf("URL(DJS201) = %q, want %q", got, want)
	}
	if got := URL("djs201"); got != want {
		t.Errorf("URL(djs201) = %q, want %q", got, want)
	}
	if !strings.HasSuffix(BaseURL, "/docs/rules/") {
		t.Errorf("BaseURL %q does not point at docs/rules/", BaseURL)
	}
}

func TestRuleFilesHaveSectionsInOrder(t *testing.T) {
	for _, id := range IDs() {
		text, _ := Rule(id)
		h := parseHeader(t, id, text)
		names, bodies := sectionBodies(text)
		if !slices.Equal(names, sections) {
			t.Errorf("%s: sections %q, want %q", id, names, sections)
			continue
		}
		for _, s := range sections {
			if strings.TrimSpace(bodies[s]) == "" {
				t.Errorf("%s: %s is empty", id, s)
			}
		}

		if _, code, ok := fenced(bodies["## Example"]); !ok || !strings.Contains(code, "# "+id) {
			t.Errorf("%s: the Example's code block does not mark the flagged line with `# %s`", id, id)
		}
		if _, _, ok := fenced(bodies["## How to fix"]); !ok {
			t.Errorf("%s: How to fix has no code block", id)
		}
		if lang, _, _ := fenced(bodies["## Example"]); lang == "python" {
			if lang2, _, _ := fenced(bodies["## How to fix"]); lang2 != "python" && lang2 != "text" {
				t.Errorf("%s: How to fix block is %q", id, lang2)
			}
		}

		sup := bodies["## Suppressing"]
		for _, want := range []string{"`# noqa: " + id + "`", "`# djls: ignore[" + id + "]`", "`ignore = [\"" + id + "\"]`", "`[tool.djls-security]`", "`djls-security.toml`"} {
			if !strings.Contains(sup, want) {
				t.Errorf("%s: Suppressing does not mention %s", id, want)
			}
		}
		mapped := h.check != "none"
		if strings.Contains(sup, "SILENCED_SYSTEM_CHECKS") != mapped {
			t.Errorf("%s: Django check %s, but Suppressing mentions SILENCED_SYSTEM_CHECKS: %v", id, h.check, !mapped)
		}
		if mapped && !slices.ContainsFunc(strings.Split(h.check, " / "), func(c string) bool {
			return strings.Contains(sup, "SILENCED_SYSTEM_CHECKS = [\""+strings.Trim(c, "`")+"\"]")
		}) {
			t.Errorf("%s: Suppressing does not show SILENCED_SYSTEM_CHECKS with %s", id, h.check)
		}

		refs := strings.Split(strings.TrimSpace(bodies["## References"]), "\n")
		for _, r := range refs {
			if !refRe.MatchString(r) {
				t.Errorf("%s: reference %q is not `- [title](https://...)`", id, r)
			}
		}
	}
}

func TestDocsNeverNameTheTemplateServersConfig(t *testing.T) {
	// [tool.djls] and djls.toml belong to the Django template language
	// server; only the README's warning may name them.
	for _, id := range IDs() {
		text, _ := Rule(id)
		if strings.Contains(text, "[tool.djls]") || strings.Contains(text, " djls.toml") {
			t.Errorf("%s names the template server's config", id)
		}
		for _, p := range []string{"/work/", "/tmp/", "/root/"} {
			if strings.Contains(text, p) {
				t.Errorf("%s contains the machine path %s", id, p)
			}
		}
	}
}

func TestReadmeIndexesEveryRule(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("rules", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	if !strings.Contains(readme, "[tool.djls-security]") || !strings.Contains(readme, "not `[tool.djls]`") {
		t.Error("README does not explain the [tool.djls-security] table")
	}
	rows := map[string][]string{}
	for line := range strings.SplitSeq(readme, "\n") {
		if !strings.HasPrefix(line, "| [DJS") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) != 5 {
			t.Errorf("README row %q has %d cells, want 5", line, len(cells))
			continue
		}
		id := cells[0][1:7]
		if _, dup := rows[id]; dup {
			t.Errorf("README lists %s twice", id)
		}
		rows[id] = cells
	}
	for _, id := range IDs() {
		cells, ok := rows[id]
		if !ok {
			t.Errorf("README does not list %s", id)
			continue
		}
		text, _ := Rule(id)
		h := parseHeader(t, id, text)
		want := []string{"[" + id + "](" + id + ".md)", h.name, h.severity, h.check}
		if !slices.Equal(cells[:4], want) {
			t.Errorf("README row for %s = %q, want %q + summary", id, cells[:4], want)
		}
		if cells[4] == "" {
			t.Errorf("README row for %s has no summary", id)
		}
	}
	if len(rows) != len(IDs()) {
		t.Errorf("README lists %d rules, docs exist for %d", len(rows), len(IDs()))
	}
}
