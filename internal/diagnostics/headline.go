package diagnostics

// A finding's message has two parts: a headline, short enough for the
// lists editors cut (VS Code's Problems panel, Neovim's virtual text), and a
// detail that explains the production consequence. Rules pass both as one
// string, the headline on its first line (Msg), so every Context method
// keeps its one message argument.

import (
	"strings"
	"unicode/utf8"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/finding"
)

// MaxHeadline is the longest headline, in characters.
const MaxHeadline = finding.MaxHeadline

// Msg is a finding's message: the headline (what is wrong, the setting
// first: "DEBUG is True in production"), then the detail sentences (why it
// matters, how the value gets there). Empty detail parts are dropped.
func Msg(headline string, detail ...string) string {
	d := Sentences(detail...)
	if d == "" {
		return headline
	}
	return headline + "\n" + d
}

// Sentences joins parts into sentences, each ending with a full stop;
// empty parts are dropped. A part starts as its writer wrote it (a package
// name such as django-environ keeps its lower case).
func Sentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.HasSuffix(p, ".") {
			p += "."
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}

// splitMessage cuts a message into its headline (first line) and detail.
func splitMessage(msg string) (headline, detail string) {
	headline, detail, _ = strings.Cut(msg, "\n")
	return strings.TrimSpace(headline), strings.TrimSpace(detail)
}

// fitHeadline holds a headline to MaxHeadline characters whatever the
// values it quotes: a longer one is cut at a word and ends in "…", and the
// whole of it opens the detail, so nothing is lost.
func fitHeadline(headline, detail string) (string, string) {
	if utf8.RuneCountInString(headline) <= MaxHeadline {
		return headline, detail
	}
	cut := []rune(headline)[:MaxHeadline-1]
	short := string(cut)
	if i := strings.LastIndexByte(short, ' '); i > MaxHeadline/2 {
		short = short[:i]
	}
	return strings.TrimRight(short, " ,;:") + "…", Sentences(headline, detail)
}

// Quote shortens a value quoted in a headline (an origin, a host, a
// database alias) to at most 40 characters.
func Quote(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return s
}

// Is states a setting's production value for a headline: "DEBUG is True
// in production", or, for a default read from the environment, "DEBUG
// defaults to True when $DJANGO_DEBUG is unset". Not for secrets: it shows
// the value.
func (c *Context) Is(setting string, v *evaluator.Value) string {
	return IsShown(setting, Quote(v.Repr()), v)
}

// IsShown is Is with the value shown as the rule words it ("the truthy
// string 'False'").
func IsShown(setting, shown string, v *evaluator.Value) string {
	if e := v.Env; e != nil && e.HasDefault && e.Var != "" {
		return setting + " defaults to " + shown + " when $" + e.Var + " is unset"
	}
	return setting + " is " + shown + " in production"
}

// Why is the detail sentence that says where an environment default comes
// from ("DJANGO_DEBUG is unset in production, so default='True' applies"),
// "" for a value that is not one. A secret default is shown redacted.
func (c *Context) Why(v *evaluator.Value) string { return unparen(c.explain(v, false)) }

// WhySecret is Why for a value the rule knows is a secret: its default is
// always redacted.
func (c *Context) WhySecret(v *evaluator.Value) string { return unparen(c.explain(v, true)) }

// unparen turns Explain's " (...)" aside into a sentence.
func unparen(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = s[1 : len(s)-1]
	}
	return Sentences(s)
}

// Where says, for a headline, in which world a value holds: "when
// $DJANGO_DEBUG is unset" for an environment default, else "in production".
func Where(v *evaluator.Value) string {
	if e := v.Env; e != nil && e.HasDefault && e.Var != "" {
		return "when $" + e.Var + " is unset" // the variable, not the setting of the same name
	}
	return "in production"
}
