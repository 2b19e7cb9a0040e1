package evaluator

import (
	"os"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

func TestDebugDump(t *testing.T) {
	p := os.Getenv("DJLS_DUMP")
	if p == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(p)
	m := Evaluate(p, treesitter.Parse(src), nil)
	for _, n := range m.Order {
		b := m.Names[n]
		t.Logf("%s = %s  span=%d-%d %q env=%v note=%s", n, b.Value.Repr(), b.Value.Span.Start, b.Value.Span.End, string(src[max(0, b.Value.Span.Start):max(0, b.Value.Span.End)]), b.Value.Env != nil, b.Value.Note)
	}
	for _, mu := range m.Misuses {
		t.Logf("misuse %v %s", mu.Span, mu.Message)
	}
}
