package diagnostics

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestMsgSplitsIntoHeadlineAndDetail: a Msg's first line is the finding's
// Message, the rest its Detail, in sentences.
func TestMsgSplitsIntoHeadlineAndDetail(t *testing.T) {
	got := run("A = 1\n", func(c *Context) {
		c.ReportFile("/p/a", 0, 0, "", Msg("A is wrong", "", "it costs this", "And that."))
	})
	if len(got) != 1 || got[0].Message != "A is wrong" || got[0].Detail != "it costs this. And that." {
		t.Errorf("got %+v", got)
	}
	got = run("A = 1\n", func(c *Context) { c.ReportFile("/p/a", 0, 0, "", "A is wrong") })
	if len(got) != 1 || got[0].Message != "A is wrong" || got[0].Detail != "" {
		t.Errorf("no detail: got %+v", got)
	}
}

// TestLongHeadlineIsCutAndKeptWhole: a headline over MaxHeadline (a long
// quoted value) is cut at a word with "…", and the whole of it opens the
// detail, so nothing is lost.
func TestLongHeadlineIsCutAndKeptWhole(t *testing.T) {
	long := "CSRF_TRUSTED_ORIGINS trusts " + strings.Repeat("word ", 30) + "in production"
	h, d := fitHeadline(long, "Why it matters.")
	if n := utf8.RuneCountInString(h); n > MaxHeadline || !strings.HasSuffix(h, "…") || strings.HasSuffix(h, " …") {
		t.Errorf("headline %q (%d characters)", h, n)
	}
	if d != long+". Why it matters." {
		t.Errorf("detail %q", d)
	}
	if h, d := fitHeadline("Short", "d"); h != "Short" || d != "d" {
		t.Errorf("a short headline changed: %q %q", h, d)
	}
}

// TestIsAndWhere: a headline names the env variable whose unset default
// decides a value; the detail says which default applies.
func TestIsAndWhere(t *testing.T) {
	for _, tc := range []struct{ src, is, where, why string }{
		{"import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'\n", "DEBUG defaults to True when $DJANGO_DEBUG is unset", "when $DJANGO_DEBUG is unset", "DJANGO_DEBUG is unset in production, so default 'True' applies."},
		{"DEBUG = True\n", "DEBUG is True in production", "in production", ""},
	} {
		run(tc.src, func(c *Context) {
			v := c.Value("DEBUG")
			if got := c.Is("DEBUG", v); got != tc.is {
				t.Errorf("%q: Is = %q, want %q", tc.src, got, tc.is)
			}
			if got := Where(v); got != tc.where {
				t.Errorf("%q: Where = %q, want %q", tc.src, got, tc.where)
			}
			if got := c.Why(v); got != tc.why {
				t.Errorf("%q: Why = %q, want %q", tc.src, got, tc.why)
			}
		})
	}
}

// TestQuoteShortensButKeepsSpaces: a value quoted in a headline loses its
// line breaks and its length past 40 characters, not a leading space (which
// may be what is wrong with it).
func TestQuoteShortensButKeepsSpaces(t *testing.T) {
	if got := Quote(" b.com"); got != " b.com" {
		t.Errorf("Quote = %q", got)
	}
	if got := Quote("a\nb"); got != "a b" {
		t.Errorf("Quote = %q", got)
	}
	if got := Quote(strings.Repeat("x", 50)); utf8.RuneCountInString(got) != 40 || !strings.HasSuffix(got, "…") {
		t.Errorf("Quote = %q", got)
	}
}
