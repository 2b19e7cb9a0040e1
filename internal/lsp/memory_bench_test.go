package lsp

// Where the memory of BenchmarkE2EMemory50Docs goes, measured inside one
// process so a heap profile can say what is kept:
//
//	go test ./internal/lsp -run '^$' -bench InProcessMemory50Docs -benchtime 1x \
//	    -memprofile mem.out -memprofilerate 1
//	go tool pprof -sample_index=inuse_space -top mem.out
//
// The server's peak RSS is about its file pages (the binary: whole
// page-cache folios get mapped) plus the Go heap's peak, which with GOGC=100
// is up to twice the live heap at the last collection, plus ~3 MB of
// runtime metadata. live-heap-MB and KB/doc are what the open documents
// keep; heap-goal-MB is where the next collection starts.

import (
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"

	"go.lsp.dev/uri"
)

// memoryDocs is how many modules the memory benchmarks open, and
// memoryLines the size of each.
const (
	memoryDocs  = 50
	memoryLines = 200
)

// openAndEditEach opens memoryDocs generated modules, one per folder under
// dir, waits for their diagnostics, then edits each once, as a session
// would, and waits again.
func openAndEditEach(b *testing.B, c *testClient, dir string) {
	var uris []uri.URI
	for d := range memoryDocs {
		path := filepath.Join(dir, fmt.Sprintf("site%02d", d), "settings.py")
		uris = append(uris, c.open(path, 1, generatedModule(memoryLines)))
	}
	for _, u := range uris {
		c.waitPublish(u, 1)
	}
	for _, u := range uris {
		c.change(u, 2, edit(100, 25, 100, 26, "z"))
	}
	for _, u := range uris {
		c.waitPublish(u, 2)
	}
}

// BenchmarkInProcessMemory50Docs measures once, whatever b.N.
func BenchmarkInProcessMemory50Docs(b *testing.B) {
	for range min(b.N, 1) {
		dir := benchProject(b)
		c, _ := startServerOf(b, nil)
		c.initialize(dir, "", "")
		base := liveHeap()
		openAndEditEach(b, c, dir)
		c.forgetNotifications() // the client's, not the server's: E2E has them in another process
		live := liveHeap()
		b.ReportMetric(float64(live)/(1<<20), "live-heap-MB")
		b.ReportMetric(float64(live-base)/1024/memoryDocs, "KB/doc")
		b.ReportMetric(float64(heapMetric("/gc/heap/goal:bytes"))/(1<<20), "heap-goal-MB")
	}
}

// forgetNotifications drops the notifications c has received: the
// publishes it keeps for its waits hold their params (~5 KB per document
// here), which the server does not hold.
func (c *testClient) forgetNotifications() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.notes = nil
	clear(c.versions)
}

// liveHeap collects twice (the second finishes the first's sweep) and
// returns the bytes of live heap objects.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	return heapMetric("/memory/classes/heap/objects:bytes")
}

// heapMetric reads one runtime/metrics value in bytes.
func heapMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkInProcessDidChange50Open is BenchmarkInProcessDidChange's
// keystroke in a 200-line module while memoryDocs such modules are open:
// what a keystroke costs for the documents it does not change.
func BenchmarkInProcessDidChange50Open(b *testing.B) {
	dir := benchProject(b)
	c, _ := startServerOf(b, nil)
	c.initialize(dir, "", "")
	var uris []uri.URI
	for d := range memoryDocs {
		uris = append(uris, c.open(filepath.Join(dir, fmt.Sprintf("site%02d", d), "settings.py"), 1, generatedModule(memoryLines)))
	}
	for _, u := range uris {
		c.waitPublish(u, 1)
	}
	reportLatencies(b, retypeInMiddle(b, c, uris[0], memoryLines))
}
