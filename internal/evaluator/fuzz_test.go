package evaluator

import (
	"runtime"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// growthLines are statements that grow a value: each fuzz input picks a
// sequence of them (one byte each), so the fuzzer explores mixes of
// doubling, nesting and merging that no single test lists.
var growthLines = []string{
	"S = S + S", "S += S", "S = S * 3", "S = S * N", "S = ''.join([S, S])", "S = S.join([S, S, S])",
	"S = S.replace('a', S)", "S = f'{S}{S}'", "S = 'a' 'b' + S", "S = os.environ.get('X', S + S)",
	"S = str(L)", "S = S.upper() + S.lower()", "S = ','.join(L)",
	"B = B + B", "B = S.encode() + B",
	"L = L + L", "L += L", "L = [*L, *L]", "L = [L, L]", "L.extend(L)", "L.append(L)", "L.insert(0, L)",
	"L = list(S)", "L = S.split('a')", "L = [x for x in L]", "L = [*L, *D]", "L = list(D.values()) + L",
	"D = {**D, **D}", "D = {**D, S: L}", "D = D | {S: D}", "D.update({S: D, 'k': L})", "D['k'] = D",
	"D = {'a': D, 'b': D, S: S}", "D = dict(D, x=D)", "D.setdefault(S, D)",
	"T = (T, T)", "T = tuple(L) + T + T", "T = (*T, *T)",
	"N = N * N", "N = N ** N", "N = N << N", "N += N", "N = N // 3 - N % 7", "N = -N", "N = len(S) + len(L)",
	"for x in L:\n    S = S + x", "for x in T:\n    L = L + [x]", "if L == T:\n    L = L + L\nelse:\n    L = [L]",
	"X = S in L", "X = L == L", "X = D == D", "X = L in [L, L, L]", "X = D.get(S, L)",
	"def f(a):\n    return [a, a]", "L = f(L)", "L = f(f(L))",
	"ALLOWED_HOSTS = L", "SECRET_KEY = S", "SECURE_HSTS_SECONDS = N", "CACHES = D",
	// Partly known values (partial.go) and globals writes.
	"L.extend(g())", "L = [*g(), *L, *L]", "L.insert(g(), L)", "if g():\n    L = L + L", "L += g()",
	"S = f'{S}{g()}'", "S = S + g() + S", "S = S + S + f'{g()}'", "S = '{}'.format(S)", "S = S % N",
	"vars().update(D)", "globals().update(g())", "globals()[S] = L",
	"def h(a):\n    if g():\n        return h(a) + h(a)\n    elif g():\n        return [a, a]\n    return a", "L = h(L)", "S = h(S)",
}

const growthSetup = "import os\nS = 'ab'\nB = b'ab'\nL = ['a', 'b']\nD = {'a': 1}\nT = (1,)\nN = 7\n"

// FuzzValueGrowth builds modules from +, *, +=, unpacking, joins, dict
// merges, f-strings, loops and helpers (ops picks the lines; extra is one
// more line of free text) and checks the evaluation stays bounded: every
// value under MaxValueSize, the work under WorkBudget, and the memory
// allocated under a fixed bound.
func FuzzValueGrowth(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "")
	f.Add([]byte{15, 16, 17, 18, 19, 15, 16, 17, 18, 19, 15, 16, 17, 18, 19, 15, 16, 17, 18, 19, 15, 16, 17, 18, 19}, "X = L")
	f.Add([]byte{27, 28, 29, 30, 31, 32, 27, 28, 29, 30, 31, 32, 27, 28, 29, 30, 31, 32, 27, 28, 29, 30, 31, 32}, "")
	f.Add([]byte{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, "")
	f.Add([]byte{38, 39, 40, 41, 42, 43, 44, 38, 39, 40, 41}, "SECURE_HSTS_SECONDS = 4294967296*4294967296")
	f.Add([]byte{55, 56, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57}, "")
	f.Add([]byte{18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 45, 45, 46, 47}, "for y in L:\n    for z in L:\n        S = S + S")
	f.Fuzz(func(t *testing.T, ops []byte, extra string) {
		if len(ops) > 96 || len(extra) > 64 {
			return
		}
		var b strings.Builder
		b.WriteString(growthSetup)
		for _, op := range ops {
			b.WriteString(growthLines[int(op)%len(growthLines)])
			b.WriteByte('\n')
		}
		b.WriteString(extra)
		b.WriteByte('\n')
		doc := treesitter.Parse([]byte(b.String()))
		defer doc.Close()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m := Evaluate("/p/settings.py", doc, nil)
		runtime.ReadMemStats(&after)
		if m.Work > WorkBudget+MaxValueSize {
			t.Errorf("work %d, over the budget %d", m.Work, WorkBudget)
		}
		for name, bd := range m.Names.All() {
			if n := measure(bd.Value, map[*Value]bool{}); n > MaxValueSize {
				t.Errorf("%s measures %d, over MaxValueSize %d", name, n, MaxValueSize)
			}
		}
		// A module of at most 97 lines allocates at most a few hundred
		// MiB within the work budget (the worst mixes seen: about 100 MiB).
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<30 {
			t.Errorf("evaluation allocated %d MiB", alloc>>20)
		}
	})
}
