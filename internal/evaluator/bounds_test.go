package evaluator

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// doubling repeats line n times after setup: each run doubles a value.
func doubling(setup, line string, n int) string {
	return setup + strings.Repeat(line+"\n", n)
}

// checkBounded asserts an evaluation stayed inside its bounds: the work
// spent is under WorkBudget and every bound value measures under
// MaxValueSize (measured afresh, not from the cache).
func checkBounded(t *testing.T, m *Module) {
	t.Helper()
	if m.Work > WorkBudget+MaxValueSize {
		t.Errorf("work %d, budget %d", m.Work, WorkBudget)
	}
	for name, b := range m.Names.All() {
		if n := measure(b.Value, map[*Value]bool{}); n > MaxValueSize {
			t.Errorf("%s measures %d, over MaxValueSize %d", name, n, MaxValueSize)
		}
	}
}

// measure is size without the cache, stopping past MaxValueSize; seen
// guards against a value that holds itself.
func measure(v *Value, seen map[*Value]bool) int {
	if v == nil || !sized(v.Kind) && v.Partial == Unknown {
		return 1
	}
	if seen[v] {
		return MaxValueSize + 1
	}
	seen[v] = true
	defer delete(seen, v)
	n := 1 + len(v.Str)
	for _, it := range v.Items {
		n += 1 + measure(it, seen)
	}
	for _, k := range v.Keys {
		n += measure(k, seen)
	}
	return min(n, MaxValueSize+1)
}

// TestValueGrowthIsBounded: a module that doubles a value on each line
// (the red-team module that ran check and serve out of memory) evaluates
// within the bounds, and the grown value is unknown.
func TestValueGrowthIsBounded(t *testing.T) {
	const n = 40 // 2⁴⁰ copies: far past any machine
	cases := []struct{ name, src, setting string }{
		// [L, L] regrows from [unknown, unknown] once L is past the bound:
		// stop one line past it.
		{"nesting", doubling("L = ['abcdefgh']\n", "L = [L, L]", 13), "L"},
		{"dict nesting", doubling("D = {'k': 'v'}\n", "D = {'a': D, 'b': D}", 13), "D"},
		{"str plus", doubling("S = 'abcdefgh'\n", "S = S + S", n), "S"},
		{"bytes plus", doubling("S = b'abcdefgh'\n", "S = S + S", n), "S"},
		{"list plus", doubling("L = ['abcdefgh']\n", "L = L + L", n), "L"},
		{"tuple plus", doubling("L = ('a', 'b')\n", "L = L + L", n), "L"},
		{"augmented", doubling("L = ['abcdefgh']\n", "L += L", n), "L"},
		{"augmented str", doubling("S = 'x'\n", "S += S", n), "S"},
		{"unpacking", doubling("L = ['abcdefgh']\n", "L = [*L, *L]", n), "L"},
		{"join", doubling("S = 'abcdefgh'\n", "S = ''.join([S, S])", n), "S"},
		{"join with separator", doubling("S = 'abcdefgh'\n", "S = S.join([S, S, S])", n), "S"},
		{"replace", doubling("S = 'abcdefgh'\n", "S = S.replace('a', S)", n), "S"},
		{"dict merge", doubling("D = {'k': 'v'}\n", "D = {**D, 'k' + str(len(D)): D}", n), "D"},
		{"dict union", doubling("D = {'k': 'v'}\n", "D = D | {'x' + str(len(D)): D}", n), "D"},
		{"dict update", doubling("D = {'k': 'v'}\n", "D.update({'a': D, 'b': D})", n), "D"},
		{"list extend", doubling("L = ['abcdefgh']\n", "L.extend(L)", n), "L"},
		{"str times", doubling("S = 'ab'\n", "S = S * 2", n), "S"},
		{"env default", doubling("import os\nS = 'abcdefgh'\n", "S = os.environ.get('X', S + S)", n), "S"},
		{"decouple default", doubling("from decouple import config\nS = 'abcdefgh'\n", "S = config('X', default=S + S)", n), "S"},
		{"list of a string", "S = 'x' * 60000\nL = list(S)\n", "L"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := treesitter.Parse([]byte(c.src))
			defer doc.Close()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			m := Evaluate("/p/settings.py", doc, nil)
			runtime.ReadMemStats(&after)
			// Each case stops growing at MaxValueSize and allocates under
			// 0.5 MiB (before the bound, "str plus" allocated 2⁴⁰ bytes).
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
				t.Errorf("evaluation allocated %d MiB", alloc>>20)
			}
			checkBounded(t, m)
			b := m.Names.Get(c.setting)
			if b == nil {
				t.Fatalf("%s is not bound: a value past the bound is unknown, but set", c.setting)
			}
			if !b.Value.IsUnknown() {
				t.Errorf("%s = %s (size %d), want unknown", c.setting, b.Value.Repr(), size(b.Value))
			}
		})
	}
}

// TestValueUnderTheBoundStaysKnown: growth that stays under MaxValueSize
// is followed exactly, as before.
func TestValueUnderTheBoundStaysKnown(t *testing.T) {
	m := eval(t, doubling("S = 'ab'\nL = ['a']\nD = {'k': 1}\n", "S = S + S\nL = L + L\nD = {**D, 'k' + str(len(D)): len(D)}", 10))
	checkBounded(t, m)
	if s := m.Names.Get("S").Value; s.Kind != Str || len(s.Str) != 2<<10 {
		t.Errorf("S = %s, want a string of %d", s.Repr(), 2<<10)
	}
	if l := m.Names.Get("L").Value; l.Kind != List || len(l.Items) != 1<<10 {
		t.Errorf("L has %d items, want %d", len(l.Items), 1<<10)
	}
	if d := m.Names.Get("D").Value; d.Kind != Dict || len(d.Keys) != 11 {
		t.Errorf("D = %s, want 11 keys", d.Repr())
	}
	if m.Truncated {
		t.Error("a small module is marked truncated")
	}
}

