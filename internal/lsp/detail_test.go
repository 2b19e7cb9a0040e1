package lsp

import (
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
)

// detailFinding is a finding with a headline, a detail and a related place.
func detailFinding() diagnostics.Finding {
	return diagnostics.Finding{
		Code: "DJS001", Name: "debug-enabled", Severity: diagnostics.Error,
		Location: diagnostics.Location{Path: "/p/settings.py", Start: 8, End: 12},
		Message:  "DEBUG defaults to True when $DJANGO_DEBUG is unset",
		Detail:   "DJANGO_DEBUG is unset in production, so default='True' applies.",
		Setting:  "DEBUG",
		Related:  []diagnostics.Related{{Location: diagnostics.Location{Path: "/p/base.py", Start: 0, End: 5}, Message: "DEBUG reaches production through this module"}},
	}
}

// TestDiagnosticDetailIsRelatedInformation: the diagnostic's message is the
// headline alone; the detail is the first related information, on the
// finding's own range, before the finding's related places.
func TestDiagnosticDetailIsRelatedInformation(t *testing.T) {
	text := []byte("import os\nDEBUG = True\n")
	f := detailFinding()
	f.Start, f.End = 10, 15
	res := &engine.Result{Files: map[string]*engine.FileResult{
		"/p/settings.py": {Path: "/p/settings.py", Text: text, Findings: []diagnostics.Finding{f}},
		"/p/base.py":     {Path: "/p/base.py", Text: []byte("from .x import *\n")},
	}}
	s := newServer(Options{})
	diags := s.toDiagnostics(res, res.Files["/p/settings.py"], nil, encUTF16)
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1", len(diags))
	}
	d := diags[0]
	if msg := diagMessage(d); msg != f.Message {
		t.Errorf("message = %q, want the headline %q", msg, f.Message)
	}
	rel := d.RelatedInformation
	if len(rel) != 2 || rel[0].Message != f.Detail || rel[0].Location.URI != "file:///p/settings.py" ||
		fmtRange(rel[0].Location.Range) != fmtRange(d.Range) || rel[1].Message != f.Related[0].Message {
		t.Errorf("related = %+v", rel)
	}
}

// TestHoverShowsTheDetail: hover on a setting lists its finding's headline
// and, under it, the detail.
func TestHoverShowsTheDetail(t *testing.T) {
	info := &engine.SettingInfo{Name: "DEBUG", Value: "True", Findings: []diagnostics.Finding{detailFinding()}}
	got := hoverText(info, true)
	want := "- DJS001 (error): DEBUG defaults to True when $DJANGO_DEBUG is unset  \n  DJANGO_DEBUG is unset in production, so default='True' applies."
	if !strings.Contains(got, want) {
		t.Errorf("hover:\n%s\nwant it to hold:\n%s", got, want)
	}
}
