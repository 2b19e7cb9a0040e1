package fix

// The exported edit-building primitives a rule's fix builder works with
// (internal/rules): every edit is exact, minimal, and in the file's style.

import (
	"github.com/djls-dev/djls/internal/textpos"
	"github.com/djls-dev/djls/internal/treesitter"
)

// Build runs a rule's fix builder on t and returns its quick fix (nil when
// the builder declines, or when t has no text to fix). projectFile says the
// finding's rule judges project files (.gitignore, requirements): their
// builders get no settings module.
func Build(t Target, projectFile bool, build func(*Builder) *Fix) []Fix {
	b := &Builder{t: t}
	if !projectFile {
		f := t.Finding
		if t.Module == nil {
			return nil
		}
		b.src = &src{path: f.Path, text: t.Text, root: t.Module.Root(), style: DetectStyle(t.Module)}
		if b.root == nil || f.Start > len(b.text) || f.End > len(b.text) {
			return nil
		}
		b.node = nodeAt(b.root, f.Start, f.End)
	}
	fx := build(b)
	if fx == nil || len(fx.Edits) == 0 {
		return nil
	}
	fx.Kind, fx.Code = KindQuickFix, t.Finding.Code
	// The finding's own fix is what Ctrl+. Enter should apply, even when
	// unsafe: it is asked for, one at a time, and its title says so.
	fx.Preferred = true
	return []Fix{*fx}
}

// Target returns what the fix is for.
func (b *Builder) Target() Target { return b.t }

// Path is the finding's file.
func (b *Builder) Path() string { return b.t.Finding.Path }

// Text is the finding's file's text (the offsets refer to it).
func (b *Builder) Text() []byte { return b.t.Text }

// Node is the innermost syntax node spanning the finding (nil for project files).
func (b *Builder) Node() *treesitter.Node { return b.node }

// Style is how the module writes settings.
func (b *Builder) Style() Style {
	if b.src == nil {
		return Style{}
	}
	return b.style
}

// NL converts "\n" in generated text to the file's line break.
func (b *Builder) NL(text string) string { return b.nl(text) }

// Replace replaces a node's text.
func (b *Builder) Replace(n *treesitter.Node, text string) Edit { return b.replace(n, text) }

// RemoveStatement deletes a statement's lines; a block left empty gets `pass`.
func (b *Builder) RemoveStatement(stmt *treesitter.Node) Edit { return b.removeStatement(stmt) }

// InsertAfterStatement adds lines after stmt at its indentation.
func (b *Builder) InsertAfterStatement(stmt *treesitter.Node, lines string) Edit {
	return b.insertAfterStatement(stmt, lines)
}

// AppendToModule adds lines at the end of the file, after one blank line.
func (b *Builder) AppendToModule(lines string) Edit { return b.appendToModule(lines) }

// InsertElement inserts entry text at index i of a list/dict/tuple literal.
func (b *Builder) InsertElement(container *treesitter.Node, i int, entry string) Edit {
	return b.insertElement(container, i, entry)
}

// RemoveElement deletes one entry of a list/dict literal with its comma.
func (b *Builder) RemoveElement(container, el *treesitter.Node) Edit {
	return b.removeElement(container, el)
}

// RemoveArgument deletes one call argument with its separating comma.
func (b *Builder) RemoveArgument(arg *treesitter.Node) Edit { return b.removeArgument(arg) }

// AssignmentOf returns the assignment `NAME = ...` enclosing n.
func (b *Builder) AssignmentOf(n *treesitter.Node, name string) *treesitter.Node {
	return b.assignmentOf(n, name)
}

// LastAssignment finds the last `NAME = ...` at top level or in an
// if/try/with block.
func (b *Builder) LastAssignment(name string) *treesitter.Node { return b.lastAssignment(name) }

// SettingContainer returns the literal of one of types this module assigns
// to a setting (the last assignment), or nil.
func (b *Builder) SettingContainer(setting string, types ...string) *treesitter.Node {
	return b.settingContainer(setting, types...)
}

// DictEntry returns the pair of a dict literal whose key is the string key.
func (b *Builder) DictEntry(dict *treesitter.Node, key string) *treesitter.Node {
	return b.dictEntry(dict, key)
}

// DefaultArgument returns the env-read default argument n is (or is in).
func (b *Builder) DefaultArgument(n *treesitter.Node) *treesitter.Node { return b.defaultArgument(n) }

// InheritedFrom returns the star-import statement the finding sits on (the
// setting's value comes from another module), or nil.
func (b *Builder) InheritedFrom() *treesitter.Node { return b.inheritedFrom() }

// OverrideAfter sets a setting after the star import that brought the bad
// value in, with the imports e needs.
func (b *Builder) OverrideAfter(imp *treesitter.Node, setting string, e Expr) []Edit {
	return b.overrideAfter(imp, setting, e)
}

// EnvVarOf returns the env var a setting already reads, else a new name.
func (b *Builder) EnvVarOf(setting string) string { return b.envVarOf(setting) }

// WithImports returns edit followed by the import edits the expressions need.
func (b *Builder) WithImports(edit Edit, es ...Expr) []Edit {
	var needs []need
	for _, e := range es {
		needs = append(needs, e.needs...)
	}
	return append([]Edit{edit}, b.importEdits(needs)...)
}

// Ancestor returns n or its nearest ancestor of one of types.
func Ancestor(n *treesitter.Node, types ...string) *treesitter.Node { return ancestor(n, types...) }

// StatementOf returns the statement (a child of a module or block) holding n.
func StatementOf(n *treesitter.Node) *treesitter.Node { return statementOf(n) }

// Elements are a list's or dict's entries (comments skipped).
func Elements(container *treesitter.Node) []*treesitter.Node { return elements(container) }

// StringValue returns a plain string literal's contents ("" otherwise).
func StringValue(n *treesitter.Node, text []byte) string { return stringValue(n, text) }

// IndentAt is the leading whitespace of off's line.
func IndentAt(text []byte, off int) string { return indentAt(text, off) }

// LineAfter is line as a new line following text (which may lack a final
// line break), ending in nl.
func LineAfter(text []byte, line, nl string) string {
	if textpos.EndsInLine(text) {
		return nl + line + nl
	}
	return line + nl
}

// NewlineStyle is the line break text uses ("\n" when it has none).
func NewlineStyle(text []byte) string { return newlineStyle(text) }

// Expr is a Python expression plus the names it needs imported.
type Expr = expr

// Text is the expression's source.
func (e expr) Text() string { return e.text }

// Q quotes a string in the module's quote style.
func (s Style) Q(str string) string { return s.q(str) }

// BoolRead reads a boolean env var with a default.
func (s Style) BoolRead(name string, def bool) Expr { return s.boolRead(name, def) }

// IntRead reads an integer env var with a default.
func (s Style) IntRead(name, def string) Expr { return s.intRead(name, def) }

// StrRead reads a string env var with a default.
func (s Style) StrRead(name, def string) Expr { return s.strRead(name, def) }

// RequiredStr reads a required string env var.
func (s Style) RequiredStr(name string) Expr { return s.requiredStr(name) }

// RequiredList reads a required comma-separated env var as a list.
func (s Style) RequiredList(name string) Expr { return s.requiredList(name) }

// EnvVar is the env var name the module's convention gives a setting.
func (s Style) EnvVar(setting string) string { return s.envVar(setting) }
