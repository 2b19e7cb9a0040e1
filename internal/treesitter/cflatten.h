// C side of flatten.go and window.go: declarations of the tree-sitter C API
// and the walks that copy a tree into Go memory in one call.
#ifndef DJLS_FLATTEN_H
#define DJLS_FLATTEN_H
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
static inline bool djls_symbol_named(const TSLanguage *l, TSSymbol s) { return ts_language_symbol_type(l, s) == 0; }
const char *ts_language_symbol_name(const TSLanguage *self, TSSymbol symbol);
uint32_t ts_language_field_count(const TSLanguage *self);
const char *ts_language_field_name_for_id(const TSLanguage *self, TSFieldId id);

// DJLS_ERRORS (djls_flatten, depth 0 and 1 only): ts_node_has_error.
enum { DJLS_NAMED = 1, DJLS_MISSING = 2, DJLS_ERRORS = 4 };

static inline uint8_t djls_flags(TSNode n) {
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
static inline uint32_t djls_top_level(TSNode root, djls_top *self, djls_top *out, uint32_t cap) {
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
static inline uint32_t djls_flatten(const djls_top *roots, uint32_t count, djls_flat *out, uint32_t cap, int32_t *stack, uint32_t maxDepth, TSSymbol stringSym) {
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
				f->flags = djls_flags(node) | (depth <= 1 && ts_node_has_error(node) ? DJLS_ERRORS : 0);
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

static inline const TSLanguage *djls_language(TSNode n) { return ts_tree_language(n.tree); }

// Parsing without go-tree-sitter's Go wrappers (see window.go).
typedef struct TSParser TSParser;
TSParser *ts_parser_new(void);
bool ts_parser_set_language(TSParser *self, const TSLanguage *language);
TSTree *ts_parser_parse_string(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length);
TSNode ts_tree_root_node(const TSTree *self);
void ts_tree_delete(TSTree *self);
const TSLanguage *tree_sitter_python(void);
#endif
