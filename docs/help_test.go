package docs

import (
	"strings"
	"testing"
)

func TestDescriptionIsTheFirstParagraphOfWhatItFlags(t *testing.T) {
	got := Description("DJS001")
	if !strings.HasPrefix(got, "`DEBUG` is true in production: a literal `True`") || strings.Contains(got, "\n") {
		t.Errorf("Description(DJS001) = %q", got)
	}
	for _, id := range IDs() {
		if Description(id) == "" {
			t.Errorf("%s: no first paragraph under ## What it flags", id)
		}
	}
	if Description("DJS999") != "" {
		t.Error("a description for a rule with no page")
	}
}

func TestHelpDropsTheTitleAndMakesLinksAbsolute(t *testing.T) {
	for _, id := range IDs() {
		help := Help(id)
		if strings.HasPrefix(help, "# ") || !strings.HasPrefix(help, "**Severity:**") {
			t.Errorf("%s: help starts %q", id, help[:min(len(help), 40)])
		}
		if m := relativeLink().FindString(help); m != "" {
			t.Errorf("%s: relative link %s left in help", id, m)
		}
	}
	if got := relativeLink().ReplaceAllString("see [DJS702](DJS702.md#x) and [x](https://e.com/a.md)", "]("+BaseURL+"$1)"); got != "see [DJS702]("+BaseURL+"DJS702.md#x) and [x](https://e.com/a.md)" {
		t.Errorf("link rewrite: %q", got)
	}
}
