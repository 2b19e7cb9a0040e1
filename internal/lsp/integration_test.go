package lsp

// Editor scenarios against the real engine: the corpus projects, typing,
// exact ranges in non-ASCII and CRLF text, split settings, code actions and
// rapid edits.

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/internal/corpus"
)

// expectation is one line of a corpus expected.txt; "*" matches anything.
type expectation struct{ path, line, code string }

func (e expectation) String() string { return e.path + ":" + e.line + " " + e.code }

func (e expectation) wild() bool { return e.path == "*" || e.line == "*" }

func (e expectation) matches(got expectation) bool {
	return (e.path == "*" || e.path == got.path) && (e.line == "*" || e.line == got.line) && e.code == got.code
}

func parseExpected(t *testing.T, path string) (exact bool, exps []expectation) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if mode, ok := strings.CutPrefix(line, "# mode:"); ok {
			exact = strings.TrimSpace(mode) == "exact"
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		loc, code, ok := strings.Cut(line, " ")
		i := strings.LastIndex(loc, ":")
		if !ok || i < 0 {
			t.Fatalf("%s: bad line %q", path, line)
		}
		exps = append(exps, expectation{loc[:i], loc[i+1:], strings.TrimSpace(code)})
	}
	return exact, exps
}

// compareFindings checks got against expected.txt: every expectation is
// met (plain ones exactly as often as listed), and in exact mode nothing
// else was found.
func compareFindings(t *testing.T, exact bool, exps []expectation, got []expectation) {
	t.Helper()
	used := make([]bool, len(got))
	for _, e := range exps {
		if e.wild() {
			continue
		}
		found := false
		for i, g := range got {
			if !used[i] && e.matches(g) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing finding %s", e)
		}
	}
	for _, e := range exps {
		if !e.wild() {
			continue
		}
		found := false
		for i, g := range got {
			if e.matches(g) {
				used[i], found = true, true
			}
		}
		if !found {
			t.Errorf("missing finding %s", e)
		}
	}
	if exact {
		for i, g := range got {
			if !used[i] {
				t.Errorf("unexpected finding %s", g)
			}
		}
	}
}

func settingsFiles(t *testing.T, root string) []string {
	var out []string
	filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(path, ".py") && strings.Contains(path, "settings") {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func TestCorpusProjects(t *testing.T) {
	dir := corpus.Dir(t)
	projects, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		if !p.IsDir() {
			continue
		}
		t.Run(p.Name(), func(t *testing.T) {
			root := filepath.Join(dir, p.Name())
			exact, exps := parseExpected(t, filepath.Join(root, "expected.txt"))
			c := startServer(t, nil)
			c.initialize(root, "", "")
			var opened []uri.URI
			for _, path := range settingsFiles(t, root) {
				text, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				opened = append(opened, c.open(path, 1, string(text)))
			}
			for _, u := range opened {
				c.barrier(u)
			}
			var got []expectation
			for u, pub := range c.latest() {
				rel, err := filepath.Rel(root, uri.URI(u).FsPath())
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range pub.Diagnostics {
					got = append(got, expectation{filepath.ToSlash(rel), fmt.Sprint(d.Range.Start.Line + 1), diagCode(d)})
					checkDiagnosticShape(t, d)
				}
			}
			compareFindings(t, exact, exps, got)
			for _, u := range opened {
				if pub := c.latest()[string(u)]; !pub.HasVersion || pub.Version != 1 {
					t.Errorf("%s: publish version = %v/%d, want 1", u, pub.HasVersion, pub.Version)
				}
			}
		})
	}
}

// checkDiagnosticShape checks what every diagnostic carries.
func checkDiagnosticShape(t *testing.T, d protocol.Diagnostic) {
	t.Helper()
	code := diagCode(d)
	if src, _ := d.Source.Get(); src != "djls" {
		t.Errorf("%s: source = %q", code, src)
	}
	if want := ruleURL(code); string(d.CodeDescription.Href) != want {
		t.Errorf("%s: codeDescription.href = %q, want %q", code, d.CodeDescription.Href, want)
	}
	if d.Severity < protocol.DiagnosticSeverityError || d.Severity > protocol.DiagnosticSeverityInformation {
		t.Errorf("%s: severity %d", code, d.Severity)
	}
	if len(d.Data) == 0 || diagMessage(d) == "" {
		t.Errorf("%s: no data or message", code)
	}
}

// cleanSettings is a production settings module with no DJS001.
const cleanSettings = `import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
`

func TestTypingDebugAppearsAndDisappears(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	u := c.open(filepath.Join(dir, "settings.py"), 1, cleanSettings)
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("v1: unexpected DJS001 %v", got)
	}
	// Type "DEBUG = True" on the empty last line (line 4), a few keys at a time.
	c.change(u, 2, edit(4, 0, 4, 0, "DEB"))
	c.change(u, 3, edit(4, 3, 4, 3, "UG = Tr"))
	c.change(u, 4, edit(4, 10, 4, 10, "ue\n"))
	pub := c.waitPublish(u, 4)
	got := withCode(pub.Diagnostics, "DJS001")
	if len(got) != 1 || fmtRange(got[0].Range) != "4:8-4:12" {
		t.Fatalf("v4: DJS001 = %v, want one at 4:8-4:12", got)
	}
	if got[0].Severity != protocol.DiagnosticSeverityError {
		t.Errorf("DJS001 severity = %d, want error", got[0].Severity)
	}
	// Delete the line again.
	c.change(u, 5, edit(4, 0, 5, 0, ""))
	if got := withCode(c.waitPublish(u, 5).Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("v5: DJS001 still there: %v", got)
	}
}

