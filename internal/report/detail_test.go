package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/finding"
)

// detailReport is one finding with a headline and a detail.
func detailReport() *Report {
	return &Report{Files: 1, Items: []Item{{
		Finding: finding.Finding{
			Code: "DJS001", Name: "debug-enabled", Severity: finding.Error, DjangoCheck: "security.W018",
			Message: "DEBUG defaults to True when $DJANGO_DEBUG is unset",
			Detail:  "DJANGO_DEBUG is unset in production, so default='True' applies.",
		},
		RelPath: "app/settings.py", Line: 3, Column: 9, EndLine: 3, EndColumn: 30,
	}}}
}

// TestTextPrintsTheDetailUnderTheHeadline: the headline on the finding's
// line, the detail indented on the next.
func TestTextPrintsTheDetailUnderTheHeadline(t *testing.T) {
	var b bytes.Buffer
	Text(&b, detailReport(), false)
	want := "app/settings.py:3:9: DJS001 [error] DEBUG defaults to True when $DJANGO_DEBUG is unset\n" +
		"    DJANGO_DEBUG is unset in production, so default='True' applies.\n"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("text:\n%s\nwant it to start with:\n%s", b.String(), want)
	}
}

// TestJSONAndSARIFCarryTheDetail: JSON has "detail" beside "message";
// SARIF's message.text is the headline alone and properties.detail the
// detail; a GitHub annotation shows both.
func TestJSONAndSARIFCarryTheDetail(t *testing.T) {
	r := detailReport()
	var j bytes.Buffer
	if err := JSON(&j, r, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct{ Message, Detail string }
	}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil || len(doc.Findings) != 1 ||
		doc.Findings[0].Message != r.Items[0].Message || doc.Findings[0].Detail != r.Items[0].Detail {
		t.Errorf("json: %v\n%s", err, j.String())
	}

	var s bytes.Buffer
	if err := SARIF(&s, r, "test", nil, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Message    struct{ Text string }
				Properties map[string]string
			}
		}
	}
	if err := json.Unmarshal(s.Bytes(), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("sarif: %v\n%s", err, s.String())
	}
	res := log.Runs[0].Results[0]
	if res.Message.Text != r.Items[0].Message || res.Properties["detail"] != r.Items[0].Detail || res.Properties["django_check"] != "security.W018" {
		t.Errorf("sarif result: %+v", res)
	}

	var g bytes.Buffer
	GitHub(&g, r)
	if !strings.Contains(g.String(), "::DEBUG defaults to True when $DJANGO_DEBUG is unset%0A%0ADJANGO_DEBUG is unset") {
		t.Errorf("github: %s", g.String())
	}
}
