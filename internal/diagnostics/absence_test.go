package diagnostics

import "testing"

// TestOnlyMissingMarksAbsence: the editor keeps absence findings through a
// syntax error, so Missing marks its findings and the value reporters do not.
func TestOnlyMissingMarksAbsence(t *testing.T) {
	got := run("DEBUG = True\n", func(c *Context) {
		c.Missing("LOGGING", "", "LOGGING is not set")
		b := c.Setting("DEBUG")
		c.OnValue(b, b.Value, "", "DEBUG is True")
		c.At(b, b.Target(), "", "on DEBUG")
	})
	if len(got) != 3 {
		t.Fatalf("got %d findings, want 3", len(got))
	}
	for i, want := range []bool{true, false, false} {
		if got[i].Absence != want {
			t.Errorf("finding %d (%s): Absence %v, want %v", i, got[i].Message, got[i].Absence, want)
		}
	}
}
