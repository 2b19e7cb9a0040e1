package fix

// The fix recipes several rules share (require a setting from the
// environment, set or remove a setting) and the Builder a rule's own fix
// builder receives. A builder returns nil when it cannot fix the finding
// exactly (a computed value, a list built elsewhere): no fix is better than
// a guess.

import (
	"regexp"
	"strings"
	"sync"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/treesitter"
)

// Target is what fixing one finding needs.
type Target struct {
	Finding diagnostics.Finding
	Module  *evaluator.Module // settings module of the finding's file; nil for project files
	Text    []byte            // the text of the finding's file (the offsets refer to it)
	Project *project.Project
	// Dedicated is set when the module is a production-only module (split
	// settings): the production block goes in unguarded.
	Dedicated bool
}

// UnsafeNote ends the title of a fix that makes start-up fail until an env
// var is set.
const UnsafeNote = " (unsafe: start-up fails until it is set)"

// Builder builds the fix of one finding: a rule's fix builder receives it
// (see Build). Its methods are the edit primitives; for a project-file
// finding only Target, Path and Text are set.
type Builder struct {
	*src
	t    Target
	node *treesitter.Node
}

// withImports appends the import edits an expression needs.
func (b *Builder) withImports(e expr, edits ...Edit) []Edit {
	return append(edits, b.importEdits(e.needs)...)
}

// inheritedFrom returns the star-import statement the finding sits on (the
// setting's value comes from another module), or nil.
func (b *Builder) inheritedFrom() *treesitter.Node {
	if b.node == nil {
		return nil
	}
	return ancestor(b.node, "import_from_statement")
}

// envVarOf returns the env var a setting already reads, else a new name.
func (b *Builder) envVarOf(setting string) string {
	if bind := b.t.Module.Setting(setting); bind != nil && bind.Value != nil && bind.Value.Env != nil && bind.Value.Env.Var != "" {
		return bind.Value.Env.Var
	}
	return b.style.envVar(setting)
}

// overrideAfter sets a setting in this module after the star import that
// brought the bad value in (after the whole import block it belongs to).
// The imports e needs come first: a new import line may be inserted at the
// same offset, and edits at one offset apply in order.
func (b *Builder) overrideAfter(imp *treesitter.Node, setting string, e expr) []Edit {
	return append(b.importEdits(e.needs), b.insertAfterImportBlock(imp, setting+" = "+e.text))
}

// Require makes a setting (or the secret inside it) a required env read.
func (b *Builder) Require(setting string, list bool) *Fix {
	fx := &Fix{Title: "Require " + setting + " from the environment" + UnsafeNote}
	if imp := b.inheritedFrom(); imp != nil {
		fx.Edits = b.overrideAfter(imp, setting, b.requiredRead(setting, list))
		return fx
	}
	if b.node == nil {
		return nil
	}
	// An env read's default: drop it so the read becomes required.
	if arg := b.defaultArgument(b.node); arg != nil {
		call := arg.Parent.Parent
		fn := call.ChildByField("function").Text(b.text)
		if v := stringValue(call.ChildByField("arguments").NamedChildren()[0], b.text); v != "" {
			fx.Title = "Require " + v + " from the environment" + UnsafeNote
		}
		if strings.HasSuffix(fn, "environ.get") || strings.HasSuffix(fn, "getenv") {
			key := call.ChildByField("arguments").NamedChildren()[0]
			fx.Edits = b.withImports(expr{needs: []need{needOS}}, b.replace(call, b.style.osName()+".environ["+key.Text(b.text)+"]"))
			return fx
		}
		fx.Edits = []Edit{b.removeArgument(arg)}
		return fx
	}
	// A secret inside a dict: {'PASSWORD': 'x'} -> {'PASSWORD': config('DATABASE_PASSWORD')}.
	if b.node.Field() == "value" && b.node.Parent.Type() == "pair" && !list {
		key := stringValue(b.node.Parent.ChildByField("key"), b.text)
		if key == "" {
			return nil
		}
		name := setting + "_" + strings.ToUpper(key)
		if setting == "DATABASES" {
			name = "DATABASE_" + strings.ToUpper(key)
		}
		fx.Title = "Require " + key + " from the environment" + UnsafeNote
		e := b.style.requiredStr(b.style.envVar(name))
		fx.Edits = b.withImports(e, b.replace(b.node, e.text))
		return fx
	}
	asg := b.assignmentOf(b.node, setting)
	if asg == nil {
		return nil
	}
	e := b.requiredRead(setting, list)
	fx.Edits = b.withImports(e, b.replace(asg.ChildByField("right"), e.text))
	return fx
}

