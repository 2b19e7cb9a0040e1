package evaluator

import (
	"iter"
	"slices"
	"strings"

	"github.com/djls-dev/djls/internal/pvec"
)

// Namespace maps names to their bindings: a module's globals, a class
// body's attributes, a helper's locals.
//
// A keystroke rarely changes which names a module binds, so the versions
// of a module share the part of the namespace that says where each name
// lives (a map of the names to slots), and each version keeps only its own
// bindings by slot. Those are a pvec.Vec too, which the next version
// rebuilds from this one's (slots.go): binding a name as this version did
// copies nothing, so a keystroke that rebinds a few names of a 5,000-name
// module copies a chunk or two of slots, not 40 KB of them. The index is
// written only by the namespace that made it; one that shares it (a clone,
// the next version) copies it before it adds a name.
type Namespace struct {
	index *nameIndex
	// The bindings by slot (nil: not bound, yet): vals once sealed or
	// while nothing was written, w while being written (slots.go).
	vals  pvec.Vec[*Binding]
	w     *pvec.Builder[*Binding]
	bound int
	own   bool // index is this namespace's alone: it may add to it
	// log, while set, collects what the statement being recorded reads
	// and writes (effects.go).
	log *effectLog
}

type nameIndex struct {
	slot  map[string]int32
	names []string // by slot
}

// NewNamespace returns an empty namespace.
func NewNamespace() *Namespace {
	return &Namespace{index: &nameIndex{slot: map[string]int32{}}, own: true}
}

// Get returns the binding of name, or nil (also on a nil namespace).
func (ns *Namespace) Get(name string) *Binding {
	if ns == nil {
		return nil
	}
	b := ns.get(name)
	if ns.log != nil {
		ns.log.read(name, b)
	}
	return b
}

func (ns *Namespace) get(name string) *Binding {
	if i, ok := ns.index.slot[name]; ok {
		return ns.at(int(i))
	}
	return nil
}

// Has reports whether name is bound.
func (ns *Namespace) Has(name string) bool {
	if ns == nil {
		return false
	}
	bound := ns.get(name) != nil
	if ns.log != nil {
		ns.log.presence(name, bound)
	}
	return bound
}

// Len returns how many names are bound.
func (ns *Namespace) Len() int {
	if ns == nil {
		return 0
	}
	if ns.log != nil {
		ns.log.tainted = true
	}
	return ns.bound
}

// Set binds name to b (b nil unbinds it).
func (ns *Namespace) Set(name string, b *Binding) { ns.set(name, b) }

// set is Set, returning the index's copy of name ("" when b is nil and
// name was never bound): a binding, Order and the index can then share one
// copy of a name instead of each keeping its own.
func (ns *Namespace) set(name string, b *Binding) string {
	if ns.log != nil {
		ns.log.writes = append(ns.log.writes, name)
	}
	i, ok := ns.index.slot[name]
	if !ok {
		if b == nil {
			return ""
		}
		ns.ownIndex()
		// A copy: name may point into the module's text, and the index
		// outlives the version (the next ones share it).
		name = strings.Clone(name)
		i = int32(len(ns.index.names))
		ns.index.slot[name] = i
		ns.index.names = append(ns.index.names, name)
	}
	ns.put(int(i), b)
	return ns.index.names[i]
}

// setAt is Set of a name that had the given slot in an index this
// namespace's may be (a version's bindings reused by the next): no lookup
// when the slot still holds that name.
func (ns *Namespace) setAt(slot int32, name string, b *Binding) {
	if names := ns.index.names; int(slot) < len(names) && names[slot] == name {
		ns.put(int(slot), b)
		return
	}
	ns.Set(name, b)
}

// slotOf returns the slot of a name in the index, or -1.
func (ns *Namespace) slotOf(name string) int32 {
	if i, ok := ns.index.slot[name]; ok {
		return i
	}
	return -1
}

// All yields the bound names and their bindings, in the order their names
// were first seen by the namespaces sharing the index. A Set during the
// iteration of a name already bound is seen; one of a new name may not be.
func (ns *Namespace) All() iter.Seq2[string, *Binding] {
	return func(yield func(string, *Binding) bool) {
		if ns == nil {
			return
		}
		if ns.log != nil {
			ns.log.tainted = true
		}
		names := ns.index.names
		for i := 0; i < len(names) && i < ns.slots(); i++ {
			if b := ns.at(i); b != nil && !yield(names[i], b) {
				return
			}
		}
	}
}

// SortedNames returns the bound names, sorted.
func (ns *Namespace) SortedNames() []string {
	names := make([]string, 0, ns.Len())
	for name := range ns.All() {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// clone returns a copy of ns that shares its index (neither adds to it
// any more without copying it first).
func (ns *Namespace) clone() *Namespace {
	if ns.log != nil {
		ns.log.tainted = true
	}
	if ns.own { // a sealed namespace is read by other goroutines: no write
		ns.own = false
	}
	c := &Namespace{index: ns.index, vals: ns.vals, bound: ns.bound}
	if ns.w != nil { // being written: the two share the slots, copy on write
		c.w = ns.w.Clone()
	}
	return c
}

// emptied returns an empty namespace sharing ns's index and, until they
// are bound again, its slots: the next version of a module, which will
// most likely bind the same names to mostly the same bindings. ns must be
// sealed.
func (ns *Namespace) emptied() *Namespace {
	return &Namespace{index: ns.index, vals: ns.vals, w: ns.vals.Rebuild()}
}

// seal ends the writing of a module's namespace: from now on it is shared
// (the next version takes its index). When the index holds many names no
// longer bound (a name typed a letter at a time leaves one per letter), a
// compact index is built instead.
func (ns *Namespace) seal() {
	ns.own = false
	ns.settle()
	unbound := len(ns.index.names) - ns.bound
	if unbound <= 32 || unbound <= ns.bound/4 {
		return
	}
	index := &nameIndex{slot: make(map[string]int32, ns.bound), names: make([]string, 0, ns.bound)}
	vals := pvec.NewBuilder[*Binding](ns.bound)
	for name, b := range ns.All() {
		index.slot[name] = int32(len(index.names))
		index.names = append(index.names, name)
		vals.Append(b)
	}
	ns.index, ns.vals = index, vals.Vec()
}

// ownIndex makes the index this namespace's own, copying a shared one.
func (ns *Namespace) ownIndex() {
	if ns.own {
		return
	}
	old := ns.index
	ns.index = &nameIndex{slot: make(map[string]int32, len(old.names)+1), names: slices.Clone(old.names)}
	for i, name := range old.names {
		ns.index.slot[name] = int32(i)
	}
	ns.own = true
}
