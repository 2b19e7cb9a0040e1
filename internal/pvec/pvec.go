// Package pvec holds Vec, an immutable sequence stored in fixed-size
// chunks: the next version of a long per-version array (a module's
// statements, its namespace slots, its line starts) shares every chunk an
// edit did not touch with the version before, so a keystroke allocates in
// proportion to what it changed, not to the length of the file.
package pvec

import (
	"iter"
	"slices"
)

// chunkBits sets the chunk size: 128 elements, so a 5,000-element Vec has
// 39 chunks (and a tail of 8) and a one-element change copies 1 KB of
// pointers plus its 312-byte chunk list.
const (
	chunkBits = 7
	chunkSize = 1 << chunkBits
	chunkMask = chunkSize - 1
)

type chunk[T any] [chunkSize]T

// Vec is an immutable sequence of n elements. The zero Vec is empty. Copying
// a Vec is cheap and safe: no one writes to a chunk once a Vec holds it.
//
// The elements past the last full chunk are a tail slice sized to them:
// a Vec of 3 elements takes 3 or 4 slots, not a 128-element chunk (a
// namespace of a class body, a helper's locals).
type Vec[T comparable] struct {
	chunks []*chunk[T] // the full chunks
	tail   []T         // the n%chunkSize elements after them
	n      int
}

// Of returns a Vec holding a copy of s.
func Of[T comparable](s []T) Vec[T] {
	b := NewBuilder[T](len(s))
	for _, x := range s {
		b.Append(x)
	}
	return b.Vec()
}

// Len returns the number of elements.
func (v Vec[T]) Len() int { return v.n }

// At returns element i; it panics when i is out of range, as a slice does.
func (v Vec[T]) At(i int) T {
	if uint(i) >= uint(v.n) {
		panic("pvec: index out of range")
	}
	if c := i >> chunkBits; c < len(v.chunks) {
		return v.chunks[c][i&chunkMask]
	}
	return v.tail[i&chunkMask]
}

// All yields each index and element in order.
func (v Vec[T]) All() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i := 0; i < v.n; i++ {
			if !yield(i, v.At(i)) {
				return
			}
		}
	}
}

// AppendTo appends v's elements to dst and returns the result.
func (v Vec[T]) AppendTo(dst []T) []T {
	for _, c := range v.chunks {
		dst = append(dst, c[:]...)
	}
	return append(dst, v.tail...)
}

// Builder makes a new Vec from an old one (or from nothing), copying a
// chunk only on its first write. A Builder is for one goroutine; after
// Vec it must not be used again.
type Builder[T comparable] struct {
	chunks  []*chunk[T]
	owned   []bool // owned[c]: chunks[c] was made by this Builder
	tail    []T
	n       int
	list    bool // chunks is this Builder's own list (not the base Vec's)
	ownTail bool // tail's array is this Builder's: it may write it, append in place
	// fresh, in a Builder from Rebuild, marks the elements set since
	// (one bit each); nil otherwise. See rebuild.go.
	fresh []uint64
}

// NewBuilder returns an empty Builder with room for capacity elements.
func NewBuilder[T comparable](capacity int) *Builder[T] {
	chunks := capacity >> chunkBits
	return &Builder[T]{chunks: make([]*chunk[T], 0, chunks), owned: make([]bool, 0, chunks), list: true,
		tail: make([]T, 0, min(capacity, chunkSize)), ownTail: true}
}

// Builder returns a Builder that starts as v. Nothing is copied until the
// first write.
func (v Vec[T]) Builder() *Builder[T] {
	return &Builder[T]{chunks: v.chunks, tail: v.tail, n: v.n}
}

// Len returns the number of elements built so far.
func (b *Builder[T]) Len() int { return b.n }

// At returns element i of what is built so far.
func (b *Builder[T]) At(i int) T {
	if uint(i) >= uint(b.n) {
		panic("pvec: index out of range")
	}
	if b.fresh != nil && !b.isFresh(i) {
		var zero T
		return zero
	}
	return b.elem(i)
}