// requiredRead is a required env read of the setting's variable: a
// comma-separated list when list is set.
func (b *Builder) requiredRead(setting string, list bool) expr {
	if list {
		return b.style.requiredList(b.envVarOf(setting))
	}
	return b.style.requiredStr(b.envVarOf(setting))
}

// defaultArgument returns the env-read default argument n is (or is in):
// a `default=` keyword or a positional argument after the variable name.
func (s *src) defaultArgument(n *treesitter.Node) *treesitter.Node {
	for ; n != nil; n = n.Parent {
		if n.Parent == nil || n.Parent.Type() != "argument_list" {
			continue
		}
		if !s.isEnvCall(n.Parent.Parent) {
			return nil
		}
		if n.Type() == "keyword_argument" {
			if n.ChildByField("name").Text(s.text) == "default" {
				return n
			}
			return nil
		}
		if args := n.Parent.NamedChildren(); len(args) > 1 && args[1] == n {
			return n
		}
		return nil
	}
	return nil
}

// envCallRE matches the call spellings whose default is an env default.
var envCallRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|\.)(config|env|getenv|get|str|bool|int|float|list|tuple|json|db|db_url|url|cache|cache_url|email|email_url|search_url|setdefault)$`)
})

func (s *src) isEnvCall(call *treesitter.Node) bool {
	if call == nil || call.Type() != "call" {
		return false
	}
	fn := call.ChildByField("function")
	return fn != nil && envCallRE().MatchString(fn.Text(s.text))
}

// removeArgument deletes one argument with its separating comma.
func (b *Builder) removeArgument(arg *treesitter.Node) Edit {
	args := arg.Parent.NamedChildren()
	i := 0
	for i < len(args) && args[i] != arg {
		i++
	}
	switch {
	case i > 0:
		return Edit{Path: b.path, Start: int(args[i-1].EndByte), End: int(arg.EndByte)}
	case len(args) > 1:
		return Edit{Path: b.path, Start: int(arg.StartByte), End: int(args[1].StartByte)}
	}
	return Edit{Path: b.path, Start: int(arg.StartByte), End: b.afterComma(arg)}
}

// SetValue gives a setting a literal value: in place when this module
// assigns it, after the star import when it inherits it.
func (b *Builder) SetValue(setting, value string, safe bool) *Fix {
	title := "Set " + setting + " = " + value
	if !safe {
		title += " (unsafe: check nothing relies on the old value)"
	}
	fx := &Fix{Title: title, Safe: safe}
	if imp := b.inheritedFrom(); imp != nil {
		fx.Edits = []Edit{b.insertAfterImportBlock(imp, setting+" = "+value)}
		return fx
	}
	asg := b.assignmentOf(b.node, setting)
	if asg == nil {
		asg = b.lastAssignment(setting)
	}
	if asg == nil {
		// Unset, and Django's default is unsafe: add it after the MIDDLEWARE
		// or DEBUG statement the finding sits on.
		stmt := statementOf(b.node)
		if stmt == nil {
			return nil
		}
		fx.Edits = []Edit{b.insertAfterStatement(stmt, setting+" = "+value)}
		return fx
	}
	fx.Edits = []Edit{b.replace(asg.ChildByField("right"), value)}
	return fx
}

// RemoveSetting deletes a setting's assignment in this module.
func (b *Builder) RemoveSetting(setting, title string, safe bool) *Fix {
	asg := b.assignmentOf(b.node, setting)
	if asg == nil {
		return nil
	}
	return &Fix{Title: title, Safe: safe, Edits: []Edit{b.removeStatement(statementOf(asg))}}
}

// settingContainer returns the list/dict literal this module assigns to a
// setting (the last assignment), or nil.
func (b *Builder) settingContainer(setting string, types ...string) *treesitter.Node {
	asg := b.lastAssignment(setting)
	if asg == nil {
		return nil
	}
	right := asg.ChildByField("right")
	for _, t := range types {
		if right != nil && right.Type() == t {
			return right
		}
	}
	return nil
}
