package lsp

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

// TestMemoKeepsNoDiagnostics: a memo entry outlives its publish for every
// open module, so it keeps the checksum of the diagnostics, not them (with
// their encoded data and rule URLs they are ~1.3 KB per module).
func TestMemoKeepsNoDiagnostics(t *testing.T) {
	diag := reflect.TypeFor[protocol.Diagnostic]()
	mentions := func(ft reflect.Type) bool {
		for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Array {
			ft = ft.Elem()
		}
		return ft == diag
	}
	entry := reflect.TypeFor[memoEntry]()
	for i := range entry.NumField() {
		if f := entry.Field(i); mentions(f.Type) {
			t.Errorf("memoEntry.%s keeps diagnostics (%s)", f.Name, f.Type)
		}
	}
}

// TestMemoHitIsSentWhenThePublishIsGone: when what was published for an
// unchanged file is forgotten (its publish cleared by a folder removed
// meanwhile), the next analysis publishes its diagnostics again, built
// from the findings, although the memo holds only their checksum.
func TestMemoHitIsSentWhenThePublishIsGone(t *testing.T) {
	w := openTwoSites(t)
	c, s, pathB, a, b, first := w.c, w.s, w.pathB, w.a, w.b, w.firstB
	f := s.folderFor(pathB)
	f.pubMu.Lock()
	memo := f.diagMemo[pathB]
	s.mu.Lock()
	delete(s.published, pathB)
	s.mu.Unlock()
	f.pubMu.Unlock()
	if memo == nil {
		t.Fatal("no memo of b's diagnostics")
	}
	publishesOfB := func() []publication {
		var out []publication
		for _, p := range c.publications() {
			if p.URI == string(b) {
				out = append(out, p)
			}
		}
		return out
	}
	had := len(publishesOfB())
	c.change(a, 2, edit(0, 8, 0, 13, "True"))
	c.waitPublish(a, 2)
	c.barrier(a)
	pubs := publishesOfB()
	if len(pubs) != had+1 {
		t.Fatalf("b published %d times after the edit of a, want once", len(pubs)-had)
	}
	f.pubMu.Lock()
	same := f.diagMemo[pathB] == memo
	f.pubMu.Unlock()
	if !same {
		t.Errorf("b's memo entry was replaced: the test no longer covers a memo hit")
	}
	again := pubs[len(pubs)-1]
	if again.Version != 1 || !again.HasVersion || len(again.Diagnostics) == 0 || !reflect.DeepEqual(again.Diagnostics, first.Diagnostics) {
		t.Errorf("b republished as v%d %q, want v1 %q", again.Version, diagSummary(again.Diagnostics), diagSummary(first.Diagnostics))
	}
}
