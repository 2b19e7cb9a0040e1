package evaluator

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Kind is a Python value's type as far as the evaluator can tell.
type Kind uint8

const (
	Unknown Kind = iota // a value that cannot be known statically
	None
	Bool
	Int
	Float
	Str
	Bytes
	List
	Tuple
	Set
	Dict
	Object // a module, function or library object, named by Ref
)

// Span is a byte range in one file.
type Span struct {
	File       string
	Start, End int
}

// Valid reports whether the span points somewhere.
func (s Span) Valid() bool { return s.File != "" && s.End >= s.Start }

// EnvRead describes a read of an environment variable.
type EnvRead struct {
	Var     string // the variable's name, "" when computed
	Library string // "os", "decouple", "environ", "dj_database_url", "config" (a config file)
	Call    Span   // the whole read expression
	Default Span   // the default argument, when one is given
	// DefaultText is the default's source text, for messages: where a
	// helper's parameter carried the default, the call's argument as
	// written there, never the parameter's name.
	DefaultText string
	HasDefault  bool
	Required    bool   // no default: a missing variable stops start-up (secure)
	Cast        string // "bool", "int", "list", "Csv", "db", ... as written
}

// Value is what an expression evaluates to in the production world.
// Values are immutable once built; mutation copies.
type Value struct {
	Int   int64
	Str   string   // Str, Bytes; also the Ref of an Object
	Items []*Value // List, Tuple, Set; Dict values
	Keys  []*Value // Dict keys, parallel to Items

	// Span is the source that decides this value: the literal, or the
	// default argument of an env read; a finding on the value sits here.
	Span Span
	// Env is set when the value is an env read's default (or required).
	Env *EnvRead
	// more holds what few values have (a float, a note, library state).
	more *valueMore

	// The one-byte fields last, in one word with sz: an open module keeps
	// a value for every literal it assigns (TestValueSize).
	Kind Kind
	Bool bool
	// EnvName marks the value of a variable that names the environment; it
	// compares equal to production names ("production", "prod", "live").
	EnvName bool
	// Random marks a value generated at start-up (get_random_secret_key()).
	Random bool
	// Placeholder marks a template placeholder ({{ cookiecutter.x }}).
	Placeholder bool
	// FromDebug marks values derived from DEBUG, which is taken as false.
	FromDebug bool
	// Partial marks an Unknown value that is partly known (partial.go): a
	// List, Tuple or Set that holds at least Items (in no known order, and
	// maybe more), or a Str that starts with Str. Rules that judge
	// membership or a prefix may use it; equality and length stay unknown.
	Partial Kind
	// sz caches size(v)+1 once measured (see bounds.go); 0 is unmeasured.
	sz int32
}

// valueMore is the part of a Value that few values have: behind a
// pointer, so that the common value (a string, a number, a list) takes 144
// bytes, not 176 (TestValueSize). Values are immutable once built: the
// setters below are for a value being built, and copy what they change.
type valueMore struct {
	float float64
	// note explains a non-obvious evaluation ("the string 'False' is truthy").
	note string
	// payload carries library state for Objects: an environ.Env schema, a
	// Csv cast, a helper function.
	payload any
}

// Note explains a non-obvious evaluation ("the string 'False' is
// truthy"), or is "".
func (v *Value) Note() string {
	if v.more == nil {
		return ""
	}
	return v.more.note
}

func (v *Value) float() float64 {
	if v.more == nil {
		return 0
	}
	return v.more.float
}

func (v *Value) payload() any {
	if v.more == nil {
		return nil
	}
	return v.more.payload
}

// withMore sets v's more to a copy of it changed by change (v is being
// built: nothing else holds it yet).
func (v *Value) withMore(change func(*valueMore)) *Value {
	var m valueMore
	if v.more != nil {
		m = *v.more
	}
	change(&m)
	v.more = &m
	return v
}

func (v *Value) setNote(note string) *Value {
	return v.withMore(func(m *valueMore) { m.note = note })
}

func floatVal(f float64, span Span) *Value {
	return (&Value{Kind: Float, Span: span}).withMore(func(m *valueMore) { m.float = f })
}

