package evaluator

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/djls-dev/djls/internal/treesitter"
)

func TestNamespaceBindsInOrderAndCountsBound(t *testing.T) {
	ns := NewNamespace()
	a, b, c := &Binding{Name: "A"}, &Binding{Name: "B"}, &Binding{Name: "C"}
	ns.Set("A", a)
	ns.Set("B", b)
	ns.Set("A", c)
	if ns.Get("A") != c || ns.Get("B") != b || ns.Get("Z") != nil || ns.Has("Z") || ns.Len() != 2 {
		t.Fatalf("A=%v B=%v Z=%v len %d", ns.Get("A"), ns.Get("B"), ns.Get("Z"), ns.Len())
	}
	ns.Set("B", nil)
	ns.Set("Q", nil) // unbinding a name never bound adds nothing
	if ns.Has("B") || ns.Len() != 1 || len(ns.index.names) != 2 {
		t.Fatalf("after unbinding B: has %v, len %d, %d slots", ns.Has("B"), ns.Len(), len(ns.index.names))
	}
	var got []string
	for name := range ns.All() {
		got = append(got, name)
	}
	if !slices.Equal(got, []string{"A"}) {
		t.Errorf("All() = %v, want [A]", got)
	}
	var none *Namespace
	if none.Get("A") != nil || none.Len() != 0 {
		t.Error("a nil namespace is not empty")
	}
}

// TestNamespaceSharesItsIndexCopyOnWrite: a clone and the next version
// share the index until one of them adds a name, which then copies it;
// neither ever sees the other's bindings.
func TestNamespaceSharesItsIndexCopyOnWrite(t *testing.T) {
	prev := NewNamespace()
	prev.Set("A", &Binding{Name: "A"})
	prev.Set("B", &Binding{Name: "B"})
	prev.seal()

	next := prev.emptied()
	if next.index != prev.index || next.Len() != 0 || next.Has("A") {
		t.Fatalf("the next version must start empty on the same index: shared %v, len %d", next.index == prev.index, next.Len())
	}
	a2 := &Binding{Name: "A"}
	next.Set("A", a2)
	if next.index != prev.index || prev.Get("A") == a2 {
		t.Fatal("binding a known name must neither copy the index nor touch the previous version")
	}
	next.Set("NEW", &Binding{Name: "NEW"})
	if next.index == prev.index || prev.Has("NEW") || len(prev.index.names) != 2 {
		t.Fatal("a new name must copy the shared index, leaving the previous version's as it was")
	}

	fork := next.clone()
	fork.Set("A", nil)
	fork.Set("FORK", &Binding{Name: "FORK"})
	next.Set("OTHER", &Binding{Name: "OTHER"})
	if !next.Has("A") || next.Has("FORK") || fork.Has("OTHER") || !fork.Has("NEW") {
		t.Errorf("a clone and its original leak into each other: next %v, fork %v", next.SortedNames(), fork.SortedNames())
	}
}

// TestNamespaceSealCompactsStaleNames: typing a name a letter at a time
// leaves a slot per letter in a shared index; sealing drops them once
// they outnumber the bound names' quarter.
func TestNamespaceSealCompactsStaleNames(t *testing.T) {
	ns := NewNamespace()
	for i := range 100 {
		ns.Set(strings.Repeat("X", i+1), &Binding{})
	}
	ns.seal()
	for round := range 2 {
		next := ns.emptied()
		next.Set("KEEP", &Binding{})
		next.seal()
		if next.Len() != 1 || !next.Has("KEEP") || len(next.index.names) != 1 {
			t.Fatalf("round %d: %d bound, %d slots; want the index compacted to KEEP", round, next.Len(), len(next.index.names))
		}
		ns = next
	}
	few := ns.emptied()
	few.Set("A", &Binding{})
	few.seal()
	if len(few.index.names) != 2 { // one stale slot (KEEP) is not worth a new index
		t.Errorf("%d slots after one stale name, want 2", len(few.index.names))
	}
}

// canonicalNamespaces rebuilds every Namespace reachable from v with its
// bound names alone, sorted, and forgets the bindings' slots, so
// reflect.DeepEqual compares what they bind and not which names their
// shared index once held.
func canonicalNamespaces(v any) {
	seen := map[uintptr]bool{}
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			if v.Type() == reflect.TypeFor[*treesitter.Node]() {
				return // the same document on both sides, and large
			}
			if v.Type() == reflect.TypeFor[*Binding]() {
				// A slot is where the index that made the binding had its
				// name: a cache, not part of what it binds.
				(*Binding)(v.UnsafePointer()).constSlot = 0
			}
			if v.Type() == reflect.TypeFor[*Namespace]() {
				ns := (*Namespace)(v.UnsafePointer())
				canonical := NewNamespace()
				for _, name := range ns.SortedNames() {
					canonical.Set(name, ns.Get(name))
				}
				canonical.seal() // as a module's: the next version rebuilds its slots
				*ns = *canonical
				for _, b := range ns.All() {
					walk(reflect.ValueOf(b))
				}
				return
			}
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(v))
}