func TestNonASCIIAndLineEndingsGiveExactRanges(t *testing.T) {
	cases := []struct {
		name    string
		enc     string
		encoded posEncoding
		newline string
		// X = "😀" ends at this column in the encoding; DEBUG's True then
		// sits at col+10 .. col+14.
		col uint32
	}{
		{"utf16-crlf", `["utf-16"]`, encUTF16, "\r\n", 8},
		{"utf16-cr", `["utf-16"]`, encUTF16, "\r", 8},
		{"utf16-lf", `[]`, encUTF16, "\n", 8},
		{"utf8-crlf", `["utf-8"]`, encUTF8, "\r\n", 10},
		{"utf32-crlf", `["utf-32"]`, encUTF32, "\r\n", 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
			c := startServer(t, nil)
			c.initialize(dir, `{"general":{"positionEncodings":`+tc.enc+`}}`, "")
			nl := tc.newline
			text := "import os" + nl + "# é日本語 😀 comment" + nl + `SECRET_KEY = os.environ["K"]` + nl + `X = "😀"` + nl
			u := c.open(filepath.Join(dir, "settings.py"), 1, text)
			c.waitPublish(u, 1)
			c.change(u, 2, edit(3, tc.col, 3, tc.col, "; DEBUG = True"))
			got := withCode(c.waitPublish(u, 2).Diagnostics, "DJS001")
			want := fmt.Sprintf("3:%d-3:%d", tc.col+10, tc.col+14)
			if len(got) != 1 || fmtRange(got[0].Range) != want {
				t.Fatalf("DJS001 = %v, want one at %s", got, want)
			}
			// The reference agrees on what that range covers.
			text = text[:strings.Index(text, `"😀"`)+len(`"😀"`)] + "; DEBUG = True" + nl
			start := refOffset(text, got[0].Range.Start, tc.encoded)
			end := refOffset(text, got[0].Range.End, tc.encoded)
			if start < 0 || end < 0 || text[start:end] != "True" {
				t.Fatalf("range covers %q, want True", text[max(start, 0):max(end, 0)])
			}
		})
	}
}