// objectWith is an Object value carrying library state.
func objectWith(ref string, payload any) *Value {
	if payload == nil { // what payload() reads for no valueMore
		return &Value{Kind: Object, Str: ref}
	}
	return (&Value{Kind: Object, Str: ref}).withMore(func(m *valueMore) { m.payload = payload })
}

var unknownValue = &Value{Kind: Unknown}

func unknown() *Value { return unknownValue }

// IsUnknown reports a value rules cannot judge: unknown, or a library
// object whose value is not followed.
func (v *Value) IsUnknown() bool { return v == nil || v.Kind == Unknown || v.Kind == Object }

// with returns a shallow copy of v carrying span s when v has none.
func (v *Value) withSpan(s Span) *Value {
	if v == nil {
		return nil
	}
	c := *v
	c.Span = s
	return &c
}

// Truth returns Python truthiness; ok is false when it cannot be known.
func (v *Value) Truth() (truth, ok bool) {
	if v == nil {
		return false, false
	}
	switch v.Kind {
	case None:
		return false, true
	case Bool:
		return v.Bool, true
	case Int:
		return v.Int != 0, true
	case Float:
		return v.float() != 0, true
	case Str, Bytes:
		if v.EnvName {
			return true, true
		}
		return v.Str != "", true
	case List, Tuple, Set, Dict:
		return len(v.Items) > 0, true
	}
	// A partial value that holds something is not empty. Library objects
	// and module attributes: unknown (no guessing).
	return v.partialTruth()
}

// IsTrue reports whether v is the literal True (Django's `is True` checks).
func (v *Value) IsTrue() bool { return v != nil && v.Kind == Bool && v.Bool }

// IsSequence reports list, tuple or set.
func (v *Value) IsSequence() bool {
	return v != nil && (v.Kind == List || v.Kind == Tuple || v.Kind == Set)
}

// Get returns the value under a string key of a dict.
func (v *Value) Get(key string) (*Value, bool) {
	if v == nil || v.Kind != Dict {
		return nil, false
	}
	for i := len(v.Keys) - 1; i >= 0; i-- {
		if k := v.Keys[i]; k.Kind == Str && k.Str == key {
			return v.Items[i], true
		}
	}
	return nil, false
}

// Strings returns the string items of a sequence; ok is false when v is
// not a known sequence. Unknown items are skipped.
func (v *Value) Strings() ([]string, bool) {
	if !v.IsSequence() {
		return nil, false
	}
	out := make([]string, 0, len(v.Items))
	for _, it := range v.Items {
		if it.Kind == Str {
			out = append(out, it.Str)
		}
	}
	return out, true
}

// HasUnknownItems reports whether a sequence holds items of unknown value.
func (v *Value) HasUnknownItems() bool {
	for _, it := range v.Items {
		if it.IsUnknown() {
			return true
		}
	}
	return false
}

// ContainsString reports whether a known sequence holds s exactly.
func (v *Value) ContainsString(s string) bool {
	if !v.IsSequence() {
		return false
	}
	for _, it := range v.Items {
		if it.Kind == Str && it.Str == s {
			return true
		}
	}
	return false
}

func strVal(s string, span Span) *Value { return &Value{Kind: Str, Str: s, Span: span} }
func boolVal(b bool, span Span) *Value  { return &Value{Kind: Bool, Bool: b, Span: span} }
func intVal(i int64, span Span) *Value  { return &Value{Kind: Int, Int: i, Span: span} }
func noneVal(span Span) *Value          { return &Value{Kind: None, Span: span} }
func object(ref string) *Value          { return &Value{Kind: Object, Str: ref} }

// Repr renders v the way Python would print it (bounded in length).
func (v *Value) Repr() string {
	var b strings.Builder
	v.repr(&b, 0)
	s := b.String()
	if len(s) > 400 {
		s = s[:397] + "..."
	}
	return s
}

