package lsp

// Stress benchmarks for the hardening issue: a long typing soak (latency,
// RSS and goroutines before and after) and editing while a 20,000-file
// workspace is indexed.
//
//	go test ./internal/lsp -run '^$' -bench 'Soak|Indexing' -benchtime 1x
//	DJLS_SOAK_EDITS=100000 go test ./internal/lsp -run '^$' -bench Soak -benchtime 1x

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// selfRSS is this process's resident set size in MB (Go heap and the C
// memory tree-sitter allocates alike).
func selfRSS(tb testing.TB) float64 { return procStatusMB(tb, "self", "VmRSS") }

// dropNotes forgets the notifications received so far (a soak would
// otherwise measure the test client's memory).
func (c *testClient) dropNotes() {
	c.mu.Lock()
	c.notes = nil
	clear(c.versions)
	c.mu.Unlock()
}

func settle() {
	runtime.GC()
	debug.FreeOSMemory()
	time.Sleep(200 * time.Millisecond)
}

// BenchmarkSoak types DJLS_SOAK_EDITS edits (default 20,000) into a 200-line
// module, waiting for the publish of every 50th: edit->publish latency of
// those, and RSS and goroutines after a warm-up and at the end.
func BenchmarkSoak(b *testing.B) {
	edits := 20000
	if n, err := strconv.Atoi(os.Getenv("DJLS_SOAK_EDITS")); err == nil && n > 0 {
		edits = n
	}
	for i := 0; i < min(b.N, 1); i++ {
		dir := benchProject(b)
		c, _ := startServerOf(b, nil)
		c.initialize(dir, "", "")
		u := c.open(filepath.Join(dir, "settings.py"), 1, generatedModule(200))
		c.waitPublish(u, 1)
		type sample struct {
			rss        float64
			goroutines int
		}
		measure := func() sample { settle(); return sample{selfRSS(b), runtime.NumGoroutine()} }
		var latencies []time.Duration
		var before sample
		const warmup = 2000
		for v := int32(2); v <= int32(edits+warmup+1); v++ {
			line := uint32(20 + int(v)%150)
			start := time.Now()
			c.change(u, v, edit(line, 25, line, 26, string(rune('a'+v%26))))
			if v%50 == 0 {
				c.waitPublish(u, v)
				if v > warmup {
					latencies = append(latencies, time.Since(start))
				}
				c.dropNotes()
			}
			if v == warmup {
				before = measure()
			}
		}
		c.waitPublish(u, int32(edits+warmup+1))
		after := measure()
		sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
		b.ReportMetric(float64(edits), "edits")
		b.ReportMetric(float64(percentile(latencies, 0.50).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(percentile(latencies, 0.99).Microseconds())/1000, "p99-ms")
		b.ReportMetric(before.rss, "RSS-before-MB")
		b.ReportMetric(after.rss, "RSS-after-MB")
		b.ReportMetric(float64(before.goroutines), "goroutines-before")
		b.ReportMetric(float64(after.goroutines), "goroutines-after")
		c.shutdown()
	}
}

// BenchmarkIndexing opens a 20,000-file workspace in the real binary and
// edits a settings module while it is indexed: latency of those edits, the
// time until a settings module nobody opened is published (indexing done),
// and the server's peak RSS.
func BenchmarkIndexing(b *testing.B) {
	for i := 0; i < min(b.N, 1); i++ {
		dir := b.TempDir()
		files := map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n", "manage.py": "",
			"site/settings.py": "DEBUG = True\nROOT_URLCONF = 'site.urls'\n"}
		for f := 0; f < 20000; f++ {
			files[fmt.Sprintf("pkg%03d/mod%03d.py", f/100, f%100)] = fmt.Sprintf("def f%d():\n    return %d\n", f, f)
		}
		writeFiles(b, dir, files)
		c, cmd, _ := startBinary(b)
		start := time.Now()
		c.initialize(dir, "", "")
		u := c.open(filepath.Join(dir, "app", "settings.py"), 1, generatedModule(200))
		var latencies []time.Duration
		for v := int32(2); v < 202; v++ {
			t0 := time.Now()
			c.change(u, v, edit(100, 25, 100, 26, string(rune('a'+v%26))))
			c.waitPublish(u, v)
			latencies = append(latencies, time.Since(t0))
		}
		c.waitUntil("publish of the unopened site/settings.py", func() bool {
			for _, m := range c.notes {
				if strings.HasSuffix(m.pubURI, "/site/settings.py") {
					return true
				}
			}
			return false
		})
		indexed := time.Since(start)
		sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
		b.ReportMetric(float64(indexed.Milliseconds()), "indexed-ms")
		b.ReportMetric(float64(percentile(latencies, 0.50).Microseconds())/1000, "edit-p50-ms")
		b.ReportMetric(float64(percentile(latencies, 0.99).Microseconds())/1000, "edit-p99-ms")
		b.ReportMetric(vmHWM(b, cmd.Process.Pid), "peak-RSS-MB")
		c.shutdown()
	}
}