func TestBaseChangeReportsInheritedValueInBase(t *testing.T) {
	root := copyTree(t, filepath.Join(corpus.Dir(t), "cookie"))
	base := filepath.Join(root, "config", "settings", "base.py")
	prod := filepath.Join(root, "config", "settings", "production.py")
	baseText, _ := os.ReadFile(base)
	prodText, _ := os.ReadFile(prod)
	c := startServer(t, nil)
	c.initialize(root, "", "")
	bu := c.open(base, 1, string(baseText))
	pu := c.open(prod, 1, string(prodText))
	c.barrier(bu)
	c.barrier(pu)
	if got := withCode(c.latest()[string(pu)].Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("production.py starts with DJS001: %v", got)
	}
	before := len(c.publications())

	// base.py: DEBUG = env.bool("DJANGO_DEBUG", False) -> True
	lines := strings.Split(string(baseText), "\n")
	line := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "DEBUG = ") {
			line = i
		}
	}
	if line < 0 {
		t.Fatal("no DEBUG in base.py")
	}
	c.change(bu, 2, edit(uint32(line), 0, uint32(line), uint32(len(lines[line])), "DEBUG = True"))
	// The inherited value is reported where it is written, in base.py (a
	// fragment), and names production.py, through which it reaches
	// production.
	c.waitUntil("base.py republished with DJS001", func() bool {
		for _, m := range c.notes[before:] {
			if m.Method != protocol.MethodTextDocumentPublishDiagnostics {
				continue
			}
			p := decodePublication(t, m)
			if p.URI == string(bu) && len(withCode(p.Diagnostics, "DJS001")) > 0 {
				if !p.HasVersion || p.Version != 2 {
					t.Errorf("base.py published with version %v/%d, want 2", p.HasVersion, p.Version)
				}
				d := withCode(p.Diagnostics, "DJS001")[0]
				if d.Range.Start.Line != uint32(line) {
					t.Errorf("DJS001 at %s, want on base.py line %d", fmtRange(d.Range), line+1)
				}
				found := false
				for _, rel := range d.RelatedInformation {
					if rel.Location.URI == pu {
						found = true
					}
				}
				if !found {
					t.Errorf("base.py DJS001 lacks relatedInformation naming production.py: %+v", d.RelatedInformation)
				}
				return true
			}
		}
		return false
	})
	if got := withCode(c.latest()[string(pu)].Diagnostics, "DJS001"); len(got) != 0 {
		t.Errorf("production.py also reports the inherited DEBUG: %v", got)
	}
}

func codeActions(t *testing.T, c *testClient, u uri.URI, r protocol.Range, only []protocol.CodeActionKind, diags ...protocol.Diagnostic) []*protocol.CodeAction {
	t.Helper()
	var raw []protocol.CommandOrCodeAction
	c.callOK(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range:        r,
		Context:      protocol.CodeActionContext{Diagnostics: diags, Only: only},
	}, &raw)
	var out []*protocol.CodeAction
	for _, a := range raw {
		if ca, ok := a.(*protocol.CodeAction); ok {
			out = append(out, ca)
		}
	}
	return out
}

// editsFor returns the text edits an action makes to u, checking that they
// are bound to version.
func editsFor(t *testing.T, a *protocol.CodeAction, u uri.URI, version int32) []protocol.TextEdit {
	t.Helper()
	var out []protocol.TextEdit
	if a.Edit == nil {
		t.Fatalf("%q has no edit", a.Title)
	}
	for _, dc := range a.Edit.DocumentChanges {
		tde, ok := dc.(*protocol.TextDocumentEdit)
		if !ok || tde.TextDocument.URI != u {
			continue
		}
		if tde.TextDocument.Version == nil {
			t.Errorf("%q: edit bound to no version, want %d", a.Title, version)
		} else if *tde.TextDocument.Version != version {
			t.Errorf("%q: edit bound to version %d, want %d", a.Title, *tde.TextDocument.Version, version)
		}
		for _, e := range tde.Edits {
			if te, ok := e.(*protocol.TextEdit); ok {
				out = append(out, *te)
			}
		}
	}
	return out
}

// openEmining opens a copy of the emining corpus settings at version 1 and
// returns its first published diagnostics.
func openEmining(t *testing.T) (c *testClient, u uri.URI, orig []byte, diags []protocol.Diagnostic) {
	t.Helper()
	root := copyTree(t, filepath.Join(corpus.Dir(t), "emining"))
	path := filepath.Join(root, "emining", "settings.py")
	orig, _ = os.ReadFile(path)
	c = startServer(t, nil)
	c.initialize(root, "", "")
	u = c.open(path, 1, string(orig))
	return c, u, orig, c.waitPublish(u, 1).Diagnostics
}

