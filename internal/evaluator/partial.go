package evaluator

import (
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// Partly known values (../shared/rules.md, "More of what real modules do").
// What cannot be followed exactly keeps what is sure:
//
//   - a list, tuple or set that had an item still has it after appends of
//     unknown items, a loop of appends, an extension under an unknown
//     condition or an insert at an unknown index: it holds *at least* its
//     known members. Presence of a member is known; absence is not (the
//     list may hold it), so "missing" findings need an exact list;
//   - a string with unknown parts keeps its known prefix
//     (f"sqlite:///{BASE_DIR}/db.sqlite3" is a SQLite URL). Rules that look
//     at a prefix (a URL scheme) may use it; equality and length may not.
//
// Both are Kind Unknown with Partial set, so that everything that needs the
// exact value already treats them as unknown.

// atLeast builds a sequence of kind that holds at least the known values
// among groups of items. It stays within MaxValueSize by keeping fewer
// members, which is still true of the sequence.
func atLeast(kind Kind, span Span, groups ...[]*Value) *Value {
	out := &Value{Kind: Unknown, Partial: kind, Span: span}
	total := 1
	for _, items := range groups {
		for _, it := range items {
			if it.IsUnknown() && it.Partial == Unknown {
				continue
			}
			if total += 1 + size(it); total > MaxValueSize {
				return out
			}
			out.Items = append(out.Items, it)
		}
	}
	return out
}

// prefixString builds a string known to start with prefix; with no prefix
// nothing is known.
func prefixString(prefix string, like *Value) *Value {
	if prefix == "" {
		return unknown()
	}
	if len(prefix) >= MaxValueSize {
		prefix = prefix[:MaxValueSize-1] // a shorter prefix is still true
	}
	out := &Value{Kind: Unknown, Partial: Str, Str: prefix}
	if like != nil {
		out.Span, out.Env, out.FromDebug = like.Span, like.Env, like.FromDebug
	}
	return out
}

// IsPartialSequence reports a sequence known to hold at least its Items.
func (v *Value) IsPartialSequence() bool {
	return v != nil && v.Kind == Unknown && (v.Partial == List || v.Partial == Tuple || v.Partial == Set)
}

// Members returns the items a sequence surely holds: every item of a known
// sequence (exact), or the known members of a partial one. ok is false
// for anything else.
func (v *Value) Members() (items []*Value, exact, ok bool) {
	switch {
	case v.IsSequence():
		return v.Items, true, true
	case v.IsPartialSequence():
		return v.Items, false, true
	}
	return nil, false, false
}

// seqKind is the kind of a known or partial sequence.
func (v *Value) seqKind() Kind {
	if v.IsPartialSequence() {
		return v.Partial
	}
	return v.Kind
}

// Holds reports whether a sequence holds the string s. known is false when
// that cannot be told: the sequence is unknown, or s is not among its
// known items while it may hold more (unknown items, or a partial list).
func (v *Value) Holds(s string) (present, known bool) {
	items, exact, ok := v.Members()
	if !ok {
		return false, false
	}
	for _, it := range items {
		if it.Kind == Str && it.Str == s {
			return true, true
		}
	}
	return false, exact && !v.HasUnknownItems()
}

// KnownPrefix returns how a string starts: all of a known string (whole),
// or the known prefix of a partial one. ok is false when nothing is known.
func (v *Value) KnownPrefix() (prefix string, whole, ok bool) {
	switch {
	case v == nil:
		return "", false, false
	case v.Kind == Str:
		return v.Str, true, true
	case v.Kind == Unknown && v.Partial == Str:
		return v.Str, false, true
	}
	return "", false, false
}

func (v *Value) partialTruth() (truth, ok bool) {
	if v.Kind != Unknown {
		return false, false
	}
	switch {
	case v.IsPartialSequence() && len(v.Items) > 0:
		return true, true
	case v.Partial == Str && v.Str != "":
		return true, true
	}
	return false, false
}

func (v *Value) partialRepr(b *strings.Builder, depth int) {
	if v.Partial == Str {
		b.WriteString("<" + pyQuote(v.Str) + "...>")
		return
	}
	b.WriteString("<at least ")
	(&Value{Kind: v.Partial, Items: v.Items}).repr(b, depth)
	b.WriteString(">")
}

// plainUnknown reports a value of which nothing at all is known (a
// library call's result included).
func plainUnknown(v *Value) bool { return v.IsUnknown() && v.Partial == Unknown }

// partialOp applies + (and % on a format string) where a side is not
// fully known; ok is false when the operator's usual rules apply.
func (ev *evaluator) partialOp(op string, l, r *Value, sp Span) (*Value, bool) {
	switch op {
	case "+":
		if lp, whole, ok := l.KnownPrefix(); ok && l.Kind != Bytes {
			switch {
			case !whole:
				return prefixString(lp, l), true
			case plainUnknown(r):
				return prefixString(lp, l), true
			case r.Partial == Str:
				return prefixString(lp+r.Str, l), true
			}
			return nil, false
		}
		lm, lexact, lok := l.Members()
		rm, rexact, rok := r.Members()
		switch {
		case lok && rok && (!lexact || !rexact):
			if l.seqKind() != r.seqKind() {
				return unknown(), true // list + tuple: TypeError
			}
			return atLeast(l.seqKind(), l.Span, lm, rm), true
		case lok && plainUnknown(r):
			return atLeast(l.seqKind(), l.Span, lm), true
		case rok && plainUnknown(l):
			return atLeast(r.seqKind(), r.Span, rm), true
		}
	case "%":
		// "sqlite:///%s/db.sqlite3" % BASE_DIR keeps what comes before %s.
		if l.Kind == Str {
			if i := strings.IndexByte(l.Str, '%'); i >= 0 && !strings.HasPrefix(l.Str[i:], "%%") {
				return prefixString(l.Str[:i], l), true
			}
		}
	}
	return nil, false
}

// extendMembers returns a sequence that holds v's items and more: exact
// when v is exact and more is a known sequence, else partial.
func extendMembers(v, more *Value) *Value {
	vm, vexact, _ := v.Members()
	mm, mexact, mok := more.Members()
	if vexact && mok && mexact {
		c := *v
		c.sz = 0
		c.Items = append(append([]*Value(nil), v.Items...), more.Items...)
		return &c
	}
	return atLeast(v.seqKind(), v.Span, vm, mm)
}

// mergeUnknown is what a name holds after two ways that left it different
// (maybe): the members both ways hold, or the prefix both ways share;
// otherwise unknown.
func (ev *evaluator) mergeUnknown(a, b *Value) *Value {
	am, _, aok := a.Members()
	bm, _, bok := b.Members()
	if aok && bok && a.seqKind() == b.seqKind() {
		ev.charge(len(am) + len(bm))
		return atLeast(a.seqKind(), b.Span, commonMembers(am, bm))
	}
	ap, _, aok := a.KnownPrefix()
	bp, _, bok := b.KnownPrefix()
	if aok && bok && a.Kind != Bytes && b.Kind != Bytes {
		n := 0
		for n < len(ap) && n < len(bp) && ap[n] == bp[n] {
			n++
		}
		return prefixString(ap[:n], b)
	}
	return unknown()
}

// commonMembers keeps the items of b that a holds too: the same value
// (both ways started from it) or an equal string.
func commonMembers(a, b []*Value) []*Value {
	same := make(map[*Value]bool, len(a))
	strs := map[string]bool{}
	for _, it := range a {
		same[it] = true
		if it.Kind == Str {
			strs[it.Str] = true
		}
	}
	var out []*Value
	for _, it := range b {
		if same[it] || (it.Kind == Str && strs[it.Str]) {
			out = append(out, it)
		}
	}
	return out
}

// fstringPrefix is the known start of an f-string: its text up to the
// first placeholder.
func (ev *evaluator) fstringPrefix(n, firstInterpolation, end *treesitter.Node) *Value {
	if end == nil || firstInterpolation.StartByte < n.StartByte {
		return unknown()
	}
	head := string(ev.src.text[n.StartByte:firstInterpolation.StartByte])
	s, isBytes, ok := decodeString(head + ev.text(end))
	if !ok || isBytes {
		return unknown()
	}
	return prefixString(s, &Value{Span: ev.span(n)})
}

// partialMethod applies list methods whose result is only partly known:
// any method of a partial list, extend() of an unknown iterable, insert()
// at an unknown index. handled is false when mutatingMethod's exact rules
// apply.
func (ev *evaluator) partialMethod(v *Value, method string, a *args) (*Value, bool) {
	kind := v.seqKind()
	if kind != List && kind != Set {
		return nil, false
	}
	partial := v.IsPartialSequence()
	switch {
	case (method == "append" || method == "add") && len(a.pos) == 1 && partial:
		return atLeast(kind, v.Span, v.Items, a.pos), true
	case method == "insert" && kind == List && len(a.pos) == 2 && (partial || a.pos[0].Kind != Int):
		return atLeast(kind, v.Span, v.Items, a.pos[1:]), true
	case method == "extend" && kind == List && len(a.pos) == 1 && (partial || !a.pos[0].IsSequence()):
		return extendMembers(v, a.pos[0]), true
	case (method == "remove" || method == "discard") && len(a.pos) == 1 && partial:
		var keep []*Value
		for _, it := range v.Items {
			if e, ok := ev.eq(it, a.pos[0]); !ok || !e {
				keep = append(keep, it)
			}
		}
		return atLeast(kind, v.Span, keep), true
	case partial && (method == "clear" || method == "pop"):
		return unknown(), true // nothing sure is left
	case partial:
		return v, true // sort(), reverse(), index(), ...: the members stay
	}
	return nil, false
}

// partialDatabaseURL reads the engine from a database URL whose scheme is
// known (f"sqlite:///{BASE_DIR}/db.sqlite3"); the rest stays unknown.
func partialDatabaseURL(v *Value) *Value {
	scheme, _, found := strings.Cut(v.Str, "://")
	if !found {
		return unknown()
	}
	db, ok := ParseDatabaseURL(scheme + "://host/name")
	if !ok {
		return unknown()
	}
	return &Value{Kind: Dict, Span: v.Span, Env: v.Env,
		Keys:  []*Value{{Kind: Str, Str: "ENGINE"}, {Kind: Str, Str: "NAME"}},
		Items: []*Value{{Kind: Str, Str: db["ENGINE"], Span: v.Span, Env: v.Env}, unknown()}}
}

// formatPrefix is "sqlite:///{}/db.sqlite3".format(BASE_DIR): the text
// before the first placeholder ("{{" is a literal brace).
func formatPrefix(recv *Value) *Value {
	s := recv.Str
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"), strings.HasPrefix(s[i:], "}}"):
			b.WriteByte(s[i])
			i++
		case s[i] == '{':
			return prefixString(b.String(), recv)
		default:
			b.WriteByte(s[i])
		}
	}
	// No placeholder: the string itself (arguments are ignored).
	c := *recv
	return &c
}
