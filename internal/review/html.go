package review

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/djls-dev/djls/internal/report"
)

// HTML renders the review as one self-contained, printable page: inline
// CSS, no script, no external asset.
//
// It is plain Go writing markup, not html/template: text/template's
// reflection (MethodByName) switches off the linker's dead-method
// elimination for the whole binary, which made every djls process (the
// language server, every CLI run) 3.5 MB larger. So the rule here is the
// one html/template enforced: every value of the review is written through
// esc (or docHref for the one link), only the static markup is written as
// is.

//go:embed report.css
var reportCSS string

// HTML writes the page; generator names the tool in the footer.
func HTML(w io.Writer, r *Review, generator string) error {
	p := &htmlPage{}
	p.head(r.Project)
	p.verdict(r)
	for _, risk := range r.Risks {
		p.risk(risk)
	}
	p.markup("\n\n")
	p.blocks(r.Blocks)
	p.alreadyRight(r.Right)
	p.modules(r.Modules)
	p.envVars(r.Env)
	p.checklist(r.Checks)
	p.skipped(r.Skipped)
	p.footer(generator)
	_, err := io.WriteString(w, p.String())
	return err
}

// htmlPage is the page being written: markup appends markup as is, text
// appends a value escaped.
type htmlPage struct{ strings.Builder }

func (p *htmlPage) markup(markup ...string) {
	for _, s := range markup {
		p.WriteString(s)
	}
}

func (p *htmlPage) text(value string) { p.WriteString(esc(value)) }

// code writes a value as <code>.
func (p *htmlPage) code(value string) { p.markup("<code>", esc(value), "</code>") }

// spans writes djls's own text with its `code` spans as <code>.
func (p *htmlPage) spans(s string) {
	for _, sp := range codeSpans(s) {
		if sp.Code {
			p.code(sp.Text)
		} else {
			p.text(sp.Text)
		}
	}
}

// diff writes a unified diff as a <pre>, one coloured <span> a line.
func (p *htmlPage) diff(diff string) {
	p.markup("<pre>")
	for _, l := range diffLines(diff) {
		p.markup(`<span class="`, esc(l.Kind), `">`, esc(l.Text), "\n</span>")
	}
	p.markup("</pre>\n")
}

