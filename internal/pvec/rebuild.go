package pvec

import "slices"

// Rebuilding: the next version of a per-version array is often made by
// setting every element afresh (a module's namespace slots are all bound
// again by its next evaluation), and most end up as they were. A Builder
// from Rebuild starts from v's chunks but reads every element as zero
// until it is set; setting one to what v holds there copies nothing, and
// Vec zeroes (copying their chunks) only the elements left unset that v
// held. So the new version shares every chunk whose elements were all set
// back to v's, and holds nothing it was not given.

// Rebuild returns a Builder of v's length whose elements read as the zero
// value until set, and are zero in the Vec built unless set.
func (v Vec[T]) Rebuild() *Builder[T] {
	b := v.Builder()
	b.fresh = make([]uint64, (v.n+63)>>6)
	return b
}

// Clone returns a Builder holding what b holds (in a Builder from Rebuild,
// the same elements still unset). The two share their chunks: each copies
// a chunk on its first write to it, so neither sees the other's writes.
func (b *Builder[T]) Clone() *Builder[T] {
	// The chunks, their list and the tail are shared from now.
	b.list, b.owned, b.ownTail = false, nil, false
	c := &Builder[T]{chunks: b.chunks, tail: b.tail, n: b.n}
	if b.fresh != nil {
		c.fresh = slices.Clone(b.fresh)
	}
	return c
}

func (b *Builder[T]) isFresh(i int) bool {
	return i>>6 < len(b.fresh) && b.fresh[i>>6]&(1<<(i&63)) != 0
}

func (b *Builder[T]) markFresh(i int) {
	for i>>6 >= len(b.fresh) {
		b.fresh = append(b.fresh, 0)
	}
	b.fresh[i>>6] |= 1 << (i & 63)
}

// zeroStale zeroes the elements not set since Rebuild, and ends the
// rebuilding.
func (b *Builder[T]) zeroStale() {
	var zero T
	for w := 0; w<<6 < b.n; w++ {
		var set uint64
		if w < len(b.fresh) {
			set = b.fresh[w]
		}
		if set == ^uint64(0) {
			continue
		}
		for i := w << 6; i < min(b.n, (w+1)<<6); i++ {
			if set&(1<<(i&63)) == 0 && b.elem(i) != zero {
				b.put(i, zero)
			}
		}
	}
	b.fresh = nil
}

// SharedChunks returns how many chunks v has (its tail counts as one) and
// how many of them are w's at the same place: how much of v building it
// from w left alone.
func (v Vec[T]) SharedChunks(w Vec[T]) (shared, total int) {
	for c, ch := range v.chunks {
		if c < len(w.chunks) && ch == w.chunks[c] {
			shared++
		}
	}
	total = len(v.chunks)
	if len(v.tail) > 0 {
		total++
		if len(v.chunks) == len(w.chunks) && len(w.tail) > 0 && &v.tail[0] == &w.tail[0] {
			shared++
		}
	}
	return shared, total
}