// TestNamespaceSetAtFallsBackOnAStaleSlot: a slot remembered from another
// index is used only while it still holds the same name.
func TestNamespaceSetAtFallsBackOnAStaleSlot(t *testing.T) {
	ns := NewNamespace()
	ns.Set("A", &Binding{})
	ns.Set("B", &Binding{})
	b := &Binding{Name: "B"}
	ns.setAt(ns.slotOf("B"), "B", b)
	if ns.Get("B") != b || ns.Len() != 2 {
		t.Fatalf("setAt on B's own slot: got %p, len %d", ns.Get("B"), ns.Len())
	}
	c := &Binding{Name: "C"}
	ns.setAt(ns.slotOf("A"), "C", c) // A's slot, C's name: a stale slot
	if ns.Get("C") != c || ns.Get("A") == c || ns.Len() != 3 {
		t.Errorf("a stale slot overwrote another name: A=%p C=%p len %d", ns.Get("A"), ns.Get("C"), ns.Len())
	}
	ns.setAt(99, "D", &Binding{})
	if !ns.Has("D") || ns.slotOf("E") != -1 {
		t.Error("a slot past the index must fall back to Set")
	}
}

// TestOldTextIsNotKeptAlive: what a module's later versions share with its
// first (the name index, Order, reused constants) holds no string into the
// first version's text, so that text is freed while the module stays open.
func TestOldTextIsNotKeptAlive(t *testing.T) {
	const path = "/p/settings.py"
	module := "import os\nDEBUG = False\nSECRET_KEY = os.environ['SECRET_KEY']\nNAME_%d = 'x'\nALLOWED_HOSTS = ['a']\n"
	var freed atomic.Bool
	prev := func() *Module {
		text := []byte(fmt.Sprintf(module, 1))
		runtime.AddCleanup(&text[0], func(f *atomic.Bool) { f.Store(true) }, &freed)
		return Evaluate(path, treesitter.Parse(text), nil).ForReuse()
	}()
	for v := 2; v <= 3; v++ {
		next, err := EvaluateIncremental(context.Background(), path, treesitter.Parse([]byte(fmt.Sprintf(module, v))), nil, prev)
		if err != nil {
			t.Fatal(err)
		}
		prev = next.ForReuse()
	}
	for i := 0; i < 20 && !freed.Load(); i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if !freed.Load() {
		t.Error("the first version's text is still reachable from the third version's evaluation")
	}
	if !prev.Names.Has("DEBUG") || len(prev.Order) == 0 {
		t.Fatalf("the last version lost its names: %v", prev.Order)
	}
	runtime.KeepAlive(prev)
}

// TestOneCopyOfEachName: a binding, Order and the name index hold one copy
// of a name between them (an open module keeps all three for every name).
func TestOneCopyOfEachName(t *testing.T) {
	m := Evaluate("/p/settings.py", treesitter.Parse([]byte("DEBUG = False\nimport os\nHOSTS = os.environ['H']\nDEBUG = True\n")), nil)
	for i, name := range m.Order {
		b := m.Names.Get(name)
		slot := m.Names.slotOf(name)
		if b == nil || slot < 0 {
			t.Fatalf("Order[%d] %q is not bound", i, name)
		}
		kept := m.Names.index.names[slot]
		if unsafe.StringData(b.Name) != unsafe.StringData(kept) || unsafe.StringData(name) != unsafe.StringData(kept) {
			t.Errorf("%s: the binding, Order and the index each hold their own copy", name)
		}
	}
	if len(m.Order) != 2 {
		t.Errorf("Order = %q, want DEBUG and HOSTS", m.Order)
	}
}

// TestBindingSize: an open module keeps a binding for every name it
// assigns; its spans are offsets in one file (Stmt, Target, RHS) so that
// it takes 160 bytes, not 224.
func TestBindingSize(t *testing.T) {
	if size := unsafe.Sizeof(Binding{}); size > 160 {
		t.Errorf("a Binding takes %d bytes, want at most 160", size)
	}
}

// TestBindingSpans: a binding's spans read back as they were set, a
// missing one as no span, and moving them moves them all.
func TestBindingSpans(t *testing.T) {
	var b Binding
	b.setSpans(Span{File: "/p/s.py", Start: 10, End: 30}, Span{File: "/p/s.py", Start: 10, End: 15}, Span{})
	if got := b.Stmt(); got != (Span{File: "/p/s.py", Start: 10, End: 30}) {
		t.Errorf("Stmt = %+v", got)
	}
	if got := b.Target(); got != (Span{File: "/p/s.py", Start: 10, End: 15}) {
		t.Errorf("Target = %+v", got)
	}
	if got := b.RHS(); got.Valid() {
		t.Errorf("RHS = %+v, want no span", got)
	}
	b.stmt, b.rhs = b.stmt.moved(5), b.rhs.moved(5)
	if got := b.Stmt(); got.Start != 15 || got.End != 35 {
		t.Errorf("moved Stmt = %+v", got)
	}
	if b.RHS().Valid() {
		t.Error("moving no span made one")
	}
	// A module evaluated without a path keeps its offsets, as a Span did.
	var unnamed Binding
	unnamed.setSpans(Span{Start: 3, End: 8}, Span{Start: 3, End: 4}, Span{Start: 6, End: 8})
	if got := unnamed.RHS(); got != (Span{Start: 6, End: 8}) {
		t.Errorf("RHS without a file = %+v", got)
	}
}

// TestValueSize: an open module keeps a value for every literal it
// assigns; the one-byte fields share a word with sz, and what few values
// have is behind a pointer (valueMore): 136 bytes, which Go allocates as
// 144; it was 192.
func TestValueSize(t *testing.T) {
	if size := unsafe.Sizeof(Value{}); size > 136 {
		t.Errorf("a Value takes %d bytes, want at most 136", size)
	}
}
