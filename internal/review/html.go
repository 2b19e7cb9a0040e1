package review

import (
	_ "embed"
	"html/template"
	"io"
	"strings"
	"sync"
)

// HTML renders the review as one self-contained, printable page: inline
// CSS, no script, no external asset. html/template escapes every value.

//go:embed report.html.tmpl
var htmlSource string

// Parsed on first use: every djls run would pay for it at start-up.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"formula":    ScoreFormula,
		"readyRule":  func() string { return readyRule },
		"rightIntro": func() string { return rightIntro },
		"fixesNote":  func() string { return fixesNote },
		"blockIntro": func() string {
			return blockIntro
		},
		"verdict":   verdict,
		"counts":    countsLine,
		"fixLabel":  fixLabel,
		"spans":     codeSpans,
		"diffLines": diffLines,
		"envDefault": func(v EnvVar) string {
			return envDefault(v, func(s string) string { return s })
		},
		"mustSet": mustSet,
		"lower":   strings.ToLower,
	}).Parse(htmlSource))
})

// HTML writes the page; generator names the tool in the footer.
func HTML(w io.Writer, r *Review, generator string) error {
	return htmlTemplate().Execute(w, struct {
		*Review
		Generator string
	}{r, generator})
}

// span is a piece of text, code or not.
type span struct {
	Text string
	Code bool
}

// codeSpans splits djls's own text at its `code` spans.
func codeSpans(s string) []span {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return []span{{Text: s}}
	}
	var out []span
	for i, p := range parts {
		if p != "" {
			out = append(out, span{Text: p, Code: i%2 == 1})
		}
	}
	return out
}

// diffLine is one line of a diff with its kind, for colouring.
type diffLine struct {
	Text, Kind string // Kind: add, del, hunk, head or ""
}

func diffLines(diff string) []diffLine {
	var out []diffLine
	for _, l := range strings.Split(strings.TrimSuffix(diff, "\n"), "\n") {
		kind := ""
		switch {
		case strings.HasPrefix(l, "+++ ") || strings.HasPrefix(l, "--- "):
			kind = "head"
		case strings.HasPrefix(l, "@@"):
			kind = "hunk"
		case strings.HasPrefix(l, "+"):
			kind = "add"
		case strings.HasPrefix(l, "-"):
			kind = "del"
		}
		out = append(out, diffLine{Text: l, Kind: kind})
	}
	return out
}
