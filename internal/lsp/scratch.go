package lsp

import "sync"

// scratch buffers encode a message or a file's diagnostics that is only
// read before the call returns (written to the stream, hashed): a publish
// for a 200-line module encoded ~4 KB twice per keystroke into fresh
// memory, a tenth of what a keystroke allocates, and so of how often the
// collector runs in the middle of one.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// maxScratch is the largest buffer kept for reuse.
const maxScratch = 256 << 10

func getScratch() *[]byte { return scratch.Get().(*[]byte) }

// putScratch keeps buf (grown from *bp) for the next encoding.
func putScratch(bp *[]byte, buf []byte) {
	if cap(buf) > maxScratch {
		return
	}
	*bp = buf[:0]
	scratch.Put(bp)
}
