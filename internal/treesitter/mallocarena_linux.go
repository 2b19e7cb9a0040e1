//go:build linux && cgo

package treesitter

// glibc's malloc, which tree-sitter's parses use, makes an arena for each
// thread that allocates while another holds the main one, up to 8 per core,
// and each keeps a few hundred KB after the trees in it are freed. djls
// parses on one goroutine at a time (the CLI) or on two rarely at once (the
// language server: an edit, an analysis reading the disk), so one arena
// costs no time and saves ~1.4 MB of RSS with 50 open documents
// (BenchmarkE2EMemory50Docs). It must be set before the runtime starts its
// threads, hence a constructor; MALLOC_ARENA_MAX, when set, is left in
// force. Other C libraries (musl) have no arenas.

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
__attribute__((constructor)) static void djls_one_malloc_arena(void) {
	if (getenv("MALLOC_ARENA_MAX") == NULL) {
		mallopt(M_ARENA_MAX, 1);
	}
}
#endif
*/
import "C"