func (p *htmlPage) head(project string) {
	p.markup(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Production readiness review: `, esc(project), `</title>
<style>
`, reportCSS, `</style>
</head>
<body>
<h1>Production readiness review: `, esc(project), "</h1>\n")
}

func (p *htmlPage) verdict(r *Review) {
	badge := "not-ready"
	if r.Ready {
		badge = "ready"
	}
	p.markup(`<div class="verdict">
  <span class="badge `, badge, `">`, esc(verdict(r)), `</span>
  <span class="score">Score `, strconv.Itoa(r.Score), `/100</span>
  <span>`, esc(countsLine(r.Counts)), `</span>
</div>
<p class="formula">`, esc(ScoreFormula()), ". ")
	p.spans(readyRule)
	p.markup("</p>\n\n<p>")
	p.spans(fixesNote)
	p.markup("</p>\n\n")
}

// risk writes one section of findings; its class is its title, lower case.
func (p *htmlPage) risk(risk Risk) {
	p.markup("\n<section class=\"", esc(strings.ToLower(risk.Title)), "\">\n<h2>", esc(risk.Title), " (", strconv.Itoa(len(risk.Findings)), ")</h2>\n")
	if len(risk.Findings) > 0 {
		p.markup("<p><em>", esc(risk.Blurb), "</em></p>")
	} else {
		p.markup("<p>None.</p>")
	}
	p.markup("\n")
	for _, f := range risk.Findings {
		p.finding(f)
	}
	p.markup("\n</section>\n")
}

func (p *htmlPage) finding(f Finding) {
	p.markup("\n<div class=\"finding\">\n<h3>", esc(f.Code), " ", esc(f.Name), ` <span class="where">at `)
	p.code(f.Where)
	p.markup("</span></h3>\n<p>", esc(f.Message), "</p>\n")
	if f.Detail != "" {
		p.markup("<p>", esc(f.Detail), "</p>")
	}
	p.markup("\n")
	if len(f.Related) > 0 {
		p.markup("<ul>")
		for _, rel := range f.Related {
			p.markup("<li>see ", esc(rel), "</li>")
		}
		p.markup("</ul>")
	}
	p.markup("\n")
	if f.Meaning != "" {
		p.markup("<p><strong>In production:</strong> ")
		p.spans(f.Meaning)
		if f.DocURL != "" {
			p.markup(` (<a href="`, docHref(f.DocURL), `">`, esc(f.Code), "</a>)")
		}
		p.markup("</p>")
	}
	p.markup("\n")
	p.fix(f)
	p.markup("\n</div>\n")
}

// fix writes how a finding is fixed: by the security block, as another
// finding, by its diff, or by hand.
func (p *htmlPage) fix(f Finding) {
	switch {
	case f.InBlock != "":
		p.markup("<p><strong>Fix:</strong> the production security block below, into ")
		p.code(f.InBlock)
		p.markup(".</p>\n")
	case f.SameFixAs != "":
		p.markup("<p><strong>Fix:</strong> ", esc(fixLabel(f)), ", the same fix as ", esc(f.SameFixAs), " above.</p>\n")
	case f.Diff != "":
		p.markup("<details open><summary><strong>Fix:</strong> ", esc(fixLabel(f)), "</summary>\n")
		p.diff(f.Diff)
		p.markup("</details>\n")
	default:
		p.markup("<p><strong>Fix:</strong> by hand; djls has no automatic fix for this one.</p>")
	}
}

func (p *htmlPage) blocks(blocks []Block) {
	if len(blocks) > 0 {
		p.markup("\n<h2>Production security block</h2>\n<p>", esc(blockIntro), "</p>\n")
		for _, b := range blocks {
			p.markup("<p>Into ")
			p.code(b.Root)
			p.markup(":</p>\n")
			p.diff(b.Diff)
		}
		p.markup("\n")
	}
	p.markup("\n\n")
}

func (p *htmlPage) alreadyRight(right []Right) {
	p.markup("<h2>Already right</h2>\n<p>", esc(rightIntro), "</p>\n")
	p.table(len(right), "No security setting is set well yet in the production settings.", func(i int) {
		r := right[i]
		p.markup("<tr><td>")
		p.code(r.Setting)
		p.markup("</td><td>")
		p.code(r.Value)
		p.markup("</td><td>")
		p.code(r.Where)
		p.markup("</td><td>", esc(r.Why), "</td></tr>\n")
	}, "Setting", "Production value", "Where", "Why it is right")
	p.markup("\n")
}

func (p *htmlPage) modules(modules []Module) {
	p.markup("<h3>How each settings module was judged</h3>\n")
	p.table(len(modules), "No settings module was found.", func(i int) {
		p.markup("<tr><td>")
		p.code(modules[i].Path)
		p.markup("</td><td>", esc(modules[i].Judgement), "</td></tr>\n")
	}, "Module", "Judged as")
	p.markup("\n\n")
}

func (p *htmlPage) envVars(vars []EnvVar) {
	p.markup("<h2>Environment variables production must set</h2>\n")
	if len(vars) > 0 {
		p.markup("\n<p>", strconv.Itoa(mustSet(vars)), " of ", strconv.Itoa(len(vars)), " must be set; <code>djls env-example</code> writes them all as a <code>.env.example</code>. Secret defaults are never shown.</p>")
	}
	p.table(len(vars), "The settings read no environment variable.", func(i int) { p.envVar(vars[i]) },
		"Variable", "Must set", "Default", "Read at", "Why")
	p.markup("\n\n")
}

func (p *htmlPage) envVar(v EnvVar) {
	p.markup("<tr><td>")
	p.code(v.Name)
	p.markup("</td><td>")
	if v.MustSet {
		p.markup(`<span class="must">yes</span>`)
	} else {
		p.markup("no")
	}
	p.markup("</td><td>")
	if v.Default != "" && !v.Secret && !v.Required {
		p.code(v.Default)
	} else {
		p.text(envDefault(v, func(s string) string { return s }))
	}
	p.markup("</td><td>")
	p.code(v.Where)
	p.markup("</td><td>", esc(v.Note), "</td></tr>\n")
}

func (p *htmlPage) checklist(checks []Check) {
	p.markup("<h2>Deployment checklist</h2>\n<ul class=\"checklist\">\n")
	for _, c := range checks {
		status := esc(c.Status.String())
		p.markup(`<li class="`, status, `"><span class="mark">`, esc(c.Status.Mark()), "</span> <strong>", esc(c.Topic), "</strong> (", status, "): ")
		p.spans(c.Text)
		p.markup("</li>\n")
	}
	p.markup("</ul>\n\n")
}

func (p *htmlPage) skipped(skipped []report.Skipped) {
	if len(skipped) > 0 {
		p.markup("\n<h2>Not checked</h2>\n<ul>\n")
		for _, s := range skipped {
			p.markup("<li>")
			p.code(s.Path)
			p.markup(": ", esc(s.Reason), "</li>\n")
		}
		p.markup("</ul>\n")
	}
	p.markup("\n\n")
}

func (p *htmlPage) footer(generator string) {
	p.markup("<footer>Generated by ", esc(generator), " from the settings as written, in the production world: no code was run. Findings are those of <code>djls check</code>.</footer>\n</body>\n</html>\n")
}

// tableHead opens a table with its header row; tableFoot closes it.
// table writes a table of n rows under columns, each written by row, or
// the paragraph empty when there are none.
func (p *htmlPage) table(n int, empty string, row func(i int), columns ...string) {
	if n == 0 {
		p.markup("<p>", empty, "</p>")
		return
	}
	p.tableHead(columns...)
	for i := range n {
		row(i)
	}
	p.tableFoot()
}

func (p *htmlPage) tableHead(columns ...string) {
	p.markup("\n<table>\n<thead><tr>")
	for _, c := range columns {
		p.markup("<th>", c, "</th>")
	}
	p.markup("</tr></thead>\n<tbody>\n")
}

func (p *htmlPage) tableFoot() { p.markup("</tbody>\n</table>\n") }

// htmlEscaper escapes a value for HTML text and for a quoted attribute
// value. It is exactly html/template's escaping of a string in those
// contexts (htmlReplacementTable in html/template/html.go), so the pages
// read as they did when html/template wrote them: NUL becomes U+FFFD, and
// " & ' + < > become entities.
var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

func esc(s string) string { return htmlEscaper.Replace(s) }

// docHref makes a rule's doc URL safe for a quoted href, as html/template
// did: a scheme other than http, https or mailto (javascript:) is replaced
// by "#ZgotmplZ", bytes a URL cannot hold are percent-encoded (valid %XX
// escapes kept), and the result is escaped for the attribute.
func docHref(url string) string {
	if scheme, _, ok := strings.Cut(url, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return "#ZgotmplZ"
	}
	var b strings.Builder
	for i := 0; i < len(url); i++ {
		c := url[i]
		switch {
		case urlByteKept(c):
			b.WriteByte(c)
		case c == '%' && i+2 < len(url) && isHexDigit(url[i+1]) && isHexDigit(url[i+2]):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	return esc(b.String())
}

// urlByteKept: RFC 3986's unreserved and reserved characters, but for the
// single quote and the parentheses.
func urlByteKept(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
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
