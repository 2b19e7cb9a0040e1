package fix

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// patch applies a unified diff to old the way patch(1) does, checking
// every context and deleted line against old; it fails the test on a hunk
// that does not match.
func patch(t *testing.T, old, diff string) string {
	t.Helper()
	if diff == "" {
		return old
	}
	a := strings.SplitAfter(old, "\n")
	if a[len(a)-1] == "" {
		a = a[:len(a)-1]
	}
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		t.Fatalf("no diff header:\n%s", diff)
	}
	var out []string
	at := 0 // next line of a to copy
	for i := 2; i < len(lines) && lines[i] != ""; {
		h := lines[i]
		var from int
		if _, err := fmt.Sscanf(h, "@@ -%d", &from); err != nil {
			t.Fatalf("bad hunk header %q in:\n%s", h, diff)
		}
		if strings.HasPrefix(h, "@@ -0,0") {
			from = 1
		}
		if from-1 < at {
			t.Fatalf("hunk %q goes back to line %d (at %d):\n%s", h, from, at+1, diff)
		}
		out = append(out, a[at:from-1]...)
		at = from - 1
		for i++; i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@"); i++ {
			l := lines[i]
			body := l[1:]
			if i+1 < len(lines) && lines[i+1] == "\\ No newline at end of file\n" {
				body = strings.TrimSuffix(body, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if at >= len(a) || a[at] != body {
					t.Fatalf("line %d: %q does not match %q:\n%s", at+1, body, a[min(at, len(a)-1)], diff)
				}
				if l[0] == ' ' {
					out = append(out, body)
				}
				at++
			case '+':
				out = append(out, body)
			default:
				t.Fatalf("bad line %q in:\n%s", l, diff)
			}
		}
	}
	return strings.Join(append(out, a[at:]...), "")
}

// TestUnifiedDiffRoundTrips patches random texts with the diff of a random
// edit of them and gets the edited text back.
func TestUnifiedDiffRoundTrips(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	words := []string{"a\n", "b\n", "DEBUG = True\n", "\n", "x = 1\n", "é ☕\n", "c\r\n"}
	text := func(n int) []string {
		var l []string
		for range n {
			l = append(l, words[rnd.Intn(len(words))])
		}
		return l
	}
	for i := range 2000 {
		a := text(rnd.Intn(40))
		b := append([]string(nil), a...)
		for range rnd.Intn(5) + 1 {
			switch at := rnd.Intn(len(b) + 1); rnd.Intn(3) {
			case 0:
				b = append(b[:at], append(text(rnd.Intn(3)+1), b[at:]...)...)
			case 1:
				if at < len(b) {
					b = append(b[:at], b[at+1:]...)
				}
			default:
				if at < len(b) {
					b[at] = "changed " + strconv.Itoa(i) + "\n"
				}
			}
		}
		old, new := strings.Join(a, ""), strings.Join(b, "")
		if rnd.Intn(4) == 0 && new != "" {
			new = strings.TrimSuffix(new, "\n") // no newline at end of file
		}
		d := UnifiedDiff("a/f", "b/f", []byte(old), []byte(new))
		if (d == "") != (old == new) {
			t.Fatalf("diff of %q -> %q is %q", old, new, d)
		}
		if got := patch(t, old, d); got != new {
			t.Fatalf("patching %q with\n%s\ngives %q, want %q", old, d, got, new)
		}
	}
}

// TestUnifiedDiffNewFile is the diff that creates a file (--diff prints a
// new .env or .gitignore from /dev/null).
func TestUnifiedDiffNewFile(t *testing.T) {
	got := UnifiedDiff("/dev/null", "b/.gitignore", nil, []byte(".env\n"))
	if want := "--- /dev/null\n+++ b/.gitignore\n@@ -0,0 +1 @@\n+.env\n"; got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// module15000 is a 15,000-line settings module and its fixed text: the
// first and the last lines change (an import at the top, a block at the
// end), which left the old LCS the whole file to compare.
func module15000() (old, new []byte) {
	var b strings.Builder
	b.WriteString("from pathlib import Path\n")
	for i := 1; i < 15000; i++ {
		fmt.Fprintf(&b, "SETTING_%d = 'value %d'\n", i, i)
	}
	old = []byte(b.String())
	fixed := "import os\n" + strings.Replace(b.String(), "SETTING_7500 = 'value 7500'\n", "SETTING_7500 = os.environ['SETTING_7500']\n", 1) +
		"\nif not DEBUG:\n    SECURE_SSL_REDIRECT = True\n"
	return old, []byte(fixed)
}

// BenchmarkDiff15000 is `djls check --diff`'s diff of a 15,000-line module
// whose fix touches its first line, a middle line and its end.
func BenchmarkDiff15000(b *testing.B) {
	old, new := module15000()
	b.ReportAllocs()
	for b.Loop() {
		if UnifiedDiff("a/settings.py", "b/settings.py", old, new) == "" {
			b.Fatal("no diff")
		}
	}
}

func TestDiff15000Hunks(t *testing.T) {
	old, new := module15000()
	d := UnifiedDiff("a/settings.py", "b/settings.py", old, new)
	if n := strings.Count(d, "\n@@ "); n != 3 {
		t.Errorf("%d hunks, want 3:\n%s", n, d)
	}
	if got := patch(t, string(old), d); got != string(new) {
		t.Error("the diff does not patch the module into its fixed text")
	}
}
