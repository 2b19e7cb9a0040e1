package pvec

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRebuildMatchesASlice: a Builder from Rebuild reads as zeros until
// set, a Clone of it evolves on its own, and both build what a slice
// given the same writes holds; the base Vec is never written.
func TestRebuildMatchesASlice(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		base := make([]int, r.IntN(600))
		for i := range base {
			base[i] = r.IntN(5)
		}
		old := Of(base)
		before := slices.Clone(base)
		builders := []*Builder[int]{old.Rebuild()}
		models := [][]int{make([]int, len(base))}
		for range r.IntN(60) {
			k := r.IntN(len(builders))
			b, model := builders[k], models[k]
			switch op := r.IntN(8); {
			case op <= 3 && len(model) > 0:
				i, x := r.IntN(len(model)), r.IntN(5)
				b.Set(i, x)
				model[i] = x
			case op == 4:
				x := r.IntN(5)
				b.Append(x)
				model = append(model, x)
			case op == 5:
				n := r.IntN(len(model) + 1)
				b.Truncate(n)
				model = model[:n]
			case op == 6 && len(builders) < 3:
				builders = append(builders, b.Clone())
				models = append(models, slices.Clone(model))
			}
			models[k] = model
			for i := range model {
				if b.At(i) != model[i] {
					t.Fatalf("round %d: At(%d) = %d, want %d", round, i, b.At(i), model[i])
				}
			}
		}
		for k, b := range builders {
			if got := b.Vec(); !slices.Equal(got.AppendTo(nil), models[k]) {
				t.Fatalf("round %d, builder %d: got %v, want %v", round, k, got.AppendTo(nil), models[k])
			}
		}
		if !slices.Equal(old.AppendTo(nil), before) {
			t.Fatalf("round %d: rebuilding changed the older Vec", round)
		}
	}
}

// TestRebuildSharesWhatIsSetBack: setting every element back to what it
// was, but one, copies that one's chunk alone; an element left unset is
// zero in the result, in a copy of its chunk.
func TestRebuildSharesWhatIsSetBack(t *testing.T) {
	s := make([]*int, 5000)
	for i := range s {
		s[i] = new(int)
	}
	old := Of(s)
	b := old.Rebuild()
	for i := range s {
		if i != 2600 {
			b.Set(i, s[i])
		}
	}
	if b.At(2600) != nil {
		t.Fatal("an element not set yet reads as what the base holds")
	}
	v := b.Vec()
	for c := range v.chunks {
		if shared := v.chunks[c] == old.chunks[c]; shared == (c == 2600/chunkSize) {
			t.Errorf("chunk %d: shared=%v", c, shared)
		}
	}
	if v.At(2600) != nil || old.At(2600) != s[2600] {
		t.Errorf("the unset element: %p in the new Vec (want nil), %p in the old", v.At(2600), old.At(2600))
	}
}

// TestRebuildAllocatesLittle: rebuilding a 5,000-element Vec as it was
// costs the chunk list and the one-bit-per-element mark, not the array.
func TestRebuildAllocatesLittle(t *testing.T) {
	s := make([]*int, 5000)
	for i := range s {
		s[i] = new(int)
	}
	old := Of(s)
	allocs := testing.AllocsPerRun(20, func() {
		b := old.Rebuild()
		for i, x := range s {
			b.Set(i, x)
		}
		b.Vec()
	})
	if allocs > 2 {
		t.Errorf("a rebuild of the same elements: %v allocations, want at most 2", allocs)
	}
}

// TestCloneDoesNotLeak: writes to a Clone and to its original after the
// clone are not seen by the other.
func TestCloneDoesNotLeak(t *testing.T) {
	b := Of([]int{1, 2, 3}).Builder()
	b.Set(0, 10)
	c := b.Clone()
	b.Set(1, 20)
	c.Set(2, 30)
	c.Append(4)
	if got, want := b.Vec().AppendTo(nil), []int{10, 20, 3}; !slices.Equal(got, want) {
		t.Errorf("original: %v, want %v", got, want)
	}
	if got, want := c.Vec().AppendTo(nil), []int{10, 2, 30, 4}; !slices.Equal(got, want) {
		t.Errorf("clone: %v, want %v", got, want)
	}
}

func TestSharedChunks(t *testing.T) {
	old := Of(make([]int, 300)) // 3 chunks
	b := old.Builder()
	b.Set(200, 1)
	if shared, total := b.Vec().SharedChunks(old); shared != 2 || total != 3 {
		t.Errorf("after one Set: %d of %d chunks shared, want 2 of 3", shared, total)
	}
	if shared, total := Of(make([]int, 300)).SharedChunks(old); shared != 0 || total != 3 {
		t.Errorf("an equal Vec built apart: %d of %d chunks shared, want 0 of 3", shared, total)
	}
}
