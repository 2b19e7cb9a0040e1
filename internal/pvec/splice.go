package pvec

// Splice replaces elements [i, j) with xs. When xs is as long as what it
// replaces, only the chunks it writes are copied (and none where it writes
// the values already there); otherwise every element after it moves, and
// the chunks from i on are rewritten.
func (b *Builder[T]) Splice(i, j int, xs ...T) {
	if i < 0 || j < i || j > b.n {
		panic("pvec: splice out of range")
	}
	if len(xs) == j-i {
		for k, x := range xs {
			b.Set(i+k, x)
		}
		return
	}
	tail := make([]T, 0, b.n-j)
	for k := j; k < b.n; k++ {
		tail = append(tail, b.At(k))
	}
	b.Truncate(i)
	for _, x := range xs {
		b.Append(x)
	}
	for _, x := range tail {
		b.Append(x)
	}
}

// OfSharing returns a Vec holding a copy of xs that shares old's chunks
// wherever they hold the same elements at the same indexes: the list of a
// new version built whole, sharing what did not change.
func OfSharing[T comparable](old Vec[T], xs []T) Vec[T] {
	b := old.Builder()
	if old.n == 0 {
		b = NewBuilder[T](len(xs))
	}
	for i, x := range xs {
		if i < b.Len() {
			b.Set(i, x)
		} else {
			b.Append(x)
		}
	}
	b.Truncate(len(xs))
	return b.Vec()
}