// TestWorkBudget: work that multiplies without growing any one value
// (loops unrolled inside loops, helpers calling helpers) stops at the
// budget; the module is then truncated and what was left is unknown, but
// set, so no rule reports a missing setting.
func TestWorkBudget(t *testing.T) {
	var nested strings.Builder
	nested.WriteString("R = list(range(64))\nR = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64]\nN = 0\n")
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&nested, "%sfor x%d in R:\n", strings.Repeat(" ", i), i)
	}
	nested.WriteString(strings.Repeat(" ", 8) + "N = N + x7\n")
	nested.WriteString("SECRET_KEY = 'k' + str(N)\n")
	var calls strings.Builder
	calls.WriteString("def f(x):\n    return [x, x]\n")
	for i := 0; i < 9; i++ {
		fmt.Fprintf(&calls, "def g%d(x):\n    return ", i)
		prev := "f"
		if i > 0 {
			prev = fmt.Sprintf("g%d", i-1)
		}
		parts := make([]string, 30)
		for j := range parts {
			parts[j] = prev + "(x)"
		}
		calls.WriteString("[" + strings.Join(parts, ", ") + "]\n")
	}
	calls.WriteString("SECRET_KEY = str(len(g8(1)))\n")
	for name, src := range map[string]string{"nested loops": nested.String(), "helper calls": calls.String()} {
		t.Run(name, func(t *testing.T) {
			m := eval(t, src)
			checkBounded(t, m)
			if !m.Truncated {
				t.Errorf("not truncated after %d units of work", m.Work)
			}
			if b := m.Names.Get("SECRET_KEY"); b == nil || !b.Value.IsUnknown() {
				t.Errorf("SECRET_KEY = %v, want unknown (and bound)", b)
			}
			if !m.MaybeSet("SESSION_COOKIE_SECURE") {
				t.Error("a truncated module reports a setting as missing")
			}
		})
	}
}

// TestIntegerArithmeticIsExact: int arithmetic follows Python's unbounded
// ints; a result outside int64 is unknown, never a wrapped number (the
// red-team's 4294967296*4294967296 read as "HSTS is 0").
func TestIntegerArithmeticIsExact(t *testing.T) {
	cases := []struct{ expr, want string }{
		{"4294967296*4294967296", "<unknown>"},
		{"-4294967296*4294967296", "<unknown>"},
		{"3037000500*3037000500", "<unknown>"},
		{"3037000499*3037000499", "9223372030926249001"},
		{"-9223372036854775807 - 1", "-9223372036854775808"},
		{"-9223372036854775807 - 2", "<unknown>"},
		{"9223372036854775807 + 1", "<unknown>"},
		{"-(-9223372036854775807 - 1)", "<unknown>"},
		{"2**62", "4611686018427387904"},
		{"2**63", "<unknown>"},
		{"(-2)**63", "-9223372036854775808"},
		{"10**100", "<unknown>"},
		{"1**100000000000", "1"},
		{"1 << 62", "4611686018427387904"},
		{"1 << 63", "<unknown>"},
		{"3 << 100", "<unknown>"},
		{"-1 << 3", "-8"},
		{"7 // 2", "3"},
		{"-7 // 2", "-4"},
		{"7 // -2", "-4"},
		{"-7 % 3", "2"},
		{"7 % -3", "-2"},
		{"(-9223372036854775807 - 1) // -1", "<unknown>"},
		{"1 // 0", "<unknown>"},
		{"60 * 60 * 24 * 365", "31536000"},
		{"True + True", "2"},
		{"True * 5", "5"},
		{"True | False", "True"},
		{"6 & 3", "2"},
		{"6 ^ 3", "5"},
		{"2 ** -1", "<unknown>"},
		{"'ab' * -1", "''"},
	}
	for _, c := range cases {
		m := eval(t, "X = "+c.expr+"\n")
		if got := m.Names.Get("X").Value.Repr(); got != c.want {
			t.Errorf("%s = %s, want %s", c.expr, got, c.want)
		}
	}
}

// TestOverflowIsNotAFinding: an HSTS age that overflows int64 is unknown,
// not 0.
func TestOverflowIsNotAFinding(t *testing.T) {
	m := eval(t, "SECURE_HSTS_SECONDS = 4294967296 * 4294967296\n")
	if v := m.Names.Get("SECURE_HSTS_SECONDS").Value; !v.IsUnknown() {
		t.Errorf("SECURE_HSTS_SECONDS = %s, want unknown", v.Repr())
	}
}

// TestStarImportOfTruncatedModule: a module whose evaluation stopped at a
// bound passes that on through a star import: its names may be set.
func TestStarImportOfTruncatedModule(t *testing.T) {
	base := &Module{Path: "/p/base.py", Names: NewNamespace(), Truncated: true}
	m := Evaluate("/p/settings.py", treesitter.Parse([]byte("from .base import *\n")), stubImporter{base})
	if !m.Truncated || !m.MaybeSet("SECRET_KEY") {
		t.Errorf("star import of a truncated module: Truncated=%v, MaybeSet=%v", m.Truncated, m.MaybeSet("SECRET_KEY"))
	}
}

type stubImporter struct{ m *Module }

func (s stubImporter) Import(string, int, string) (*Module, bool, bool) { return s.m, false, true }
