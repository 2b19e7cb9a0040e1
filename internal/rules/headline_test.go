package rules_test

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/djls-dev/djls/internal/finding"
)

// checkHeadline holds a finding's message (its headline) to the style
// editors need: one line, at most finding.MaxHeadline characters, starting
// with an upper-case letter (a setting name is upper-case too).
func checkHeadline(h string) error {
	switch r, _ := utf8.DecodeRuneInString(h); {
	case h == "":
		return fmt.Errorf("empty headline")
	case strings.ContainsAny(h, "\r\n"):
		return fmt.Errorf("headline %q spans lines", h)
	case utf8.RuneCountInString(h) > finding.MaxHeadline:
		return fmt.Errorf("headline %q has %d characters, over %d", h, utf8.RuneCountInString(h), finding.MaxHeadline)
	case !unicode.IsUpper(r):
		return fmt.Errorf("headline %q does not start with an upper-case letter", h)
	}
	return nil
}
