package lsp

import (
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// detailInformation carries a finding's detail (why its headline matters
// in production) as the diagnostic's first related information, on the
// finding's own range: the diagnostic's message stays the short headline
// editors show in one line, and VS Code lists the detail under it.
func detailInformation(f diagnostics.Finding, u uri.URI, r protocol.Range) []protocol.DiagnosticRelatedInformation {
	if f.Detail == "" {
		return nil
	}
	return []protocol.DiagnosticRelatedInformation{{
		Location: protocol.Location{URI: u, Range: r},
		Message:  f.Detail,
	}}
}

// findingLine is a finding as hover lists it: the headline, and the
// detail indented under it (after a Markdown hard line break, two spaces,
// so it is not run into the headline).
func findingLine(f diagnostics.Finding) string {
	line := "- " + f.Code + " (" + f.Severity.String() + "): " + f.Message
	if f.Detail != "" {
		line += "  \n  " + f.Detail
	}
	return line + "\n"
}
