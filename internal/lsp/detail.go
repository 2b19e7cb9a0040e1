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
// detail indented under it (in Markdown after a hard line break, two
// spaces, so it is not run into the headline; in plain text with inline
// code quoted).
func findingLine(f diagnostics.Finding, markdown bool) string {
	msg, detail, br := f.Message, f.Detail, "  \n  "
	if !markdown {
		msg, detail, br = plainCode(msg), plainCode(detail), "\n  "
	}
	line := "- " + f.Code + " (" + f.Severity.String() + "): " + msg
	if detail != "" {
		line += br + detail
	}
	return line + "\n"
}
