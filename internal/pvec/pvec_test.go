package pvec

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMatchesASlice applies random Set/Append/Truncate sequences to a
// Builder started from an older Vec and to a plain slice, and compares;
// the older Vec must be unchanged by all of it.
func TestMatchesASlice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		model := make([]int, r.IntN(600))
		for i := range model {
			model[i] = r.IntN(5)
		}
		base := Of(model)
		before := slices.Clone(model)
		b := base.Builder()
		for range r.IntN(40) {
			switch op := r.IntN(4); {
			case op <= 1 && len(model) > 0:
				i, x := r.IntN(len(model)), r.IntN(5)
				b.Set(i, x)
				model[i] = x
			case op == 2:
				x := r.IntN(5)
				b.Append(x)
				model = append(model, x)
			default:
				n := r.IntN(len(model) + 1)
				b.Truncate(n)
				model = model[:n]
			}
			if b.Len() != len(model) {
				t.Fatalf("round %d: builder Len %d, want %d", round, b.Len(), len(model))
			}
		}
		got := b.Vec()
		if !slices.Equal(got.AppendTo(nil), model) || got.Len() != len(model) {
			t.Fatalf("round %d: got %v, want %v", round, got.AppendTo(nil), model)
		}
		for i, x := range got.All() {
			if got.At(i) != x || x != model[i] {
				t.Fatalf("round %d: At(%d) / All disagree with the model", round, i)
			}
		}
		if !slices.Equal(base.AppendTo(nil), before) {
			t.Fatalf("round %d: building changed the older Vec", round)
		}
	}
}

// TestUntouchedChunksAreShared: one Set copies one chunk; every other
// chunk is the older version's, and setting a value an element already
// holds copies nothing.
func TestUntouchedChunksAreShared(t *testing.T) {
	old := Of(make([]*int, 5000))
	b := old.Builder()
	b.Set(2600, nil) // the value it holds
	if same := b.Vec(); &same.chunks[0] != &old.chunks[0] {
		t.Fatalf("an unchanged Vec got its own chunk list")
	}
	b = old.Builder()
	b.Set(2600, new(int))
	v := b.Vec()
	for c := range v.chunks {
		if shared := v.chunks[c] == old.chunks[c]; shared == (c == 2600/chunkSize) {
			t.Errorf("chunk %d: shared=%v", c, shared)
		}
	}
	if old.At(2600) != nil {
		t.Errorf("the older Vec was written")
	}
}

// TestSetAllocatesOneChunk: a keystroke's change to a 5,000-element Vec
// costs the chunk list and one chunk, not the array.
func TestSetAllocatesOneChunk(t *testing.T) {
	old := Of(make([]*int, 5000))
	x := new(int)
	allocs := testing.AllocsPerRun(100, func() {
		b := old.Builder()
		b.Set(2600, x)
		b.Vec()
	})
	if allocs > 4 {
		t.Errorf("Set then Vec: %v allocations, want at most 4", allocs)
	}
}

// TestVecKeepsNothingPastItsEnd: after Truncate the dropped elements are
// zeroed in the result, in a copy when the chunk was shared.
func TestVecKeepsNothingPastItsEnd(t *testing.T) {
	s := make([]*int, 10)
	for i := range s {
		s[i] = new(int)
	}
	old := Of(s)
	b := old.Builder()
	b.Truncate(3)
	v := b.Vec()
	for i, x := range v.tail[:cap(v.tail)] {
		if i >= 3 && x != nil {
			t.Fatalf("element %d past the end is still held", i)
		}
	}
	if old.At(9) == nil {
		t.Fatalf("the older Vec lost element 9")
	}
}

func TestOutOfRangePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"At":       func() { Of([]int{1}).At(1) },
		"Set":      func() { Of([]int{1}).Builder().Set(-1, 0) },
		"Truncate": func() { Of([]int{1}).Builder().Truncate(2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}

// TestSmallVecIsSmall: a Vec shorter than a chunk holds a tail sized to
// it, not a 128-element chunk.
func TestSmallVecIsSmall(t *testing.T) {
	b := NewBuilder[*int](0)
	for range 3 {
		b.Append(new(int))
	}
	if v := b.Vec(); len(v.chunks) != 0 || cap(v.tail) > 4 {
		t.Errorf("3 elements: %d chunks, a tail of capacity %d", len(v.chunks), cap(v.tail))
	}
	if v := Of(make([]int, 130)); len(v.chunks) != 1 || len(v.tail) != 2 {
		t.Errorf("130 elements: %d chunks, a tail of %d", len(v.chunks), len(v.tail))
	}
}

// TestTruncateIntoAChunk: truncating into a full chunk makes what is kept
// of it the tail; what was dropped is not held, neither from a shared
// chunk (copied) nor from the Builder's own (cleared).
func TestTruncateIntoAChunk(t *testing.T) {
	s := make([]*int, 300)
	for i := range s {
		s[i] = new(int)
	}
	old := Of(s)
	for _, own := range []bool{false, true} {
		b := old.Builder()
		if own {
			b.Set(129, new(int))
		}
		b.Truncate(130)
		b.Append(s[130])
		v := b.Vec()
		if v.Len() != 131 || len(v.chunks) != 1 || v.At(130) != s[130] {
			t.Fatalf("own=%v: Len %d, %d chunks", own, v.Len(), len(v.chunks))
		}
		for i, x := range v.tail[:cap(v.tail)] {
			if i >= 3 && x != nil {
				t.Fatalf("own=%v: element %d past the end is still held", own, 128+i)
			}
		}
		if !slices.Equal(old.AppendTo(nil), s) {
			t.Fatalf("own=%v: the older Vec changed", own)
		}
	}
}
