package lsp

// Completion of Django setting names at the start of a top-level
// assignment, and of the accepted values of enumerated settings and of
// middleware paths inside MIDDLEWARE. It reads the current document only:
// no analysis is needed.

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/djangoref"
	"github.com/djls-dev/djls/internal/textpos"
	"github.com/djls-dev/djls/internal/treesitter"
)

func handleCompletion(s *Server, ctx context.Context, p *protocol.CompletionParams) (any, error) {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	doc := s.docs[path]
	enc := s.capabilities().enc
	s.mu.Unlock()
	if doc == nil || doc.tree == nil {
		return nil, nil
	}
	offset := doc.m.Offset(int(p.Position.Line), int(p.Position.Character), enc)
	list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	if start, ok := settingNameStart(doc.text, offset); ok {
		edit := textEdit(doc.m, start, offset, enc)
		for _, st := range djangoref.Settings() {
			list.Items = append(list.Items, protocol.CompletionItem{
				Label:         st.Name,
				Kind:          protocol.CompletionItemKindConstant,
				Detail:        protocol.NewOptional("default " + st.Default),
				Documentation: protocol.String(st.Doc),
				TextEdit:      withText(edit, st.Name),
			})
		}
		return list, nil
	}
	str, setting := stringInSetting(doc.tree.Root(), doc.text, offset)
	if str == nil {
		return list, nil
	}
	var values []string
	if setting == "MIDDLEWARE" {
		values = djangoref.Middleware
	} else if st, ok := djangoref.Lookup(setting); ok {
		values = st.Values
	}
	contentStart, contentEnd := stringContent(str, doc.text)
	edit := textEdit(doc.m, contentStart, max(offset, contentEnd), enc)
	for _, v := range values {
		list.Items = append(list.Items, protocol.CompletionItem{
			Label:    v,
			Kind:     protocol.CompletionItemKindEnumMember,
			TextEdit: withText(edit, v),
		})
	}
	return list, nil
}

func textEdit(m *mapper, start, end int, enc posEncoding) protocol.TextEdit {
	return protocol.TextEdit{Range: toRange(m, start, end, enc)}
}

func withText(e protocol.TextEdit, text string) *protocol.TextEdit {
	e.NewText = text
	return &e
}

// settingNameStart reports whether offset ends an identifier (possibly
// empty) that starts at column 0: the start of a top-level assignment. It
// returns the identifier's start.
func settingNameStart(text []byte, offset int) (int, bool) {
	i := offset
	for i > 0 && isIdentByte(text[i-1]) {
		i--
	}
	atLineStart := textpos.LineStart(text, i) == i
	if !atLineStart || (i < offset && text[i] >= '0' && text[i] <= '9') {
		return 0, false
	}
	// Only when the rest of the line is empty: not inside an existing name.
	if offset < len(text) && isIdentByte(text[offset]) {
		return 0, false
	}
	return i, true
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// stringInSetting finds the string literal around offset and the top-level
// setting it is assigned to (directly or as an element of a list or tuple).
func stringInSetting(root *treesitter.Node, text []byte, offset int) (*treesitter.Node, string) {
	n := deepest(root, offset)
	for n != nil && n.Type() != "string" {
		n = n.Parent
	}
	if n == nil {
		return nil, ""
	}
	str := n
	for p := str.Parent; p != nil; p = p.Parent {
		switch p.Type() {
		case "list", "tuple", "parenthesized_expression", "expression_list":
			continue
		case "assignment", "augmented_assignment":
			left := p.ChildByField("left")
			if left == nil || left.Type() != "identifier" || p.Parent == nil || p.Parent.Type() != "expression_statement" ||
				p.Parent.Parent == nil || p.Parent.Parent.Type() != "module" {
				return nil, ""
			}
			return str, left.Text(text)
		}
		return nil, ""
	}
	return nil, ""
}

// deepest returns the innermost node whose range holds offset.
func deepest(n *treesitter.Node, offset int) *treesitter.Node {
	for {
		var next *treesitter.Node
		for _, c := range n.Children {
			if int(c.StartByte) <= offset && offset <= int(c.EndByte) && c.EndByte > c.StartByte {
				next = c
				if offset < int(c.EndByte) {
					break
				}
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
}

// stringContent returns the byte range between a string's quotes (the
// syntax tree keeps string literals as single nodes).
func stringContent(str *treesitter.Node, text []byte) (int, int) {
	start, end := int(str.StartByte), min(int(str.EndByte), len(text))
	for start < end && strings.IndexByte("rRbBuUfF", text[start]) >= 0 {
		start++
	}
	quote := ""
	if start < end && (text[start] == '"' || text[start] == '\'') {
		quote = string(text[start])
		if end-start >= 6 && string(text[start:start+3]) == strings.Repeat(quote, 3) {
			quote = strings.Repeat(quote, 3)
		}
	}
	start += len(quote)
	if quote != "" && end-len(quote) >= start && string(text[end-len(quote):end]) == quote {
		end -= len(quote)
	}
	return start, max(start, end)
}
