package lsp

// The keystroke benchmarks of issue 14, over the built binary's stdio:
// "char" retypes one character inside a string in the middle of the
// module; "insert" types one there and the next edit deletes it (every
// statement after it moves); "break" types "(" before a statement there
// (a syntax error) and the next edit deletes it; "append" adds `DEBUG = True` at the end and
// the next edit deletes it again. Each reports p50/p99/max edit→publish
// latency and the server's peak RSS.
//
//	go test ./internal/lsp -run '^$' -bench E2EEdits -benchtime 300x -count 3
//
// Set DJLS_BIN to measure a binary built elsewhere (an older commit).

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

func BenchmarkE2EEdits(b *testing.B) {
	for _, lines := range []int{200, 5000} {
		for _, kind := range []string{"char", "insert", "break", "append"} {
			b.Run(fmt.Sprintf("lines=%d/edit=%s", lines, kind), func(b *testing.B) {
				dir := b.TempDir()
				writeFiles(b, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
				c, cmd, _ := startBinary(b)
				c.initialize(dir, "", "")
				text := generatedModule(lines)
				u := c.open(filepath.Join(dir, "settings.py"), 1, text)
				c.waitPublish(u, 1)
				var latencies []time.Duration
				switch kind {
				case "char":
					latencies = retypeInMiddle(b, c, u, lines)
				case "insert":
					latencies = insertInMiddle(b, c, u, lines)
				case "break":
					latencies = breakInMiddle(b, c, u, lines)
				default:
					latencies = appendAndDelete(b, c, u, uint32(strings.Count(text, "\n")))
				}
				reportLatencies(b, latencies)
				b.ReportMetric(float64(latencies[len(latencies)-1].Microseconds())/1000, "max-ms")
				b.ReportMetric(vmHWM(b, cmd.Process.Pid), "peak-RSS-MB")
				c.shutdown()
			})
		}
	}
}

// insertInMiddle alternately types a character inside a string in the
// middle of the module and deletes it, b.N edits each waiting for its
// publish, and returns the sorted edit→publish latencies.
func insertInMiddle(b *testing.B, c *testClient, u uri.URI, lines int) []time.Duration {
	return typeAndDelete(b, c, u, uint32(lines/2), 25, "x")
}

// breakInMiddle alternately types an opening bracket before a statement
// in the middle of the module, a syntax error until the next edit deletes
// it.
func breakInMiddle(b *testing.B, c *testClient, u uri.URI, lines int) []time.Duration {
	return typeAndDelete(b, c, u, uint32(lines/2), 0, "(")
}

// typeAndDelete alternately types s at (line, col) and deletes it, b.N
// edits each waiting for its publish, and returns the sorted edit→publish
// latencies.
func typeAndDelete(b *testing.B, c *testClient, u uri.URI, line, col uint32, s string) []time.Duration {
	return timedEdits(b, c, u, func(i int) protocol.TextDocumentContentChangeEvent {
		if i%2 == 0 {
			return edit(line, col, line, col, s)
		}
		return edit(line, col, line, col+uint32(len(s)), "")
	})
}

// appendAndDelete alternately appends `DEBUG = True` on the line after
// the last one and deletes it, b.N edits each waiting for its publish, and
// returns the sorted edit→publish latencies.
func appendAndDelete(b *testing.B, c *testClient, u uri.URI, last uint32) []time.Duration {
	return timedEdits(b, c, u, func(i int) protocol.TextDocumentContentChangeEvent {
		if i%2 == 0 {
			return edit(last, 0, last, 0, "DEBUG = True\n")
		}
		return edit(last, 0, last+1, 0, "")
	})
}

// warmupEdits are made and waited for before the timed ones, as the
// issue's measurement has it ("300 edits after 20 warm-up"): the first
// edits after an open pay for the heap growing and first-use tables.
// Even, so that edits that alternate (type, then delete) keep their order.
const warmupEdits = 20

// timedEdits sends warmupEdits, then b.N edits, the i-th change(i), each
// waiting for its publish, and returns the b.N edit→publish latencies,
// sorted. Only those b.N are timed.
func timedEdits(b *testing.B, c *testClient, u uri.URI, change func(i int) protocol.TextDocumentContentChangeEvent) []time.Duration {
	latencies := make([]time.Duration, 0, b.N)
	c.lean.Store(true) // the client's work per edit is not the server's
	defer c.lean.Store(false)
	for i := 0; i < warmupEdits+b.N; i++ {
		if i == warmupEdits {
			b.ResetTimer()
		}
		v := int32(i + 2)
		start := time.Now()
		c.change(u, v, change(i))
		c.awaitPublish(u, v)
		if i >= warmupEdits {
			latencies = append(latencies, time.Since(start))
		}
	}
	b.StopTimer()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	return latencies
}
