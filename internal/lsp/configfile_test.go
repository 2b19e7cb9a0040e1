package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/rules"
)

// waitDJS001 waits until u's latest publication has n DJS001 findings.
func (c *testClient) waitDJS001(u uri.URI, n int, why string) {
	c.t.Helper()
	c.waitUntil(why, func() bool {
		for i := len(c.notes) - 1; i >= 0; i-- {
			if m := c.notes[i]; m.pubURI == string(u) {
				return len(withCode(decodePublication(c.t, m).Diagnostics, "DJS001")) == n
			}
		}
		return false
	})
}

// waitConfigDiags waits until u's latest publication has n config diagnostics.
func (c *testClient) waitConfigDiags(u uri.URI, n int, why string) []protocol.Diagnostic {
	c.t.Helper()
	var got []protocol.Diagnostic
	c.waitUntil(why, func() bool {
		for i := len(c.notes) - 1; i >= 0; i-- {
			if m := c.notes[i]; m.pubURI == string(u) {
				got = withCode(decodePublication(c.t, m).Diagnostics, configCode)
				return len(got) == n
			}
		}
		return false
	})
	return got
}

// configWarnings lists the showMessage warnings about the configuration.
func (c *testClient) configWarnings(what string) []string {
	var out []string
	for _, m := range c.showMessages() {
		if m.Type == protocol.MessageTypeWarning && strings.Contains(m.Message, what) {
			out = append(out, m.Message)
		}
	}
	return out
}

const (
	badConfig  = "ignore = [\"DJS001\"]\nselekt = [\"DJS002\"]\n"
	goodConfig = "ignore = [\"DJS001\"]\n"
)

// TestBadConfigFileIsADiagnostic: a bad djls-security.toml is an error on
// its line (the key), one warning, and the findings go on with the
// defaults; fixing the file on disk (a watched-file event) clears the
// diagnostic and its ignore takes effect; breaking it again keeps that
// last valid configuration.
func TestBadConfigFileIsADiagnostic(t *testing.T) {
	dir, path := projectWithDebug(t)
	toml := filepath.Join(dir, "djls-security.toml")
	writeFiles(t, dir, map[string]string{"djls-security.toml": badConfig})
	tomlURI := uri.File(toml)
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("DJS001 = %v, want one: the defaults apply while the file is bad", got)
	}
	got := c.waitConfigDiags(tomlURI, 1, "the config diagnostic")
	d := got[0]
	if fmtRange(d.Range) != "1:0-1:6" || d.Severity != protocol.DiagnosticSeverityError || !strings.Contains(diagMessage(d), "selekt") {
		t.Errorf("config diagnostic = %s %v %q, want 1:0-1:6 error naming selekt", fmtRange(d.Range), d.Severity, diagMessage(d))
	}
	if src, _ := d.Source.Get(); src != "djls" {
		t.Errorf("source = %q, want djls", src)
	}
	if w := c.configWarnings("djls-security.toml:2"); len(w) != 1 {
		t.Errorf("warnings = %q, want one naming djls-security.toml:2", w)
	}

	writeFiles(t, dir, map[string]string{"djls-security.toml": goodConfig})
	watched := &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: tomlURI, Type: protocol.FileChangeTypeChanged}}}
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, watched)
	c.waitDJS001(u, 0, "the fixed file's ignore to take effect")
	c.waitConfigDiags(tomlURI, 0, "the config diagnostic to clear")

	writeFiles(t, dir, map[string]string{"djls-security.toml": "ignore = [\"DJS001\"\n"})
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, watched)
	c.waitConfigDiags(tomlURI, 1, "the syntax error's diagnostic")
	c.barrier(u)
	if got := withCode(c.latest()[string(u)].Diagnostics, "DJS001"); len(got) != 0 {
		t.Errorf("DJS001 = %v after a new error, want the last valid ignore kept", got)
	}
	if w := c.configWarnings("bad configuration"); len(w) != 2 {
		t.Errorf("warnings = %q, want two: one per breakage", w)
	}
}

