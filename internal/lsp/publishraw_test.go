package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestPublishParamsSpelledAsTheEncoder checks the params sendRaw builds
// around diagnostics encoded once against protocol's own encoding.
func TestPublishParamsSpelledAsTheEncoder(t *testing.T) {
	diag := []protocol.Diagnostic{{
		Range:   protocol.Range{Start: protocol.Position{Line: 3, Character: 8}, End: protocol.Position{Line: 3, Character: 12}},
		Code:    protocol.String("DJS001"),
		Source:  protocol.NewOptional("djls"),
		Message: protocol.String(`DEBUG is "True" <here> & é`),
	}}
	for _, tc := range []struct {
		uri     uri.URI
		version int32
		diags   []protocol.Diagnostic
	}{
		{"file:///p/settings.py", 7, diag},
		{"file:///p/a%3Ab%20c.py", 0, diag},
		{"file:///p/gone.py", -1, []protocol.Diagnostic{}},
		{"untitled:Untitled-1", 2147483647, []protocol.Diagnostic{}},
	} {
		p := &protocol.PublishDiagnosticsParams{URI: tc.uri, Diagnostics: tc.diags}
		if tc.version >= 0 {
			p.Version = protocol.NewOptional(tc.version)
		}
		want, err := protocol.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendPublishParams(nil, tc.uri, tc.version, appendDiagnosticsJSON(nil, tc.diags))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s v%d:\n got %s\nwant %s", tc.uri, tc.version, got, want)
		}
	}
}
