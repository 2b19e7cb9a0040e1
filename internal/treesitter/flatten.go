package treesitter

/*
#include <stdint.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

// Declarations of the tree-sitter C API that go-tree-sitter compiles into its
// package; the layouts match its api.h. Declared here so that one C call can
// copy many nodes into Go memory instead of one cgo call per node.
typedef uint16_t TSSymbol;
typedef uint16_t TSFieldId;
typedef uint16_t TSStateId;
typedef struct TSTree TSTree;
typedef struct TSLanguage TSLanguage;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;

TSTreeCursor ts_tree_cursor_new(TSNode node);
void ts_tree_cursor_delete(TSTreeCursor *self);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
TSFieldId ts_tree_cursor_current_field_id(const TSTreeCursor *self);
bool ts_tree_cursor_goto_parent(TSTreeCursor *self);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);
TSSymbol ts_node_symbol(TSNode self);
uint32_t ts_node_start_byte(TSNode self);
uint32_t ts_node_end_byte(TSNode self);
bool ts_node_is_named(TSNode self);
bool ts_node_is_missing(TSNode self);
uint32_t ts_node_child_count(TSNode self);
const TSLanguage *ts_tree_language(const TSTree *self);
uint32_t ts_language_symbol_count(const TSLanguage *self);
int ts_language_symbol_type(const TSLanguage *self, TSSymbol symbol);
static bool djls_symbol_named(const TSLanguage *l, TSSymbol s) { return ts_language_symbol_type(l, s) == 0; }
const char *ts_language_symbol_name(const TSLanguage *self, TSSymbol symbol);
uint32_t ts_language_field_count(const TSLanguage *self);
const char *ts_language_field_name_for_id(const TSLanguage *self, TSFieldId id);

enum { DJLS_NAMED = 1, DJLS_MISSING = 2 };

static uint8_t djls_flags(TSNode n) {
	return (ts_node_is_named(n) ? DJLS_NAMED : 0) | (ts_node_is_missing(n) ? DJLS_MISSING : 0);
}

// One flattened node; parent indexes the same output array (-1: a root).
typedef struct {
	uint32_t start, end;
	int32_t parent;
	uint16_t symbol, field;
	uint8_t flags;
} djls_flat;

// One child of the root, with what deciding its reuse needs (see reusable).
typedef struct {
	TSNode node;
	uint32_t start, end;
	uint16_t symbol, field, state;
	uint8_t flags;
	bool changed, errors;
} djls_top;

TSStateId ts_node_parse_state(TSNode self);
bool ts_node_has_changes(TSNode self);
bool ts_node_has_error(TSNode self);

// djls_top_level describes root in *self and its visible children (depth 1
// only) in out (at most cap); it returns how many children there are, and the
// caller retries with a larger buffer when that exceeds cap.
static uint32_t djls_top_level(TSNode root, djls_top *self, djls_top *out, uint32_t cap) {
	self->node = root;
	self->start = ts_node_start_byte(root);
	self->end = ts_node_end_byte(root);
	self->symbol = ts_node_symbol(root);
	self->flags = djls_flags(root);
	self->errors = ts_node_has_error(root);
	TSTreeCursor c = ts_tree_cursor_new(root);
	uint32_t n = 0;
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			if (n < cap) {
				djls_top *t = &out[n];
				t->node = ts_tree_cursor_current_node(&c);
				t->start = ts_node_start_byte(t->node);
				t->end = ts_node_end_byte(t->node);
				t->symbol = ts_node_symbol(t->node);
				t->field = ts_tree_cursor_current_field_id(&c);
				t->state = ts_node_parse_state(t->node);
				t->flags = djls_flags(t->node);
				t->changed = ts_node_has_changes(t->node);
				t->errors = ts_node_has_error(t->node);
			}
			n++;
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return n;
}

// djls_flatten writes the nodes under each of roots[0..count) in pre-order
// into out (at most cap) and returns how many there are; the caller retries
// with a larger buffer when the result exceeds cap. Each root's parent is -1.
// maxDepth bounds the depth below a root (and the parent stack). A plain
// string literal (start, content, end and nothing else) is kept as one leaf:
// its parts add nothing that its text does not say. A string with an error
// keeps its parts: an unterminated '''...''' at the end of the file has only a
// MISSING string_end to say the file does not parse.
static uint32_t djls_flatten(const djls_top *roots, uint32_t count, djls_flat *out, uint32_t cap, int32_t *stack, uint32_t maxDepth, TSSymbol stringSym) {
	uint32_t n = 0;
	for (uint32_t r = 0; r < count; r++) {
		TSTreeCursor c = ts_tree_cursor_new(roots[r].node);
		uint32_t depth = 0;
		for (;;) {
			TSNode node = ts_tree_cursor_current_node(&c);
			if (n < cap) {
				djls_flat *f = &out[n];
				f->start = ts_node_start_byte(node);
				f->end = ts_node_end_byte(node);
				f->symbol = ts_node_symbol(node);
				f->field = depth == 0 ? roots[r].field : ts_tree_cursor_current_field_id(&c);
				f->parent = depth == 0 ? -1 : stack[depth - 1];
				f->flags = djls_flags(node);
			}
			bool leaf = ts_node_symbol(node) == stringSym && ts_node_child_count(node) <= 3 && !ts_node_has_error(node);
			if (!leaf && depth < maxDepth && ts_tree_cursor_goto_first_child(&c)) {
				stack[depth++] = (int32_t)n++;
				continue;
			}
			n++;
			// Up to the nearest ancestor with a next sibling, stopping at the root.
			while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&c)) {
				ts_tree_cursor_goto_parent(&c);
				depth--;
			}
			if (depth == 0) break;
		}
		ts_tree_cursor_delete(&c);
	}
	return n;
}

static const TSLanguage *djls_language(TSNode n) { return ts_tree_language(n.tree); }
*/
import "C"

