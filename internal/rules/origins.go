package rules

import (
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
)

// An origin whose start is known: a string, or a string with unknown parts
// after a known prefix (f"https://{DOMAIN}", evaluator partial.go). Rules
// that judge a scheme or a host may use the prefix once it holds them.

// origin is one entry of an origins setting as far as it is known.
type origin struct {
	item  *evaluator.Value
	text  string // the entry, or its known prefix
	whole bool   // text is the whole entry
}

// quoted is the entry for messages: the unknown rest of a prefix shows
// as a placeholder, "https://{...}".
func (o origin) quoted() string {
	if o.whole {
		return o.text
	}
	return o.text + "{...}"
}

// forEachOrigin calls f for each entry of a sequence (or string) setting
// whose start is known, including the known members of a partial list.
func forEachOrigin(v *evaluator.Value, f func(o origin)) {
	if v == nil {
		return
	}
	items, _, ok := v.Members()
	if !ok {
		items = []*evaluator.Value{v}
	}
	for _, it := range items {
		if p, whole, ok := it.KnownPrefix(); ok {
			f(origin{item: it, text: p, whole: whole})
		}
	}
}

// lacksScheme reports an origin without "scheme://": a whole string
// without "://", or a prefix that cannot begin one.
func (o origin) lacksScheme() bool {
	if strings.Contains(o.text, "://") {
		return false
	}
	if o.whole {
		return o.text != ""
	}
	return !couldStartScheme(o.text)
}

// couldStartScheme reports a prefix that may still grow into "scheme://".
func couldStartScheme(p string) bool {
	rest := strings.TrimRight(p, ":/")
	if tail := p[len(rest):]; tail != "" && !strings.HasPrefix("://", tail) {
		return false
	}
	for i, r := range rest {
		letter := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		if !letter && (i == 0 || !('0' <= r && r <= '9' || r == '+' || r == '.' || r == '-')) {
			return false
		}
	}
	return true
}

// plainHTTP reports an origin that starts with http://.
func (o origin) plainHTTP() bool {
	return strings.HasPrefix(strings.ToLower(o.text), "http://")
}

// local reports an origin whose host is a development one; a prefix counts
// once its host is complete (followed by a port or a path).
func (o origin) local() bool {
	if o.whole {
		return localOrigin(o.text)
	}
	_, rest, ok := strings.Cut(o.text, "://")
	if !ok {
		return false
	}
	if i := strings.IndexAny(rest, ":/"); i >= 0 {
		return localOrigin(o.text[:len(o.text)-len(rest)+i])
	}
	return false
}