func (v *Value) repr(b *strings.Builder, depth int) {
	if v == nil {
		b.WriteString("<unknown>")
		return
	}
	if depth > 4 {
		b.WriteString("...")
		return
	}
	switch v.Kind {
	case Unknown:
		if v.Partial != Unknown {
			v.partialRepr(b, depth)
			return
		}
		b.WriteString("<unknown>")
	case None:
		b.WriteString("None")
	case Bool:
		if v.Bool {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case Int:
		b.WriteString(strconv.FormatInt(v.Int, 10))
	case Float:
		if f := v.float(); math.IsInf(f, 0) || math.IsNaN(f) {
			b.WriteString(fmt.Sprint(f))
		} else {
			b.WriteString(strconv.FormatFloat(v.float(), 'g', -1, 64))
		}
	case Str:
		b.WriteString(pyQuote(v.Str))
	case Bytes:
		b.WriteString("b" + pyQuote(v.Str))
	case List, Tuple, Set:
		open, close := "[", "]"
		if v.Kind == Tuple {
			open, close = "(", ")"
		} else if v.Kind == Set {
			open, close = "{", "}"
		}
		b.WriteString(open)
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			it.repr(b, depth+1)
		}
		if v.Kind == Tuple && len(v.Items) == 1 {
			b.WriteString(",")
		}
		b.WriteString(close)
	case Dict:
		b.WriteString("{")
		for i := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			v.Keys[i].repr(b, depth+1)
			b.WriteString(": ")
			v.Items[i].repr(b, depth+1)
		}
		b.WriteString("}")
	case Object:
		b.WriteString("<" + v.Str + ">")
	}
}

// pyQuote quotes s like Python's repr of a str.
func pyQuote(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	var b strings.Builder
	b.WriteString(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case string(r) == q:
			b.WriteString(`\` + q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(q)
	return b.String()
}

// equal compares two known values with Python's ==; ok is false when the
// result cannot be known.
func equal(a, b *Value) (eq, ok bool) {
	if a.IsUnknown() || b.IsUnknown() {
		return false, false
	}
	if a.EnvName || b.EnvName {
		other := b
		if b.EnvName {
			other = a
		}
		if other.Kind != Str {
			return false, true
		}
		if other.EnvName {
			return true, true
		}
		return isProductionName(other.Str), true
	}
	switch {
	case isNumeric(a) && isNumeric(b):
		return numeric(a) == numeric(b), true
	case a.Kind == Str && b.Kind == Str, a.Kind == Bytes && b.Kind == Bytes:
		return a.Str == b.Str, true
	case a.Kind == None || b.Kind == None:
		return a.Kind == b.Kind, true
	case a.Kind == Object || b.Kind == Object:
		return false, false
	case a.Kind != b.Kind:
		if (a.Kind == List || a.Kind == Tuple || a.Kind == Dict || a.Kind == Set || a.Kind == Str || a.Kind == Bytes) ||
			(b.Kind == List || b.Kind == Tuple || b.Kind == Dict || b.Kind == Set || b.Kind == Str || b.Kind == Bytes) {
			return false, true
		}
		return false, false
	case a.IsSequence() || a.Kind == Dict:
		if len(a.Items) != len(b.Items) {
			return false, true
		}
		for i := range a.Items {
			e, ok := equal(a.Items[i], b.Items[i])
			if !ok || !e {
				return e, ok
			}
			if a.Kind == Dict {
				e, ok = equal(a.Keys[i], b.Keys[i])
				if !ok || !e {
					return e, ok
				}
			}
		}
		return true, true
	}
	return false, false
}

func isNumeric(v *Value) bool { return v.Kind == Bool || v.Kind == Int || v.Kind == Float }

func numeric(v *Value) float64 {
	switch v.Kind {
	case Bool:
		if v.Bool {
			return 1
		}
		return 0
	case Int:
		return float64(v.Int)
	}
	return v.float()
}

// productionNames are values of an environment-name variable that mean
// production; the production world takes such a variable to equal them.
var productionNames = map[string]bool{"production": true, "prod": true, "prd": true, "live": true}

func isProductionName(s string) bool { return productionNames[strings.ToLower(strings.TrimSpace(s))] }