import (
	"sync"
	"unsafe"

	"github.com/djls-dev/djls/internal/pvec"
	sitter "github.com/smacker/go-tree-sitter"
)

// MaxDepth bounds how deep the flattened tree goes (the module is depth 0).
// Deeper nodes (10,000 nested brackets) are cut off: their subtree is
// dropped, never read.
const MaxDepth = 1024

// symbolNames and fieldNames intern the grammar's names once.
var (
	namesOnce   sync.Once
	symbolNames []string
	fieldNames  []string
	// stringSymbol is the grammar's id for "string" nodes.
	stringSymbol uint16 = 0xFFFF
)

func loadNames(lang *C.TSLanguage) {
	namesOnce.Do(func() {
		ns := uint32(C.ts_language_symbol_count(lang))
		symbolNames = make([]string, ns)
		for i := uint32(0); i < ns; i++ {
			if p := C.ts_language_symbol_name(lang, C.TSSymbol(i)); p != nil {
				symbolNames[i] = C.GoString(p)
				if symbolNames[i] == "string" && stringSymbol == 0xFFFF && C.djls_symbol_named(lang, C.TSSymbol(i)) {
					stringSymbol = uint16(i)
				}
			}
		}
		nf := uint32(C.ts_language_field_count(lang))
		fieldNames = make([]string, nf+1)
		for i := uint32(1); i <= nf; i++ {
			if p := C.ts_language_field_name_for_id(lang, C.TSFieldId(i)); p != nil {
				fieldNames[i] = C.GoString(p)
			}
		}
	})
}

// symbolError is tree-sitter's ERROR symbol, symbolModule a module made
// without a parse (Module, the root of a text tree-sitter gave up on): an
// id no grammar of a few hundred symbols has, and not 0xFFFE, tree-sitter's
// own hidden error-repeat symbol.
const (
	symbolError  uint16 = 0xFFFF
	symbolModule uint16 = 0xFFF0
)

func symbolName(s uint16) string {
	switch s {
	case symbolError:
		return "ERROR"
	case symbolModule:
		return "module"
	}
	if int(s) < len(symbolNames) {
		return symbolNames[s]
	}
	return ""
}

func fieldName(f uint16) string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return ""
}

// Parse states with a special meaning (subtree.h, error_costs.h).
const (
	stateNone  = 0xFFFF // the node came out of an ambiguity: fragile
	stateError = 0      // the node was parsed during error recovery
)

