package evaluator

// A Namespace's bindings by slot (namespace.go) are a pvec.Vec: read
// from vals while nothing writes them, from the Builder w while the
// namespace is being written. The next version of a module rebuilds them
// from the previous version's (emptied): a slot reads as unbound until
// this evaluation binds it, binding it to the binding it had copies
// nothing, and sealing unbinds the slots this evaluation left alone. The
// older version's Vec is never written: other goroutines read it.

// slots returns how many slots hold a binding or may.
func (ns *Namespace) slots() int {
	if ns.w != nil {
		return ns.w.Len()
	}
	return ns.vals.Len()
}

// at returns the binding in slot i, or nil.
func (ns *Namespace) at(i int) *Binding {
	if i >= ns.slots() {
		return nil
	}
	if ns.w != nil {
		return ns.w.At(i)
	}
	return ns.vals.At(i)
}

// put binds slot i to b (nil: unbinds it), keeping the count of bound
// names.
func (ns *Namespace) put(i int, b *Binding) {
	if ns.w == nil {
		ns.w = ns.vals.Builder()
	}
	for i >= ns.w.Len() {
		ns.w.Append(nil)
	}
	switch old := ns.w.At(i); {
	case old == nil && b != nil:
		ns.bound++
	case old != nil && b == nil:
		ns.bound--
	}
	ns.w.Set(i, b)
}

// settle ends the writing: the slots become vals, the ones a rebuilt
// namespace did not bind are unbound.
func (ns *Namespace) settle() {
	if ns.w != nil {
		ns.vals, ns.w = ns.w.Vec(), nil
	}
}