// elem returns element i as stored (i < n).
func (b *Builder[T]) elem(i int) T {
	if c := i >> chunkBits; c < len(b.chunks) {
		return b.chunks[c][i&chunkMask]
	}
	return b.tail[i&chunkMask]
}

// put stores x as element i (i < n), copying its chunk or the tail first
// unless this Builder made it.
func (b *Builder[T]) put(i int, x T) {
	if c := i >> chunkBits; c < len(b.chunks) {
		b.writable(c)[i&chunkMask] = x
		return
	}
	if !b.ownTail {
		b.tail, b.ownTail = slices.Clone(b.tail), true
	}
	b.tail[i&chunkMask] = x
}

// Set sets element i to x. Setting an element to the value it holds
// copies nothing.
func (b *Builder[T]) Set(i int, x T) {
	if uint(i) >= uint(b.n) {
		panic("pvec: index out of range")
	}
	if b.fresh != nil {
		b.markFresh(i)
	}
	if b.elem(i) == x {
		return
	}
	b.put(i, x)
}

// Append adds x at the end.
func (b *Builder[T]) Append(x T) {
	if !b.ownTail || len(b.tail) == cap(b.tail) {
		b.growTail()
	}
	if b.fresh != nil {
		b.markFresh(b.n)
	}
	b.tail = append(b.tail, x)
	b.n++
	if len(b.tail) == chunkSize { // full: the tail's array becomes a chunk
		b.ownList()
		b.chunks = append(b.chunks, (*chunk[T])(b.tail))
		b.owned = append(b.owned, true)
		b.tail, b.ownTail = nil, false
	}
}

// growTail gives the tail an array of its own with room for one more:
// doubling while the Vec is small, a whole chunk's once it has one.
func (b *Builder[T]) growTail() {
	size := chunkSize
	if len(b.chunks) == 0 {
		size = min(chunkSize, max(4, 2*len(b.tail)))
	}
	t := make([]T, len(b.tail), size)
	copy(t, b.tail)
	b.tail, b.ownTail = t, true
}

// Truncate keeps the first n elements (n ≤ Len).
func (b *Builder[T]) Truncate(n int) {
	if n < 0 || n > b.n {
		panic("pvec: truncate out of range")
	}
	b.n = n
	full := n >> chunkBits
	if full >= len(b.chunks) {
		b.tail = b.tail[:n&chunkMask]
		return
	}
	// The end falls in a full chunk: what it keeps of it is the tail.
	b.ownList()
	b.tail, b.ownTail = b.chunks[full][:n&chunkMask], b.owned[full]
	clear(b.chunks[full:]) // let the garbage collector have them
	b.chunks, b.owned = b.chunks[:full], b.owned[:full]
}

// Vec returns the built Vec. Elements past the end of the tail's array
// (left by Truncate) are zeroed (in a copy when the array is shared), so
// that a Vec keeps alive nothing it does not hold.
func (b *Builder[T]) Vec() Vec[T] {
	if b.fresh != nil {
		b.zeroStale()
	}
	if past := b.tail[len(b.tail):cap(b.tail)]; b.ownTail {
		clear(past)
	} else {
		var zero T
		for _, x := range past {
			if x != zero {
				b.tail = slices.Clone(b.tail)
				break
			}
		}
	}
	v := Vec[T]{chunks: b.chunks, tail: b.tail, n: b.n}
	*b = Builder[T]{}
	return v
}

// writable returns chunk c, copying it first unless this Builder made it.
func (b *Builder[T]) writable(c int) *chunk[T] {
	b.ownList()
	if !b.owned[c] {
		cp := *b.chunks[c]
		b.chunks[c], b.owned[c] = &cp, true
	}
	return b.chunks[c]
}

// ownList makes the chunk list this Builder's own (a copy of the base's).
func (b *Builder[T]) ownList() {
	if b.list {
		return
	}
	b.chunks = append(make([]*chunk[T], 0, len(b.chunks)+1), b.chunks...)
	b.owned = make([]bool, len(b.chunks), cap(b.chunks))
	b.list = true
}