func TestCodeActionsRemoveTheirFinding(t *testing.T) {
	c, u, orig, diags := openEmining(t)
	version := int32(1)
	if len(diags) == 0 {
		t.Fatal("no diagnostics on emining/settings.py")
	}
	tried := 0
	for _, d := range diags {
		code := diagCode(d)
		n := len(codeActions(t, c, u, d.Range, []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}, d))
		for i := 0; i < n; i++ {
			// Ask again each time: the edits are bound to the current version.
			a := codeActions(t, c, u, d.Range, []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}, d)[i]
			if !strings.Contains(a.Title, code) && !actionFor(a, code) {
				continue // an action for another finding on the same line
			}
			edits := editsFor(t, a, u, version)
			if len(edits) == 0 {
				continue // the fix edits another file
			}
			tried++
			fixed := applyEdits(string(orig), edits, encUTF16)
			version++
			c.change(u, version, &protocol.TextDocumentContentChangeWholeDocument{Text: fixed})
			after := c.waitPublish(u, version).Diagnostics
			if n, was := len(withCode(after, code)), len(withCode(diags, code)); n >= was {
				t.Errorf("%s: %q left %d %s findings (had %d)", code, a.Title, n, code, was)
			}
			version++
			c.change(u, version, &protocol.TextDocumentContentChangeWholeDocument{Text: string(orig)})
			c.waitPublish(u, version)
		}
	}
	if tried == 0 {
		t.Fatal("no quick fix offered on any finding")
	}
}

// TestSourceActionsFixAllAndProductionBlock applies fix-all and the
// production security block as source actions.
func TestSourceActionsFixAllAndProductionBlock(t *testing.T) {
	c, u, orig, diags := openEmining(t)
	version := int32(1)
	for _, kind := range []protocol.CodeActionKind{kindFixAll, kindProductionBlock} {
		actions := codeActions(t, c, u, protocol.Range{}, []protocol.CodeActionKind{kind})
		if len(actions) != 1 || actions[0].Kind == nil || *actions[0].Kind != kind {
			t.Fatalf("%s: got %d actions, want 1", kind, len(actions))
		}
		fixed := applyEdits(string(orig), editsFor(t, actions[0], u, version), encUTF16)
		version++
		c.change(u, version, &protocol.TextDocumentContentChangeWholeDocument{Text: fixed})
		after := c.waitPublish(u, version).Diagnostics
		gone, kept := []string{"DJS309", "DJS701", "DJS901"}, []string{"DJS001", "DJS002", "DJS004", "DJS501", "DJS601"}
		if kind == kindProductionBlock {
			gone, kept = []string{"DJS101", "DJS102", "DJS201", "DJS203"}, []string{"DJS001", "DJS002"}
		}
		for _, code := range gone {
			if len(withCode(diags, code)) == 0 || len(withCode(after, code)) != 0 {
				t.Errorf("%s: %s before %d, after %d; want some, then none", kind, code, len(withCode(diags, code)), len(withCode(after, code)))
			}
		}
		for _, code := range kept {
			if len(withCode(after, code)) == 0 {
				t.Errorf("%s removed %s, whose fix is unsafe (or not its business)", kind, code)
			}
		}
		if again := codeActions(t, c, u, protocol.Range{}, []protocol.CodeActionKind{kind}); len(again) != 0 {
			t.Errorf("%s offered again after applying it: %q", kind, again[0].Title)
		}
		version++
		c.change(u, version, &protocol.TextDocumentContentChangeWholeDocument{Text: string(orig)})
		c.waitPublish(u, version)
	}
}

func typingEdit(r *rand.Rand, text string) (start, end int, repl string) {
	start, _, _ = randomEdit(r, text)
	if r.IntN(10) < 6 {
		// Insert at a line start: never inside a quote run such as """.
		for start > 0 && text[start-1] != '\n' && text[start-1] != '\r' {
			start--
		}
		return start, start, []string{" ", "x", "\n", "# é😀 note\n", "DEBUG = True\n", "1"}[r.IntN(6)]
	}
	end = start
	for n := 1 + r.IntN(2); n > 0 && end < len(text); n-- {
		c, size := utf8.DecodeRuneInString(text[end:])
		if strings.ContainsRune("'\"()[]{}\r\n", c) {
			break
		}
		end += size
	}
	return start, end, ""
}

// actionFor reports whether a code action names a diagnostic with code.
func actionFor(a *protocol.CodeAction, code string) bool {
	for _, d := range a.Diagnostics {
		if diagCode(d) == code {
			return true
		}
	}
	return false
}
