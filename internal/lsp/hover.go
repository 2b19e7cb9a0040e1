package lsp

// Hover on a setting name: what Django does with it, the value it takes in
// the production world and where that comes from, and its findings.

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/djangoref"
	"github.com/djls-dev/djls/internal/engine"
)

func handleHover(s *Server, ctx context.Context, p *protocol.HoverParams) (any, error) {
	fa, err := s.analysisOf(ctx, p.TextDocument.URI)
	if err != nil || fa.file == nil {
		return nil, err
	}
	enc, markdown := s.capabilities().enc, s.capabilities().markdown
	offset := fa.m.Offset(int(p.Position.Line), int(p.Position.Character), enc)
	info, ok := fa.a.result.Describe(fa.path, offset)
	if !ok {
		return nil, nil
	}
	r := toRange(fa.m, info.Start, info.End, enc)
	kind := protocol.MarkupKindPlainText
	if markdown {
		kind = protocol.MarkupKindMarkdown
	}
	return &protocol.Hover{
		Contents: &protocol.MarkupContent{Kind: kind, Value: hoverText(info, markdown)},
		Range:    &r,
	}, nil
}

// hoverText renders a setting's description.
func hoverText(info *engine.SettingInfo, markdown bool) string {
	code := func(s string) string {
		if markdown {
			return "`" + strings.ReplaceAll(s, "`", "'") + "`"
		}
		return s
	}
	var b strings.Builder
	ref, known := djangoref.Lookup(info.Name)
	if markdown {
		fmt.Fprintf(&b, "**%s**", info.Name)
	} else {
		b.WriteString(info.Name)
	}
	if known {
		fmt.Fprintf(&b, " — %s\n\n", ref.Doc)
	} else {
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "Production value: %s", code(info.Value))
	if origin := info.Origin; origin != "" {
		if !markdown {
			origin = plainCode(origin)
		}
		fmt.Fprintf(&b, " (%s)", origin)
	}
	b.WriteString("\n\n")
	if known && ref.Default != "" {
		def := "Django default"
		if ref.Package != "" {
			def = ref.Package + " default"
		}
		fmt.Fprintf(&b, "%s: %s", def, code(ref.Default))
		if markdown {
			fmt.Fprintf(&b, " · [documentation](%s)", ref.URL())
		}
		b.WriteString("\n\n")
	}
	for _, f := range info.Findings {
		if f.Silenced {
			continue
		}
		b.WriteString(findingLine(f, markdown))
	}
	return strings.TrimRight(b.String(), "\n")
}

// plainCode turns a message's `inline code` into 'inline code' for a
// client that shows hover text as it is.
func plainCode(s string) string {
	return strings.ReplaceAll(s, "`", "'")
}