// reusable reports whether a new top-level child (c) has the same subtree as
// an old one (o, as in the old tree after tree.Edit, and prev, its Go copy).
// This is tree-sitter's own test in ts_tree_get_changed_ranges: the same
// symbol at the same place with the same size, the old node untouched by the
// edit (its lookahead included), and neither node fragile; stricter, neither
// may contain a syntax error, since error recovery inside can differ (the
// fuzz test found an ERROR that took in the newline before it). Field and
// flags come from the parent, so they must agree too.
func reusable(c, o *C.djls_top, prev *Node) bool {
	return c.start == o.start && c.end-c.start == o.end-o.start && !bool(o.changed) &&
		!bool(c.errors) && !bool(o.errors) &&
		c.symbol == o.symbol && c.field == o.field && c.flags == o.flags &&
		c.state != stateNone && o.state != stateNone && (c.state == stateError) == (o.state == stateError) &&
		prev.symbol == uint16(o.symbol) && prev.fieldID == uint16(o.field) &&
		prev.Named == (o.flags&C.DJLS_NAMED != 0) && prev.Missing == (o.flags&C.DJLS_MISSING != 0)
}

// topLevelOf lists the children of root, and root itself.
func topLevelOf(root C.TSNode, capacity int) (self C.djls_top, tops []C.djls_top) {
	tops = make([]C.djls_top, max(capacity, 8))
	if n := int(C.djls_top_level(root, &self, &tops[0], C.uint32_t(len(tops)))); n > len(tops) {
		tops = make([]C.djls_top, n)
		C.djls_top_level(root, &self, &tops[0], C.uint32_t(len(tops)))
	} else {
		tops = tops[:n]
	}
	return self, tops
}

// flatten copies the syntax tree under root into Go memory, every offset
// moved by shift (a window parsed alone sits shift bytes into the text).
// After an edit, old is the top-level list of the previous version and
// edited the root of its C tree after tree.Edit: the children that are
// reusable are taken from old (shared when they did not move, else copied
// and moved), and only the others are read through cgo. It returns the
// root without its Children, its top-level children, how many of them were
// read fresh, and whether the tree has syntax errors.
func flatten(root *sitter.Node, old pvec.Vec[*Node], edited *sitter.Node, shift int64) (Node, []*Node, int, bool) {
	// go-tree-sitter's Node starts with its C.TSNode; the layout is the C API's.
	cnode := *(*C.TSNode)(unsafe.Pointer(root))
	loadNames(C.djls_language(cnode))
	self, tops := topLevelOf(cnode, old.Len()+16)
	var before []C.djls_top
	if edited != nil {
		_, before = topLevelOf(*(*C.TSNode)(unsafe.Pointer(edited)), old.Len())
		if len(before) != old.Len() {
			before = nil // not the tree old was read from: reuse nothing
		}
	}

	// reuse[i] is the index in old of tops[i]'s subtree, or -1.
	reuse := make([]int, len(tops))
	fresh := make([]C.djls_top, 0, len(tops))
	copied, builtTops := 0, 0
	j := 0
	for i := range tops {
		reuse[i] = -1
		for j < len(before) && before[j].start < tops[i].start {
			j++
		}
		for k := j; k < len(before) && before[k].start == tops[i].start; k++ {
			if reusable(&tops[i], &before[k], old.At(k)) {
				reuse[i], j = k, k+1
				break
			}
		}
		switch k := reuse[i]; {
		case k < 0:
			fresh = append(fresh, tops[i])
			builtTops++
		case int64(tops[i].start)+shift != int64(old.At(k).StartByte):
			copied += subtreeSize(old.At(k))
			builtTops++
		}
	}
	flat := readFresh(fresh)

	b := newBuilder(copied+len(flat), builtTops)
	var r Node
	r.StartByte, r.EndByte = uint32(int64(self.start)+shift), uint32(int64(self.end)+shift)
	r.Named, r.Missing = self.flags&C.DJLS_NAMED != 0, self.flags&C.DJLS_MISSING != 0
	r.symbol, r.cErrors = uint16(self.symbol), bool(self.errors)

	childCounts := make([]int32, len(flat))
	for i := range flat {
		if p := flat[i].parent; p >= 0 {
			childCounts[p]++
		}
	}
	stmts := make([]*Node, len(tops))
	var f int // next unread record of flat
	for i := range tops {
		t := &tops[i]
		var n *Node
		if j := reuse[i]; j >= 0 {
			n = b.moved(old.At(j), int64(t.start)+shift-int64(old.At(j).StartByte))
		} else {
			end := f + 1
			for end < len(flat) && flat[end].parent >= 0 {
				end++
			}
			n = b.fromFlat(flat[f:end], f, childCounts[f:end], shift)
			n.cErrors = bool(t.errors)
			f = end
		}
		stmts[i] = n
		r.hasError = r.hasError || n.hasError
	}
	r.hasError = r.hasError || r.IsError()
	return r, stmts, len(fresh), bool(self.errors)
}

