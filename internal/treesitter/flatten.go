package treesitter

/*
#include <stdint.h>
#include <stdlib.h>
#include <stdbool.h>

// Declarations of the tree-sitter C API that go-tree-sitter compiles into its
// package; the layouts match its api.h. Declared here so that one C call can
// copy a whole tree into Go memory instead of one cgo call per node.
typedef uint16_t TSSymbol;
typedef uint16_t TSFieldId;
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
const TSLanguage *ts_tree_language(const TSTree *self);
uint32_t ts_language_symbol_count(const TSLanguage *self);
int ts_language_symbol_type(const TSLanguage *self, TSSymbol symbol);
static bool djls_symbol_named(const TSLanguage *l, TSSymbol s) { return ts_language_symbol_type(l, s) == 0; }
const char *ts_language_symbol_name(const TSLanguage *self, TSSymbol symbol);
uint32_t ts_language_field_count(const TSLanguage *self);
const char *ts_language_field_name_for_id(const TSLanguage *self, TSFieldId id);

typedef struct {
	uint32_t start, end;
	int32_t parent;
	uint16_t symbol, field;
	uint8_t flags;
} djls_flat;

enum { DJLS_NAMED = 1, DJLS_MISSING = 2 };

uint32_t ts_node_child_count(TSNode self);

// djls_flatten writes the nodes under root in pre-order into out (at most cap)
// and returns how many there are; the caller retries with a larger buffer when
// the result exceeds cap. maxDepth bounds the parent stack. A plain string
// literal (start, content, end and nothing else) is kept as one leaf: its
// parts add nothing that its text does not say.
static uint32_t djls_flatten(TSNode root, djls_flat *out, uint32_t cap, int32_t *stack, uint32_t maxDepth, TSSymbol stringSym) {
	TSTreeCursor c = ts_tree_cursor_new(root);
	uint32_t n = 0, depth = 0;
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&c);
		if (n < cap) {
			djls_flat *f = &out[n];
			f->start = ts_node_start_byte(node);
			f->end = ts_node_end_byte(node);
			f->symbol = ts_node_symbol(node);
			f->field = ts_tree_cursor_current_field_id(&c);
			f->parent = depth == 0 ? -1 : stack[depth - 1];
			f->flags = (ts_node_is_named(node) ? DJLS_NAMED : 0) | (ts_node_is_missing(node) ? DJLS_MISSING : 0);
		}
		bool leaf = ts_node_symbol(node) == stringSym && ts_node_child_count(node) <= 3;
		if (!leaf && depth < maxDepth && ts_tree_cursor_goto_first_child(&c)) {
			stack[depth++] = (int32_t)n;
			n++;
			continue;
		}
		n++;
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (depth == 0 || !ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return n;
			}
			depth--;
		}
	}
}

static const TSLanguage *djls_language(TSNode n) { return ts_tree_language(n.tree); }
*/
import "C"

import (
	"sync"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// MaxDepth bounds how deep the flattened tree goes. Deeper nodes (10,000
// nested brackets) are cut off: their subtree is dropped, never read.
const MaxDepth = 1024

// symbolNames and fieldNames intern the grammar's names once.
var (
	namesOnce   sync.Once
	symbolNames []string
	fieldNames  []string
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

// stringSymbol is the grammar's id for "string" nodes.
var stringSymbol uint16 = 0xFFFF

func symbolName(s uint16) string {
	if s == 0xFFFF {
		return "ERROR"
	}
	if int(s) < len(symbolNames) {
		return symbolNames[s]
	}
	return ""
}

// flatten copies the syntax tree under root into Go memory.
func flatten(root *sitter.Node) *Node {
	// About one node per 3 bytes of source: one walk, rarely two.
	capacity := max(uint32(root.EndByte())/3+64, 1024)
	// go-tree-sitter's Node starts with its C.TSNode; the layout is the C API's.
	cnode := *(*C.TSNode)(unsafe.Pointer(root))
	loadNames(C.djls_language(cnode))

	stack := (*C.int32_t)(C.malloc(C.size_t(MaxDepth) * 4))
	defer C.free(unsafe.Pointer(stack))
	var flat []C.djls_flat
	var n uint32
	for {
		buf := (*C.djls_flat)(C.malloc(C.size_t(capacity) * C.size_t(unsafe.Sizeof(C.djls_flat{}))))
		n = uint32(C.djls_flatten(cnode, buf, C.uint32_t(capacity), stack, MaxDepth, C.TSSymbol(stringSymbol)))
		if n <= capacity {
			flat = make([]C.djls_flat, n)
			copy(flat, unsafe.Slice(buf, n))
			C.free(unsafe.Pointer(buf))
			break
		}
		C.free(unsafe.Pointer(buf))
		capacity = n
	}

	nodes := make([]Node, n)
	counts := make([]int32, n)
	for i := range flat {
		if p := flat[i].parent; p >= 0 {
			counts[p]++
		}
	}
	kids := make([]*Node, 0, n)
	offsets := make([]int32, n)
	var total int32
	for i := range counts {
		offsets[i] = total
		total += counts[i]
	}
	kids = kids[:total]
	fill := make([]int32, n)
	for i := range flat {
		f := &flat[i]
		nd := &nodes[i]
		nd.Type = symbolName(uint16(f.symbol))
		if int(f.field) < len(fieldNames) {
			nd.Field = fieldNames[f.field]
		}
		nd.StartByte, nd.EndByte = uint32(f.start), uint32(f.end)
		nd.Named = f.flags&C.DJLS_NAMED != 0
		nd.Missing = f.flags&C.DJLS_MISSING != 0
		nd.Children = kids[offsets[i] : offsets[i] : offsets[i]+counts[i]]
		if p := f.parent; p >= 0 {
			nd.Parent = &nodes[p]
			kids[offsets[p]+fill[p]] = nd
			fill[p]++
		}
	}
	for i := range nodes {
		nodes[i].Children = nodes[i].Children[:counts[i]]
	}
	return &nodes[0]
}
