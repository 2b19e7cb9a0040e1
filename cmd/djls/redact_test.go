package main

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/djls-dev/djls/docs"
	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/report"
	"github.com/djls-dev/djls/internal/review"
)

// TestNoSecretLeavesTheFile checks every corpus project in every report
// format (text, JSON, SARIF, GitHub annotations, which end up in CI logs,
// and the Markdown and HTML review of `djls report`, which ends up in PR
// comments), headlines and details alike: no secret literal of its
// settings files appears verbatim, and no URL password appears as
// ":password@".
func TestNoSecretLeavesTheFile(t *testing.T) {
	judged := 0
	for _, dir := range []string{corpus.Dir(t), corpus.DirV2(t)} {
		projects, err := corpus.Projects(dir)
		if err != nil || len(projects) == 0 {
			t.Fatalf("no corpus projects in %s: %v", dir, err)
		}
		for _, name := range projects {
			root := filepath.Join(dir, name)
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				secrets, passwords := projectSecrets(t, root)
				if len(secrets)+len(passwords) == 0 {
					t.Skip("no secret literals in this project")
				}
				out, ok := renderAllFormats(t, root)
				if !ok {
					t.Skip("no findings in this project")
				}
				judged++
				for _, it := range renderedItems(t, root) {
					if it.Detail != "" && !strings.Contains(out, it.Detail) {
						t.Errorf("%s %s: its detail is not in the report, so it goes unchecked", it.RelPath, it.Code)
					}
				}
				for _, s := range secrets {
					if strings.Contains(out, s) {
						t.Errorf("secret literal %s… (%d characters) appears in the report", s[:4], len(s))
					}
				}
				for _, p := range passwords {
					if strings.Contains(out, ":"+p+"@") {
						t.Errorf("a URL password (%d characters) appears in the report", len(p))
					}
				}
			})
		}
	}
	if judged == 0 {
		t.Error("no corpus project has both secrets and findings: the test proves nothing")
	}
}

// renderAllFormats checks a project as `djls check` does and renders the
// report in every format, concatenated; false when it has no findings.
func renderAllFormats(t *testing.T, root string) (string, bool) {
	t.Helper()
	rep, err := check([]string{root}, root, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) == 0 {
		return "", false
	}
	var b bytes.Buffer
	report.Text(&b, rep, false)
	if err := report.JSON(&b, rep, docs.URL); err != nil {
		t.Fatal(err)
	}
	// The rule table's descriptions and help are the docs, the same for
	// every project (DJS002's quotes placeholder keys such as "change-me"):
	// left out here, so that only what comes from the project is searched.
	rules := sarifRules()
	for i := range rules {
		rules[i].Description, rules[i].Help = "", ""
	}
	if err := report.SARIF(&b, rep, version, rules, docs.URL); err != nil {
		t.Fatal(err)
	}
	report.GitHub(&b, rep)
	rev, err := review.Build(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	var md, page bytes.Buffer
	if err := review.Markdown(&md, rev, "djls"); err != nil {
		t.Fatal(err)
	}
	if err := review.HTML(&page, rev, "djls"); err != nil {
		t.Fatal(err)
	}
	// As a reader sees them: Markdown without its escapes, HTML without
	// its entities (a secret holding ' or & must still be found).
	b.WriteString(mdUnescape.ReplaceAllString(md.String(), "$1"))
	b.WriteString(html.UnescapeString(page.String()))
	return b.String(), true
}

// mdUnescape drops Markdown's backslash escapes.
var mdUnescape = regexp.MustCompile(`\\([[:punct:]])`)

var (
	secretScanString = regexp.MustCompile(`[rRbBuUfF]?("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')`)
	pyName           = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	envVarName       = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	urlPassword      = regexp.MustCompile(`://[^:/@\s'"]+:([^@\s'"]+)@`)
)

// projectSecrets scans a project's Python files, independently of the
// redaction code, for the string literals (8+ characters) on a line that
// names a secret setting, env var or dict key (SECRET_KEY = ...,
// 'PASSWORD': ..., env("STRIPE_SECRET_KEY", default=...)), and for URL
// passwords. Names of env vars themselves are not secrets.
func projectSecrets(t *testing.T, root string) (secrets, passwords []string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".py") {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(text), "\n") {
			for _, m := range urlPassword.FindAllStringSubmatch(line, -1) {
				passwords = append(passwords, m[1])
			}
			if !namesSecret(line) {
				continue
			}
			for _, m := range secretScanString.FindAllStringSubmatch(line, -1) {
				body := m[1][1 : len(m[1])-1]
				if len(body) >= 8 && !envVarName.MatchString(body) && !strings.Contains(body, "://") {
					secrets = append(secrets, body)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return secrets, passwords
}

// namesSecret reports a line that names a secret: a credential setting or
// key, SECRET_KEY or its fallbacks, or a secret-named env var.
func namesSecret(line string) bool {
	code, _, _ := strings.Cut(line, "#")
	for _, n := range pyName.FindAllString(code, -1) {
		up := strings.ToUpper(n)
		if strings.HasPrefix(up, "SECRET_KEY") || diagnostics.IsCredentialName(up) {
			return true
		}
	}
	return false
}

// renderedItems are the findings renderAllFormats renders.
func renderedItems(t *testing.T, root string) []report.Item {
	t.Helper()
	rep, err := check([]string{root}, root, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Items
}
