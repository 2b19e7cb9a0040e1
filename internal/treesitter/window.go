package treesitter

/*
#cgo noescape djls_flatten
#cgo nocallback djls_flatten
#cgo noescape ts_parser_parse_string
#cgo nocallback ts_parser_parse_string
#include <stdlib.h>
#include "cflatten.h"
*/
import "C"

import (
	"sync"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// A splice parses a window of a statement or two at each keystroke. Through
// go-tree-sitter that parse costs more Go memory than the window's own
// nodes (a Tree with a finalizer, the map its RootNode caches nodes in, a
// channel), and flatten, made for a whole module and the reuse of its
// statements, lists the top level apart and sizes its buffers for hundreds
// of nodes. parseAlone parses through the C API and copies the tree out in
// one walk from the root, into buffers on the stack when the window is
// small: what it allocates is the window's nodes.

// smallWindow is how many nodes parseAlone reads into buffers on the stack
// (20 bytes each): a window of a few short statements.
const smallWindow = 64

// windowParsers keeps parseAlone's C parsers for reuse: as many as windows
// were ever parsed at once (one or two), never freed.
var windowParsers struct {
	sync.Mutex
	free []*C.TSParser
}

func takeWindowParser() *C.TSParser {
	windowParsers.Lock()
	defer windowParsers.Unlock()
	if n := len(windowParsers.free); n > 0 {
		p := windowParsers.free[n-1]
		windowParsers.free = windowParsers.free[:n-1]
		return p
	}
	p := C.ts_parser_new()
	if !C.ts_parser_set_language(p, C.tree_sitter_python()) {
		panic("treesitter: tree-sitter-python's ABI is not its runtime's")
	}
	return p
}

func putWindowParser(p *C.TSParser) {
	windowParsers.Lock()
	windowParsers.free = append(windowParsers.free, p)
	windowParsers.Unlock()
}

// parseAlone parses text (already parseable) as a module of its own, the
// window at offset shift of a larger text, and returns its root without
// Children and its top-level statements, built at their offsets in the
// larger text, and whether it has syntax errors. ok is false when
// tree-sitter gave up. It is flatten of a fresh parse, in less memory.
func parseAlone(text []byte, shift int64) (head Node, tops []*Node, errors, ok bool) {
	var empty [1]byte
	src := &empty[0]
	if len(text) > 0 {
		src = &text[0]
	}
	p := takeWindowParser()
	tree := C.ts_parser_parse_string(p, nil, (*C.char)(unsafe.Pointer(src)), C.uint32_t(len(text)))
	putWindowParser(p)
	if tree == nil {
		return Node{}, nil, false, false
	}
	defer C.ts_tree_delete(tree)
	head, tops, errors = flattenWhole(C.ts_tree_root_node(tree), shift)
	return head, tops, errors, true
}

// flattenWhole is flatten(root, nothing to reuse, shift) in one walk: the
// root is the walk's first record and its children, the top-level
// statements, those whose parent is record 0.
func flattenWhole(root C.TSNode, shift int64) (Node, []*Node, bool) {
	loadNames(C.djls_language(root))
	var buf [smallWindow]C.djls_flat
	flat := readWhole(root, buf[:])

	self := &flat[0]
	var r Node
	r.StartByte, r.EndByte = uint32(int64(self.start)+shift), uint32(int64(self.end)+shift)
	r.Named, r.Missing = self.flags&C.DJLS_NAMED != 0, self.flags&C.DJLS_MISSING != 0
	r.symbol, r.cErrors = uint16(self.symbol), self.flags&C.DJLS_ERRORS != 0

	var counts [smallWindow]int32
	childCounts := counts[:0]
	if len(flat) > len(counts) {
		childCounts = make([]int32, len(flat))
	} else {
		childCounts = counts[:len(flat)]
	}
	ntops := 0
	for i := 1; i < len(flat); i++ {
		switch p := flat[i].parent; {
		case p == 0:
			flat[i].parent = -1 // a subtree of its own for fromFlat
			ntops++
		case p > 0:
			childCounts[p]++
		}
	}
	b := newBuilder(len(flat)-1, ntops)
	stmts := make([]*Node, 0, ntops)
	for f := 1; f < len(flat); {
		end := f + 1
		for end < len(flat) && flat[end].parent >= 0 {
			end++
		}
		n := b.fromFlat(flat[f:end], f, childCounts[f:end], shift)
		n.cErrors = flat[f].flags&C.DJLS_ERRORS != 0
		stmts = append(stmts, n)
		r.hasError = r.hasError || n.hasError
		f = end
	}
	r.hasError = r.hasError || r.IsError()
	return r, stmts, r.cErrors
}

// cNode is go-tree-sitter's node as the C API's: its Node starts with it.
func cNode(n *sitter.Node) C.TSNode { return *(*C.TSNode)(unsafe.Pointer(n)) }

// readWhole flattens the tree under root, root included, in one C call,
// into buf when it has room.
func readWhole(root C.TSNode, buf []C.djls_flat) []C.djls_flat {
	stack := (*C.int32_t)(C.malloc(C.size_t(MaxDepth) * 4))
	defer C.free(unsafe.Pointer(stack))
	top := C.djls_top{node: root}
	// About one node per 3 bytes of source (see readFresh).
	if guess := int(C.ts_node_end_byte(root)-C.ts_node_start_byte(root))/3 + 16; guess > len(buf) {
		buf = make([]C.djls_flat, guess+48)
	}
	for {
		n := int(C.djls_flatten(&top, 1, &buf[0], C.uint32_t(len(buf)), stack, MaxDepth, C.TSSymbol(stringSymbol)))
		if n <= len(buf) {
			return buf[:n]
		}
		buf = make([]C.djls_flat, n)
	}
}
