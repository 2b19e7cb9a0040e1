package pvec

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSpliceMatchesASlice splices random ranges of an older Vec and
// compares with slices.Replace; the older Vec must stay as it was.
func TestSpliceMatchesASlice(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 500 {
		model := make([]int, r.IntN(700))
		for i := range model {
			model[i] = r.IntN(5)
		}
		base := Of(model)
		before := slices.Clone(model)
		b := base.Builder()
		for range 1 + r.IntN(4) {
			i := r.IntN(len(model) + 1)
			j := i + r.IntN(len(model)-i+1)
			xs := make([]int, r.IntN(300))
			if r.IntN(2) == 0 {
				xs = make([]int, j-i)
			}
			for k := range xs {
				xs[k] = r.IntN(5)
			}
			b.Splice(i, j, xs...)
			model = slices.Replace(model, i, j, xs...)
		}
		got := b.Vec()
		if got.Len() != len(model) || !slices.Equal(got.AppendTo(nil), model) {
			t.Fatalf("round %d: got %v, want %v", round, got.AppendTo(nil), model)
		}
		if !slices.Equal(base.AppendTo(nil), before) {
			t.Fatalf("round %d: splicing changed the older Vec", round)
		}
	}
}

// TestSpliceSameLengthCopiesOneChunk: replacing one element with one
// shares every other chunk.
func TestSpliceSameLengthCopiesOneChunk(t *testing.T) {
	old := Of(make([]*int, 5000))
	b := old.Builder()
	b.Splice(2500, 2501, new(int))
	v := b.Vec()
	if shared, total := v.SharedChunks(old); shared != total-1 {
		t.Fatalf("%d of %d chunks shared, want all but one", shared, total)
	}
}

func TestSpliceOutOfRangePanics(t *testing.T) {
	for _, c := range [][2]int{{-1, 0}, {2, 1}, {0, 4}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Splice(%d, %d) of 3 did not panic", c[0], c[1])
				}
			}()
			Of([]int{1, 2, 3}).Builder().Splice(c[0], c[1])
		}()
	}
}

// TestOfSharing: the new Vec holds xs, and shares the old one's chunks
// that hold the same elements.
func TestOfSharing(t *testing.T) {
	xs := make([]*int, 1000)
	for i := range xs {
		xs[i] = new(int)
	}
	old := Of(xs)
	ys := slices.Clone(xs)
	ys[500] = new(int)
	v := OfSharing(old, ys)
	if !slices.Equal(v.AppendTo(nil), ys) {
		t.Fatal("OfSharing does not hold xs")
	}
	if shared, total := v.SharedChunks(old); shared != total-1 {
		t.Fatalf("%d of %d chunks shared, want all but one", shared, total)
	}
	for _, n := range []int{0, 1, 999, 1001, 2000} {
		zs := append(slices.Clone(xs[:min(n, len(xs))]), make([]*int, max(0, n-len(xs)))...)
		if got := OfSharing(old, zs); !slices.Equal(got.AppendTo(nil), zs) {
			t.Fatalf("OfSharing of %d elements differs", n)
		}
	}
}
