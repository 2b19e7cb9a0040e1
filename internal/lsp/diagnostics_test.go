package lsp

import (
	"encoding/json"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
)

func TestFindingToDiagnostic(t *testing.T) {
	text := []byte("é = 1\r\nUSE_L10N = True\r\n")
	other := []byte("DEBUG = True\n")
	res := &engine.Result{Files: map[string]*engine.FileResult{
		"/p/settings.py": {Path: "/p/settings.py", Text: text, Findings: []diagnostics.Finding{
			{
				Code: "DJS701", Name: "obsolete-setting", Severity: diagnostics.Warning, DjangoCheck: "",
				Location: diagnostics.Location{Path: "/p/settings.py", Start: 8, End: 23},
				Message:  "USE_L10N has no effect since Django 5.0", Setting: "USE_L10N",
				Tags:    []diagnostics.Tag{diagnostics.TagDeprecated, diagnostics.TagUnnecessary},
				Related: []diagnostics.Related{{Location: diagnostics.Location{Path: "/p/base.py", Start: 8, End: 12}, Message: "DEBUG set here"}},
			},
			{Code: "DJS001", Severity: diagnostics.Error, Silenced: true, Location: diagnostics.Location{Path: "/p/settings.py"}},
		}},
		"/p/base.py": {Path: "/p/base.py", Text: other},
	}}
	s := newServer(Options{})
	diags := s.toDiagnostics(res, res.Files["/p/settings.py"], nil, encUTF16)
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1 (the silenced one is left out)", len(diags))
	}
	d := diags[0]
	if fmtRange(d.Range) != "1:0-1:15" || diagCode(d) != "DJS701" || d.Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("diagnostic = %s %s sev %d", fmtRange(d.Range), diagCode(d), d.Severity)
	}
	if tags := d.Tags.Slice(); len(tags) != 2 || tags[0] != protocol.DiagnosticTagDeprecated || tags[1] != protocol.DiagnosticTagUnnecessary {
		t.Errorf("tags = %v", tags)
	}
	if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != "file:///p/base.py" ||
		fmtRange(d.RelatedInformation[0].Location.Range) != "0:8-0:12" || d.RelatedInformation[0].Message != "DEBUG set here" {
		t.Errorf("related = %+v", d.RelatedInformation)
	}
	var data diagnosticData
	if err := json.Unmarshal(d.Data, &data); err != nil || data.Start != 8 || data.End != 23 || data.Setting != "USE_L10N" || data.Name != "obsolete-setting" {
		t.Errorf("data = %s (%v)", d.Data, err)
	}
	if src, _ := d.Source.Get(); src != "djls" {
		t.Errorf("source = %q", src)
	}
}
