// Package pvec holds Vec, an immutable sequence stored in fixed-size
// chunks: the next version of a long per-version array (a module's
// statements, its namespace slots, its line starts) shares every chunk an
// edit did not touch with the version before, so a keystroke allocates in
// proportion to what it changed, not to the length of the file.
package pvec

import "iter"

// chunkBits sets the chunk size: 128 elements, so a 5,000-element Vec has
// 40 chunks and a one-element change copies 1 KB of pointers plus its
// 320-byte chunk list.
const (
	chunkBits = 7
	chunkSize = 1 << chunkBits
	chunkMask = chunkSize - 1
)

type chunk[T any] [chunkSize]T

// Vec is an immutable sequence of n elements. The zero Vec is empty. Copying
// a Vec is cheap and safe: no one writes to a chunk once a Vec holds it.
type Vec[T comparable] struct {
	chunks []*chunk[T]
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
	return v.chunks[i>>chunkBits][i&chunkMask]
}

// All yields each index and element in order.
func (v Vec[T]) All() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i := 0; i < v.n; i++ {
			if !yield(i, v.chunks[i>>chunkBits][i&chunkMask]) {
				return
			}
		}
	}
}

// AppendTo appends v's elements to dst and returns the result.
func (v Vec[T]) AppendTo(dst []T) []T {
	for c := 0; c*chunkSize < v.n; c++ {
		dst = append(dst, v.chunks[c][:min(chunkSize, v.n-c*chunkSize)]...)
	}
	return dst
}

// Builder makes a new Vec from an old one (or from nothing), copying a
// chunk only on its first write. A Builder is for one goroutine; after
// Vec it must not be used again.
type Builder[T comparable] struct {
	chunks []*chunk[T]
	owned  []bool // owned[c]: chunks[c] was made by this Builder
	n      int
	list   bool // chunks is this Builder's own list (not the base Vec's)
	// fresh, in a Builder from Rebuild, marks the elements set since
	// (one bit each); nil otherwise. See rebuild.go.
	fresh []uint64
}

// NewBuilder returns an empty Builder with room for capacity elements.
func NewBuilder[T comparable](capacity int) *Builder[T] {
	chunks := (capacity + chunkMask) >> chunkBits
	return &Builder[T]{chunks: make([]*chunk[T], 0, chunks), owned: make([]bool, 0, chunks), list: true}
}

// Builder returns a Builder that starts as v. Nothing is copied until the
// first write.
func (v Vec[T]) Builder() *Builder[T] {
	return &Builder[T]{chunks: v.chunks, n: v.n}
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
	return b.chunks[i>>chunkBits][i&chunkMask]
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
	c := i >> chunkBits
	if b.chunks[c][i&chunkMask] == x {
		return
	}
	b.writable(c)[i&chunkMask] = x
}

// Append adds x at the end.
func (b *Builder[T]) Append(x T) {
	c := b.n >> chunkBits
	if c == len(b.chunks) {
		b.ownList()
		b.chunks = append(b.chunks, new(chunk[T]))
		b.owned = append(b.owned, true)
	}
	if b.fresh != nil {
		b.markFresh(b.n)
	}
	if i := b.n & chunkMask; b.chunks[c][i] != x {
		b.writable(c)[i] = x
	}
	b.n++
}

// Truncate keeps the first n elements (n ≤ Len).
func (b *Builder[T]) Truncate(n int) {
	if n < 0 || n > b.n {
		panic("pvec: truncate out of range")
	}
	b.n = n
	chunks := (n + chunkMask) >> chunkBits
	if chunks < len(b.chunks) {
		b.ownList()
		clear(b.chunks[chunks:]) // let the garbage collector have them
		b.chunks, b.owned = b.chunks[:chunks], b.owned[:chunks]
	}
}

// Vec returns the built Vec. Elements past the end of the last chunk are
// zeroed (in a copy when the chunk is shared), so that a Vec keeps alive
// nothing it does not hold.
func (b *Builder[T]) Vec() Vec[T] {
	if b.fresh != nil {
		b.zeroStale()
	}
	if tail := b.n & chunkMask; tail != 0 {
		last := b.chunks[len(b.chunks)-1]
		var zero T
		for _, x := range last[tail:] {
			if x != zero {
				clear(b.writable(len(b.chunks) - 1)[tail:])
				break
			}
		}
	}
	v := Vec[T]{chunks: b.chunks, n: b.n}
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
