package fix

// Source surgery: finding nodes by byte range and building minimal edits on
// whole lines, list elements and dict entries, so a fix touches nothing
// outside what it changes.

import (
	"strings"

	"github.com/djls-dev/djls/internal/textpos"
	"github.com/djls-dev/djls/internal/treesitter"
)

// src is one file being fixed.
type src struct {
	path  string
	text  []byte
	root  *treesitter.Node
	style Style
}

// nodeAt returns the innermost node spanning exactly [start, end), else the
// innermost node covering it.
func nodeAt(root *treesitter.Node, start, end int) *treesitter.Node {
	var best *treesitter.Node
	n := root
	for n != nil {
		if int(n.StartByte) <= start && end <= int(n.EndByte) {
			best = n
		}
		var next *treesitter.Node
		for _, c := range n.Children {
			if int(c.StartByte) <= start && end <= int(c.EndByte) && c.EndByte > c.StartByte {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	// Prefer the outermost of nodes sharing the exact span but skip wrappers
	// (an expression_statement around an assignment).
	for best != nil && best.Parent != nil && best.Parent.StartByte == best.StartByte && best.Parent.EndByte == best.EndByte &&
		best.Parent.Type() != "expression_statement" && best.Parent.Type() != "module" && best.Parent.Type() != "block" {
		best = best.Parent
	}
	return best
}

// InsideString reports whether offset lies strictly inside a string literal
// under root (on a line of a multi-line string, say).
func InsideString(root *treesitter.Node, offset int) bool {
	str := ancestor(nodeAt(root, offset, offset), "string")
	return str != nil && int(str.StartByte) < offset && offset < int(str.EndByte)
}

// ancestor returns n or its nearest ancestor of one of the types.
func ancestor(n *treesitter.Node, types ...string) *treesitter.Node {
	for ; n != nil; n = n.Parent {
		for _, t := range types {
			if n.Type() == t {
				return n
			}
		}
	}
	return nil
}

// assignmentOf returns the assignment `NAME = ...` enclosing n.
func (s *src) assignmentOf(n *treesitter.Node, name string) *treesitter.Node {
	for a := ancestor(n, "assignment"); a != nil; a = ancestor(a.Parent, "assignment") {
		if l := a.ChildByField("left"); l != nil && l.Type() == "identifier" && l.Text(s.text) == name {
			return a
		}
	}
	return nil
}

// statementOf returns the statement (a child of a module or block) holding n.
func statementOf(n *treesitter.Node) *treesitter.Node {
	for ; n != nil && n.Parent != nil; n = n.Parent {
		if n.Parent.Type() == "module" || n.Parent.Type() == "block" {
			return n
		}
	}
	return nil
}

// lastAssignment finds the last `NAME = ...` at top level or in an
// if/try/with block.
func (s *src) lastAssignment(name string) *treesitter.Node {
	var found *treesitter.Node
	var walk func(n *treesitter.Node)
	walk = func(n *treesitter.Node) {
		for _, c := range n.Children {
			switch c.Type() {
			case "expression_statement":
				for _, e := range c.NamedChildren() {
					if l := e.ChildByField("left"); e.Type() == "assignment" && l != nil && l.Type() == "identifier" && l.Text(s.text) == name {
						found = e
					}
				}
			case "if_statement", "block", "else_clause", "elif_clause", "try_statement", "with_statement", "except_clause", "finally_clause":
				walk(c)
			}
		}
	}
	walk(s.root)
	return found
}

// indentAt is the leading whitespace of off's line.
func indentAt(text []byte, off int) string {
	start := textpos.LineStart(text, off)
	end := start
	for end < len(text) && (text[end] == ' ' || text[end] == '\t') {
		end++
	}
	return string(text[start:end])
}

// ownsLines reports whether [start, end) has only whitespace before it on
// its first line and only whitespace or a comment after it on its last.
func ownsLines(text []byte, start, end int) bool {
	if strings.TrimSpace(string(text[textpos.LineStart(text, start):start])) != "" {
		return false
	}
	rest := strings.TrimSpace(string(text[end:textpos.LineEnd(text, end)]))
	return rest == "" || strings.HasPrefix(rest, "#") || rest == ","
}

// nl converts "\n" in generated text to the file's line break.
func (s *src) nl(text string) string {
	if s.style.Newline == "\n" {
		return text
	}
	return strings.ReplaceAll(text, "\n", s.style.Newline)
}

// replace replaces a node's text.
func (s *src) replace(n *treesitter.Node, text string) Edit {
	return Edit{Path: s.path, Start: int(n.StartByte), End: int(n.EndByte), NewText: text}
}

// removeStatement deletes a statement's lines; a block left empty gets `pass`.
func (s *src) removeStatement(stmt *treesitter.Node) Edit {
	if stmt.Parent != nil && stmt.Parent.Type() == "block" && len(stmt.Parent.NamedChildren()) == 1 {
		return s.replace(stmt, "pass")
	}
	start, end := int(stmt.StartByte), int(stmt.EndByte)
	if !ownsLines(s.text, start, end) {
		// Shares its line (a; b): remove the statement text only.
		return Edit{Path: s.path, Start: start, End: end, NewText: "pass"}
	}
	from, to := textpos.LineStart(s.text, start), textpos.NextLine(s.text, end)
	if blankBefore(s.text, from) && to < len(s.text) && blankLine(s.text, to) {
		to = textpos.NextLine(s.text, to) // don't leave two blank lines where one was
	}
	return Edit{Path: s.path, Start: from, End: to}
}

// blankLine reports whether the line starting at off is empty or spaces.
func blankLine(text []byte, off int) bool {
	return strings.TrimSpace(string(text[off:textpos.LineEnd(text, off)])) == ""
}

// blankBefore reports whether the line before the one starting at off is blank.
func blankBefore(text []byte, off int) bool {
	return off > 0 && blankLine(text, textpos.LineStart(text, max(off-1, 0)))
}

// insertAfterStatement adds lines after stmt at its indentation.
func (s *src) insertAfterStatement(stmt *treesitter.Node, lines string) Edit {
	at := textpos.NextLine(s.text, int(stmt.EndByte))
	indent := indentAt(s.text, int(stmt.StartByte))
	text := indentLines(lines, indent)
	if at == len(s.text) && (len(s.text) == 0 || textpos.EndsInLine(s.text)) {
		text = "\n" + strings.TrimSuffix(text, "\n") + "\n"
	}
	return Edit{Path: s.path, Start: at, End: at, NewText: s.nl(text)}
}

// appendToModule adds lines at the end of the file, after one blank line.
func (s *src) appendToModule(lines string) Edit {
	at := len(s.text)
	trimmed := strings.TrimRight(string(s.text), " \t\r\n")
	prefix := ""
	switch tail := string(s.text[len(trimmed):]); {
	case len(trimmed) == 0:
	case strings.Count(tail, "\n") >= 2:
	case strings.Count(tail, "\n") == 1 || strings.Count(tail, "\r") == 1:
		prefix = "\n"
	default:
		prefix = "\n\n"
	}
	return Edit{Path: s.path, Start: at, End: at, NewText: s.nl(prefix + lines)}
}

// indentLines prefixes every non-empty line with indent; lines end in "\n".
func indentLines(lines, indent string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(lines, "\n"), "\n") {
		if l != "" {
			b.WriteString(indent)
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// elements are a list's or dict's entries (comments skipped).
func elements(container *treesitter.Node) []*treesitter.Node {
	return container.NamedChildren()
}

// multiline reports whether a container puts its entries on their own lines.
func (s *src) multiline(container *treesitter.Node) bool {
	els := elements(container)
	if len(els) == 0 {
		return strings.ContainsAny(container.Text(s.text), "\n\r")
	}
	return ownsLines(s.text, int(els[0].StartByte), int(els[0].EndByte)) && textpos.LineStart(s.text, int(els[0].StartByte)) != textpos.LineStart(s.text, int(container.StartByte))
}

// insertElement inserts entry text at index i of a list/dict/tuple literal.
func (s *src) insertElement(container *treesitter.Node, i int, entry string) Edit {
	els := elements(container)
	if s.multiline(container) {
		var indent string
		var at int
		switch {
		case len(els) == 0:
			indent = indentAt(s.text, int(container.StartByte)) + s.style.Indent
			at = textpos.NextLine(s.text, int(container.StartByte))
		case i < len(els):
			indent = indentAt(s.text, int(els[i].StartByte))
			at = textpos.LineStart(s.text, int(els[i].StartByte))
			if at+len(indent) != int(els[i].StartByte) {
				// Another entry comes first on its line: go right before it.
				at = int(els[i].StartByte)
				return Edit{Path: s.path, Start: at, End: at, NewText: entry + ", "}
			}
		default:
			last := els[len(els)-1]
			indent = indentAt(s.text, int(last.StartByte))
			end := s.afterComma(last)
			if end == int(last.EndByte) {
				// The last entry has no trailing comma: add one.
				return Edit{Path: s.path, Start: end, End: end, NewText: s.nl(",\n" + indent + entry + ",")}
			}
			if int(container.EndByte) <= textpos.LineEnd(s.text, end) {
				// The closing bracket follows on the same line: `"a",]`.
				return Edit{Path: s.path, Start: end, End: end, NewText: s.nl("\n" + indent + entry + ",")}
			}
			at = textpos.NextLine(s.text, end)
		}
		return Edit{Path: s.path, Start: at, End: at, NewText: s.nl(indent + entry + ",\n")}
	}
	switch {
	case len(els) == 0:
		at := int(container.StartByte) + 1
		return Edit{Path: s.path, Start: at, End: at, NewText: entry}
	case i < len(els):
		at := int(els[i].StartByte)
		return Edit{Path: s.path, Start: at, End: at, NewText: entry + ", "}
	default:
		at := int(els[len(els)-1].EndByte)
		return Edit{Path: s.path, Start: at, End: at, NewText: ", " + entry}
	}
}

// afterComma returns the offset after n's trailing comma, or n's end.
func (s *src) afterComma(n *treesitter.Node) int {
	for i := int(n.EndByte); i < len(s.text); i++ {
		switch s.text[i] {
		case ' ', '\t':
			continue
		case ',':
			return i + 1
		}
		break
	}
	return int(n.EndByte)
}

// removeElement deletes one entry of a list/dict literal with its comma.
func (s *src) removeElement(container, el *treesitter.Node) Edit {
	els := elements(container)
	start, end := int(el.StartByte), s.afterComma(el)
	if ownsLines(s.text, start, end) && s.multiline(container) {
		return Edit{Path: s.path, Start: textpos.LineStart(s.text, start), End: textpos.NextLine(s.text, end)}
	}
	// Inline: take the following space, or the preceding ", " for the last entry.
	for end < len(s.text) && s.text[end] == ' ' {
		end++
	}
	if len(els) > 1 && el == els[len(els)-1] && end == int(el.EndByte) {
		prev := els[len(els)-2]
		start = int(prev.EndByte)
	}
	return Edit{Path: s.path, Start: start, End: end}
}

// dictEntry returns the pair of a dict literal whose key is the string key.
func (s *src) dictEntry(dict *treesitter.Node, key string) *treesitter.Node {
	if dict == nil || dict.Type() != "dictionary" {
		return nil
	}
	for _, p := range dict.NamedChildren() {
		if p.Type() == "pair" && stringValue(p.ChildByField("key"), s.text) == key {
			return p
		}
	}
	return nil
}

// stringValue returns a plain string literal's contents ("" otherwise).
func stringValue(n *treesitter.Node, text []byte) string {
	if n == nil || n.Type() != "string" {
		return ""
	}
	t := strings.TrimLeft(n.Text(text), "rRuU")
	if len(t) >= 2 && (t[0] == '\'' || t[0] == '"') && t[len(t)-1] == t[0] {
		return t[1 : len(t)-1]
	}
	return ""
}

// importEdits adds what an expression needs and the module lacks, once,
// after the module's imports.
func (s *src) importEdits(needs []need) []Edit {
	var lines []string
	var edits []Edit
	seen := map[need]bool{}
	for _, n := range needs {
		if seen[n] {
			continue
		}
		seen[n] = true
		switch n {
		case needOS:
			if s.style.OS == "" {
				lines = append(lines, "import os")
			}
		case needConfig:
			if s.style.Config == "" {
				if e, ok := s.extendImport("decouple", "config"); ok {
					edits = append(edits, e)
				} else if seen[needCsv] || contains(needs, needCsv) && s.style.Csv == "" {
					lines = append(lines, "from decouple import Csv, config")
					seen[needCsv] = true
				} else {
					lines = append(lines, "from decouple import config")
				}
			}
		case needCsv:
			if s.style.Csv == "" {
				if e, ok := s.extendImport("decouple", "Csv"); ok {
					edits = append(edits, e)
				} else {
					lines = append(lines, "from decouple import Csv")
				}
			}
		case needEnv:
			if s.style.Env == "" {
				lines = append(lines, "import environ", "", "env = environ.Env()")
			}
		}
	}
	if len(lines) == 0 {
		return edits
	}
	return append(edits, s.insertImport(strings.Join(lines, "\n")+"\n"))
}

func contains(needs []need, n need) bool {
	for _, x := range needs {
		if x == n {
			return true
		}
	}
	return false
}

// extendImport adds name to an existing `from module import ...`.
func (s *src) extendImport(module, name string) (Edit, bool) {
	for _, c := range s.root.Children {
		if c.Type() != "import_from_statement" {
			continue
		}
		mod := c.ChildByField("module_name")
		if mod == nil || mod.Text(s.text) != module {
			continue
		}
		var last *treesitter.Node
		for _, n := range c.Children {
			if n.Field() == "name" {
				last = n
			}
		}
		if last == nil {
			continue
		}
		at := int(last.EndByte)
		return Edit{Path: s.path, Start: at, End: at, NewText: ", " + name}, true
	}
	return Edit{}, false
}

// insertImport puts lines after the module's first block of imports, else
// after its docstring, else before its first statement.
func (s *src) insertImport(lines string) Edit {
	var after, first *treesitter.Node
	for _, c := range s.root.Children {
		if c.Type() == "comment" {
			continue
		}
		if first == nil {
			first = c
		}
		if c.Type() == "import_statement" || c.Type() == "import_from_statement" || c.Type() == "future_import_statement" {
			after = c
			continue
		}
		if after == nil && c == first && isDocstring(c) {
			after = c
			continue
		}
		break
	}
	switch {
	case after == nil && first == nil:
		return Edit{Path: s.path, Start: len(s.text), End: len(s.text), NewText: s.nl(lines)}
	case after == nil:
		at := textpos.LineStart(s.text, int(first.StartByte))
		return Edit{Path: s.path, Start: at, End: at, NewText: s.nl(lines + "\n")}
	}
	at := textpos.NextLine(s.text, int(after.EndByte))
	if isDocstring(after) {
		lines = "\n" + lines
	}
	if at == len(s.text) && textpos.EndsInLine(s.text) {
		lines = "\n" + lines
	}
	return Edit{Path: s.path, Start: at, End: at, NewText: s.nl(lines)}
}

func isDocstring(n *treesitter.Node) bool {
	kids := n.NamedChildren()
	return n.Type() == "expression_statement" && len(kids) == 1 && kids[0].Type() == "string"
}
