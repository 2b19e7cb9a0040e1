package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestHoverPlainText: a client whose hover.contentFormat lacks markdown
// (or names none) gets plain text, without markdown syntax.
func TestHoverPlainText(t *testing.T) {
	for _, caps := range []string{
		`{"textDocument":{"hover":{"contentFormat":["plaintext"]}}}`,
		`{"textDocument":{"hover":{}}}`,
		``,
	} {
		t.Run(caps, func(t *testing.T) {
			dir, path := projectWithDebug(t)
			c := startServer(t, nil)
			c.initialize(dir, caps, "")
			u := c.open(path, 1, cleanSettings+"DEBUG = True\nINSTALLED_APPS = [\"debug_toolbar\"]\n")
			for _, at := range []struct {
				line uint32
				want []string
			}{
				{4, []string{"DEBUG — ", "Production value: True", "Django default: False", "DJS001"}},
				{5, []string{"INSTALLED_APPS", "under 'if DEBUG:'"}},
			} {
				var h protocol.Hover
				c.callOK(protocol.MethodTextDocumentHover, hoverParams(u, at.line, 2), &h)
				mc, ok := h.Contents.(*protocol.MarkupContent)
				if !ok || mc.Kind != protocol.MarkupKindPlainText {
					t.Fatalf("hover contents = %#v, want plaintext", h.Contents)
				}
				for _, want := range at.want {
					if !strings.Contains(mc.Value, want) {
						t.Errorf("hover lacks %q:\n%s", want, mc.Value)
					}
				}
				for _, markup := range []string{"`", "**", "](", "[documentation]"} {
					if strings.Contains(mc.Value, markup) {
						t.Errorf("plaintext hover holds markdown %q:\n%s", markup, mc.Value)
					}
				}
			}
		})
	}
}
