package engine

import (
	"slices"
	"testing"
)

// TestNoqaListReadsWhatTheFixWrites: a `# noqa:` list (written by hand;
// the suppress fix writes `# djls: ignore[...]`) is read with a code added,
// beside the codes that were there.
func TestNoqaListReadsWhatTheFixWrites(t *testing.T) {
	for _, c := range []struct {
		line  string
		codes []string
		want  string // the line with DJS001 inserted
	}{
		{"X = 1  # noqa: F405", []string{"F405"}, "X = 1  # noqa: F405, DJS001"},
		{"X = 1  #noqa:F405,E501 ", []string{"F405", "E501"}, "X = 1  #noqa:F405,E501, DJS001 "},
		{"X = 1  # noqa: F405, ", []string{"F405"}, "X = 1  # noqa: F405, DJS001, "},
		{"X = 1  # noqa:", nil, "X = 1  # noqa: DJS001"},
		{"X = 1  # noqa:   # reason", nil, "X = 1  # noqa: DJS001   # reason"},
		{"X = 1  # noqa: F405  # noqa: E501", []string{"F405"}, "X = 1  # noqa: F405, DJS001  # noqa: E501"},
	} {
		codes, at, ok := noqaList(c.line)
		if !ok || !slices.Equal(codes, c.codes) {
			t.Errorf("%q: codes %q ok %v, want %q", c.line, codes, ok, c.codes)
			continue
		}
		sep := ", "
		if len(codes) == 0 {
			sep = " "
		}
		fixed := c.line[:at] + sep + "DJS001" + c.line[at:]
		if fixed != c.want || !suppressedOnLine(fixed, "djs001") {
			t.Errorf("%q: fixed %q (suppressed %v), want %q", c.line, fixed, suppressedOnLine(fixed, "DJS001"), c.want)
		}
		for _, code := range c.codes {
			if !suppressedOnLine(fixed, code) {
				t.Errorf("%q: %s no longer suppressed", fixed, code)
			}
		}
	}
	if _, _, ok := noqaList("X = 1  # noqa"); ok {
		t.Error("a bare `# noqa` has no code list")
	}
}

// TestIgnoreListReadsWhatTheFixWrites: the suppress fix writes `# djls:
// ignore[...]`, merging into a list that is there; suppression reads it.
func TestIgnoreListReadsWhatTheFixWrites(t *testing.T) {
	for _, c := range []struct {
		line  string
		codes []string
		want  string
	}{
		{"X = 1  # djls: ignore[DJS004]", []string{"DJS004"}, "X = 1  # djls: ignore[DJS004, DJS001]"},
		{"X = 1  #djls:ignore[DJS004,DJS002]  # why", []string{"DJS004", "DJS002"}, "X = 1  #djls:ignore[DJS004,DJS002, DJS001]  # why"},
		{"X = 1  # djls: ignore[]", nil, "X = 1  # djls: ignore[DJS001]"},
	} {
		codes, at, ok := ignoreList(c.line)
		if !ok || !slices.Equal(codes, c.codes) {
			t.Errorf("%q: codes %q ok %v, want %q", c.line, codes, ok, c.codes)
			continue
		}
		sep := ", "
		if len(codes) == 0 {
			sep = ""
		}
		fixed := c.line[:at] + sep + "DJS001" + c.line[at:]
		if fixed != c.want || !suppressedOnLine(fixed, "DJS001") {
			t.Errorf("%q: fixed %q, want %q", c.line, fixed, c.want)
		}
		for _, code := range c.codes {
			if !suppressedOnLine(fixed, code) {
				t.Errorf("%q: %s no longer suppressed", fixed, code)
			}
		}
	}
	if _, _, ok := ignoreList("X = 1  # djls: ignore"); ok {
		t.Error("a bare `# djls: ignore` has no code list")
	}
}
