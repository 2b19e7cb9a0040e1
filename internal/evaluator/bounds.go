package evaluator

import "math/bits"

// Bounds on one evaluation. A module can describe values far larger than
// any machine holds (`S = S + S` thirty times is 2³⁰ copies of S) or work
// that never ends in practice (loops unrolled inside loops); past a bound
// a value is unknown, which no rule reports and which counts as set.
const (
	// MaxValueSize bounds one value's size: a string's or bytes' length,
	// and for a list, tuple, set or dict one per element and key plus the
	// size of each (a list that holds the same list twice counts it twice:
	// that is the cost of walking it, which rules and comparisons do).
	// Real settings values are at most a few KiB (a LOGGING dict is about
	// 1 KiB, Django's LANGUAGES about 3 KiB); 64 Ki is also the bound
	// `str * int` always had.
	MaxValueSize = 1 << 16
	// WorkBudget bounds one module's evaluation: one unit per statement
	// and expression evaluated and per loop iteration unrolled, plus the
	// size of every string and container built, plus the keys and items
	// compared. The settings modules of ../shared/corpus cost at most 3,400
	// units (about one per byte); a 1 MiB module (MaxFileSize, 20,000 lines
	// of dict, env-read and if settings) costs 0.9 Mi units and 0.4 s. The
	// budget is about four such modules: the worst module (loops unrolled
	// in loops) stops after about 2 s. Past it, every expression left is
	// unknown and the module is Truncated.
	WorkBudget = 1 << 22
)

// charge spends n units of the work budget; it reports false (and marks
// the module truncated) once the budget is spent.
func (ev *evaluator) charge(n int) bool {
	if ev.spent() {
		return false
	}
	ev.work += int64(n)
	if ev.work > WorkBudget {
		ev.m.Truncated = true
		ev.m.TruncatedAt = ev.at
		return false
	}
	return true
}

// spent reports an exhausted work budget.
func (ev *evaluator) spent() bool { return ev.work > WorkBudget }

// sized reports the kinds whose size grows with their content.
func sized(k Kind) bool {
	switch k {
	case Str, Bytes, List, Tuple, Set, Dict:
		return true
	}
	return false
}

// size returns v's size as MaxValueSize measures it, or MaxValueSize+1
// when it is larger. A measured size is kept in the value (values are not
// changed once built; code that copies one to change it resets sz).
func size(v *Value) int {
	if v == nil || !sized(v.Kind) && v.Partial == Unknown {
		return 1
	}
	if v.sz > 0 {
		return int(v.sz - 1)
	}
	n := 1 + len(v.Str)
	for _, it := range v.Items {
		if n > MaxValueSize {
			break
		}
		n += 1 + size(it)
	}
	for _, k := range v.Keys {
		if n > MaxValueSize {
			break
		}
		n += size(k)
	}
	if n > MaxValueSize {
		n = MaxValueSize + 1
	}
	v.sz = int32(n + 1)
	return n
}

// fits checks a value just built: a new string or container is paid for
// with its size, and one over MaxValueSize becomes unknown.
func (ev *evaluator) fits(v *Value) *Value {
	if v == nil || !sized(v.Kind) && v.Partial == Unknown {
		return v
	}
	if v.sz > 0 { // measured before: a name's value, an item
		if v.sz-1 > MaxValueSize {
			return unknown()
		}
		return v
	}
	n := size(v)
	if n > MaxValueSize || !ev.charge(n) {
		return unknown()
	}
	return v
}

// eq is equal paid for from the work budget: one unit for scalars and
// strings, the smaller size for containers, whose items it walks.
func (ev *evaluator) eq(a, b *Value) (eq, ok bool) {
	cost := 1
	if a.IsSequence() || a.Kind == Dict || b.IsSequence() || b.Kind == Dict {
		cost = min(size(a), size(b))
	}
	if !ev.charge(cost) {
		return false, false
	}
	return equal(a, b)
}

// Checked int64 arithmetic: ok is false on overflow, and the value is then
// unknown (Python's ints do not overflow; a wrapped int64 would be wrong).

func addInt(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

func subInt(a, b int64) (int64, bool) {
	s := a - b
	return s, (s < a) == (b > 0)
}

func mulInt(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	hi, lo := bits.Mul64(uabs(a), uabs(b))
	neg := (a < 0) != (b < 0)
	if hi != 0 || lo > 1<<63 || (lo == 1<<63 && !neg) {
		return 0, false
	}
	if neg {
		return -int64(lo), true // -(1<<63) wraps to itself, as wanted
	}
	return int64(lo), true
}

func uabs(a int64) uint64 {
	if a < 0 {
		return uint64(-a) // math.MinInt64 becomes 1<<63
	}
	return uint64(a)
}

// floorDivMod is Python's // and %: the quotient rounds toward minus
// infinity and the remainder takes the divisor's sign.
func floorDivMod(a, b int64) (q, r int64, ok bool) {
	if b == 0 || (a == -1<<63 && b == -1) {
		return 0, 0, false
	}
	q, r = a/b, a%b
	if r != 0 && (r < 0) != (b < 0) {
		q--
		r += b
	}
	return q, r, true
}

// powInt is a ** b for b >= 0.
func powInt(a, b int64) (int64, bool) {
	result := int64(1)
	for b > 0 {
		if b&1 == 1 {
			var ok bool
			if result, ok = mulInt(result, a); !ok {
				return 0, false
			}
		}
		b >>= 1
		if b > 0 {
			var ok bool
			if a, ok = mulInt(a, a); !ok {
				return 0, false
			}
		}
	}
	return result, true
}

// shlInt is a << b for b >= 0.
func shlInt(a, b int64) (int64, bool) {
	if a == 0 {
		return 0, true
	}
	if b >= 63 {
		return 0, false
	}
	s := a << uint(b)
	return s, s>>uint(b) == a
}