// subtreeSize counts the nodes of n's subtree.
func subtreeSize(n *Node) int {
	size := 1
	for _, c := range n.Children {
		size += subtreeSize(c)
	}
	return size
}

// readFresh flattens the subtrees under roots in one C call.
func readFresh(roots []C.djls_top) []C.djls_flat {
	if len(roots) == 0 {
		return nil
	}
	stack := (*C.int32_t)(C.malloc(C.size_t(MaxDepth) * 4))
	defer C.free(unsafe.Pointer(stack))
	var span uint32
	for _, r := range roots {
		span += uint32(r.end - r.start)
	}
	// About one node per 3 bytes of source: one walk, rarely two.
	flat := make([]C.djls_flat, span/3+uint32(len(roots))+64)
	for {
		n := int(C.djls_flatten(&roots[0], C.uint32_t(len(roots)), &flat[0], C.uint32_t(len(flat)), stack, MaxDepth-1, C.TSSymbol(stringSymbol)))
		if n <= len(flat) {
			return flat[:n]
		}
		flat = make([]C.djls_flat, n)
	}
}

// builder hands out nodes and child slots from two slabs, in pre-order: a
// node's children slots are reserved when the node is made, and filled by
// append as its children are made.
type builder struct {
	nodes []Node
	kids  []*Node
	used  int // nodes handed out
	slots int // child slots reserved
}

// newBuilder sizes the slabs for nodes built nodes, of which builtTops are
// top-level statements: every other one is the child of a built node. The
// module's own list of statements is not in the slabs (it is a pvec.Vec,
// shared across versions).
func newBuilder(nodes, builtTops int) builder {
	return builder{nodes: make([]Node, nodes), kids: make([]*Node, nodes-builtTops)}
}

func (b *builder) alloc(children int) *Node {
	n := &b.nodes[b.used]
	b.used++
	n.Children = b.kids[b.slots : b.slots : b.slots+children]
	b.slots += children
	return n
}

// moved returns the top-level statement src moved by delta bytes: src
// itself when it did not move (versions share it, see Node), else a copy.
func (b *builder) moved(src *Node, delta int64) *Node {
	if delta == 0 {
		return src
	}
	return b.copy(src, Module, delta)
}

// copy makes a copy of the subtree src under parent, moved by delta bytes.
// src is never written: older documents share it.
func (b *builder) copy(src, parent *Node, delta int64) *Node {
	n := b.alloc(len(src.Children))
	children := n.Children
	*n = *src
	n.StartByte, n.EndByte = uint32(int64(src.StartByte)+delta), uint32(int64(src.EndByte)+delta)
	n.Parent = parent
	n.Children = children
	for _, c := range src.Children {
		n.Children = append(n.Children, b.copy(c, n, delta))
	}
	return n
}

// fromFlat makes the nodes of one pre-order subtree read by djls_flatten
// (flat[0] is its root, a top-level statement, at index offset of the whole
// read, which parent indexes count from), moved by shift bytes, and returns
// its root.
func (b *builder) fromFlat(flat []C.djls_flat, offset int, childCounts []int32, shift int64) *Node {
	base := b.used
	for i := range flat {
		f := &flat[i]
		n := b.alloc(int(childCounts[i]))
		n.StartByte, n.EndByte = uint32(int64(f.start)+shift), uint32(int64(f.end)+shift)
		n.Named = f.flags&C.DJLS_NAMED != 0
		n.Missing = f.flags&C.DJLS_MISSING != 0
		n.symbol, n.fieldID = uint16(f.symbol), uint16(f.field)
		if p := int(f.parent); p >= 0 {
			n.Parent = &b.nodes[base+p-offset]
			n.Parent.Children = append(n.Parent.Children, n)
		} else {
			n.Parent = Module
		}
	}
	noteErrors(b.nodes[base:b.used])
	return &b.nodes[base]
}