// TestOpenConfigFileIsJudgedAsTypedAndAppliedOnSave: an open
// djls-security.toml shows the errors of its buffer; saving the fixed file
// (didSave) applies it.
func TestOpenConfigFileIsJudgedAsTypedAndAppliedOnSave(t *testing.T) {
	dir, path := projectWithDebug(t)
	toml := filepath.Join(dir, "djls-security.toml")
	writeFiles(t, dir, map[string]string{"djls-security.toml": badConfig})
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	tu := c.open(toml, 1, badConfig)
	if got := withCode(c.waitPublish(tu, 1).Diagnostics, configCode); len(got) != 1 || fmtRange(got[0].Range) != "1:0-1:6" {
		t.Fatalf("open bad file: config diagnostics %v, want one at 1:0-1:6", got)
	}
	c.change(tu, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: goodConfig})
	if got := c.waitPublish(tu, 2).Diagnostics; len(got) != 0 {
		t.Fatalf("fixed buffer: diagnostics %v, want none", got)
	}
	c.barrier(u)
	if got := withCode(c.latest()[string(u)].Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("DJS001 = %v before the save, want one (the file on disk is still bad)", got)
	}
	if err := os.WriteFile(toml, []byte(goodConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: tu}})
	c.waitDJS001(u, 0, "the saved file's ignore to take effect")
	if w := c.configWarnings("bad configuration"); len(w) != 1 {
		t.Errorf("warnings = %q, want one", w)
	}
}

// TestBadEditorSettingsWarnOnceAndKeepTheLastValid: settings of the wrong
// type or naming unknown rules are one warning per distinct error, sent
// again or not, and the last valid settings stay in force.
func TestBadEditorSettingsWarnOnceAndKeepTheLastValid(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, "", `{"ignore":["DJS001"]}`)
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("ignored rule published: %v", got)
	}
	for _, bad := range []string{`{"ignore":"DJS001"}`, `{"ignore":"DJS001"}`, `{"ignore":["DJS9999"]}`} {
		c.notify(protocol.MethodWorkspaceDidChangeConfiguration, json.RawMessage(`{"settings":{"djlsSecurity":`+bad+`}}`))
	}
	c.waitUntil("two warnings", func() bool {
		n := 0
		for _, m := range c.notes {
			if m.Method == protocol.MethodWindowShowMessage && strings.Contains(string(m.Params), "bad editor settings") {
				n++
			}
		}
		return n == 2
	})
	c.barrier(u)
	if got := withCode(c.latest()[string(u)].Diagnostics, "DJS001"); len(got) != 0 {
		t.Errorf("DJS001 = %v, want the last valid ignore kept", got)
	}
	if w := c.configWarnings("bad editor settings"); len(w) != 2 || !strings.Contains(w[0], "the last valid settings") {
		t.Errorf("warnings = %q, want two keeping the last valid settings", w)
	}
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, json.RawMessage(`{"settings":{"djlsSecurity":{"ignore":[]}}}`))
	c.waitDJS001(u, 1, "valid settings to apply again")
}

// TestConfigDiagnosticRanges: an error is placed on its key's last part in
// its line, a syntax error on its line's text; every error of a file is
// one diagnostic.
func TestConfigDiagnosticRanges(t *testing.T) {
	for _, tc := range []struct {
		path, text string
		want       []string
	}{
		{"/p/pyproject.toml", "[project]\nname = \"x\"\n\n[tool.djls-security.severity]\nDJS001 = \"fatal\"\n", []string{"4:0-4:6"}},
		{"/p/djls-security.toml", "selekt = 1\n  ignore = \"DJS001\"\n", []string{"0:0-0:6", "1:2-1:8"}},
		{"/p/djls-security.toml", "ignore = [\n  \"DJS001\"\n  ,,\n]\n", []string{"2:2-2:4"}},
	} {
		_, err := config.LoadText(tc.path, []byte(tc.text), rules.KnownRuleOrPrefix)
		var got []string
		for _, e := range configErrors(err) {
			d := configDiagnostic(e, newMapper([]byte(tc.text)), encUTF16)
			if d.Severity != protocol.DiagnosticSeverityError || diagCode(d) != configCode {
				t.Errorf("%q: diagnostic %+v, want an error with code config", tc.text, d)
			}
			got = append(got, fmtRange(d.Range))
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%q: ranges %v, want %v (err %v)", tc.text, got, tc.want, err)
		}
	}
}

// TestPulledConfigDiagnostics: a client that pulls diagnostics gets an open
// configuration file's errors from textDocument/diagnostic.
func TestPulledConfigDiagnostics(t *testing.T) {
	dir, _ := projectWithDebug(t)
	toml := filepath.Join(dir, "djls-security.toml")
	writeFiles(t, dir, map[string]string{"djls-security.toml": badConfig})
	c := startServer(t, nil)
	c.initialize(dir, `{"textDocument":{"diagnostic":{}}}`, "")
	tu := c.open(toml, 1, badConfig)
	var report protocol.RelatedFullDocumentDiagnosticReport
	c.callOK(protocol.MethodTextDocumentDiagnostic, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: tu}}, &report)
	if got := withCode(report.Items, configCode); len(got) != 1 || fmtRange(got[0].Range) != "1:0-1:6" {
		t.Fatalf("pulled config diagnostics = %v, want one at 1:0-1:6", got)
	}
}
