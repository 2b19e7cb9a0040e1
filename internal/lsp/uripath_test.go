package lsp

import (
	"strings"
	"testing"
	"unsafe"

	"go.lsp.dev/uri"
)

// TestURIPathIsACopy: the path of a document URI shares no memory with the
// URI, which the protocol decoder may have cut out of the whole message (a
// didOpen's, text included): the path, kept as long as the document is
// open, would keep that message too.
func TestURIPathIsACopy(t *testing.T) {
	msg := `{"uri":"file:///home/u/site/settings.py","text":"DEBUG = True\n"}`
	const spelled = "file:///home/u/site/settings.py"
	i := strings.Index(msg, spelled)
	u := uri.URI(msg[i : i+len(spelled)])
	p := uriPath(u)
	if p != "/home/u/site/settings.py" {
		t.Fatalf("uriPath = %q", p)
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(msg)))
	at := uintptr(unsafe.Pointer(unsafe.StringData(p)))
	if at >= start && at < start+uintptr(len(msg)) {
		t.Error("the path points into the message it came from")
	}
}
