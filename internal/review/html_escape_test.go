package review

import (
	"bytes"
	"html/template"
	"reflect"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/report"
)

// escapeProbes are values that would be markup, break out of a quoted
// attribute or start an entity if written as they are.
var escapeProbes = []string{
	`<x-probe id=x>"&'+`,
	"`<x-probe id=x>` and `\"&'`",
	"-<x-probe id=x>\n+\"&'\n@@ <x-probe id=x>",
	"\x00<x-probe id=x>",
}

// TestEscapingMatchesHTMLTemplate: esc and docHref write what
// html/template wrote in the same places (text, a quoted attribute, an
// href), so pages read as before. html/template is imported by this test
// only, never by djls.
func TestEscapingMatchesHTMLTemplate(t *testing.T) {
	text := template.Must(template.New("").Parse(`<p class="{{.}}">{{.}}</p>`))
	href := template.Must(template.New("").Parse(`<a href="{{.}}">`))
	values := append([]string{"", "plain", "é ✓ \xff\xfe", "javascript:alert(1)", "JavaScript:x", "data:text/html,x",
		"https://github.com/djls-dev/djls/blob/main/docs/rules/DJS001.md", "https://x.example/a b\"c<d>'e%zz%41(x)é?q=1&r=+#f",
		"mailto:a@b", "/rel:ative", "a/b:c", "%", "%4", "%4g"}, escapeProbes...)
	for _, v := range values {
		var want bytes.Buffer
		if err := text.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		if got := `<p class="` + esc(v) + `">` + esc(v) + `</p>`; got != want.String() {
			t.Errorf("esc(%q):\n got %s\nwant %s", v, got, want.String())
		}
		want.Reset()
		if err := href.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		if got := `<a href="` + docHref(v) + `">`; got != want.String() {
			t.Errorf("docHref(%q):\n got %s\nwant %s", v, got, want.String())
		}
	}
}

// escapeReview is a review in which every section and every branch of a
// finding's fix is shown, so that each string field appears on the page.
func escapeReview() *Review {
	finding := func(inBlock, sameFixAs, diff string) Finding {
		return Finding{Code: "DJS001", Name: "name", Where: "app/settings.py:1", Message: "message", Detail: "detail",
			Related: []string{"related"}, Meaning: "meaning `code`", DocURL: "https://example.com/DJS001.md",
			FixTitle: "fix title", Diff: diff, SameFixAs: sameFixAs, InBlock: inBlock}
	}
	return &Review{
		Project: "project",
		Risks: []Risk{
			{Title: "Critical", Blurb: "blurb", Findings: []Finding{finding("", "", "-a\n+b\n"), finding("root", "", ""), finding("", "other:1", ""), finding("", "", "")}},
			{Title: "Important"},
		},
		Blocks:  []Block{{Root: "root", Diff: "+SECURE = True\n"}},
		Right:   []Right{{Setting: "DEBUG", Value: "False", Where: "app/settings.py:1", Why: "why"}},
		Modules: []Module{{Path: "app/settings.py", Judgement: "judgement"}},
		Env: []EnvVar{
			{Name: "A", Where: "app/settings.py:2", Default: "default", Note: "note"},
			{Name: "B", Where: "app/settings.py:3", MustSet: true, Required: true, Note: "note"},
		},
		Checks:  []Check{{Topic: "HTTPS", Status: Todo, Text: "text `code`"}},
		Skipped: []report.Skipped{{Path: "bad.py", Reason: "reason"}},
	}
}

// stringFields is every string of v (a pointer), with its field's name.
func stringFields(v reflect.Value, name string, visit func(name string, s *string)) {
	switch v.Kind() {
	case reflect.Pointer:
		stringFields(v.Elem(), name, visit)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			stringFields(v.Field(i), v.Type().Name()+"."+v.Type().Field(i).Name, visit)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			stringFields(v.Index(i), name, visit)
		}
	case reflect.String:
		visit(name, v.Addr().Interface().(*string))
	}
}

// TestEveryValueIsEscaped puts markup, quotes and '&' in each string of a
// review in turn (the fields found by reflection, so a new field is
// covered too) and in the generator: the page never holds them raw, as
// text, as an attribute (a section's class, the doc link) or as code.
// Every field must also show up escaped somewhere, so none is skipped
// unseen.
func TestEveryValueIsEscaped(t *testing.T) {
	rev := escapeReview()
	shown := map[string]bool{}
	check := func(name, probe, generator string) {
		var page bytes.Buffer
		if err := HTML(&page, rev, generator); err != nil {
			t.Fatal(err)
		}
		out := page.String()
		for _, raw := range []string{"<x-probe", `"&'`, "\x00", `="<`} {
			if strings.Contains(out, raw) {
				t.Errorf("%s = %q: the page holds %q unescaped", name, probe, raw)
			}
		}
		if strings.Contains(out, "&lt;x-probe id=x&gt;") || strings.Contains(out, "%3cx-probe%20id=x%3e") {
			shown[name] = true
		}
	}
	names := map[string]bool{"generator": true}
	for _, probe := range escapeProbes {
		check("generator", probe, probe)
		stringFields(reflect.ValueOf(rev), "Review", func(name string, s *string) {
			names[name] = true
			was := *s
			*s = probe
			check(name, probe, "djls")
			*s = was
		})
	}
	for name := range names {
		if !shown[name] {
			t.Errorf("%s never shows on the page: the test does not cover it", name)
		}
	}
}

// TestUnsafeDocURLIsNotLinked: a doc URL with a scheme that runs something
// (javascript:) is replaced by a harmless fragment, as html/template did.
func TestUnsafeDocURLIsNotLinked(t *testing.T) {
	rev := escapeReview()
	rev.Risks[0].Findings[0].DocURL = "javascript:alert(1)"
	var page bytes.Buffer
	if err := HTML(&page, rev, "djls"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), "javascript:") || !strings.Contains(page.String(), `href="#ZgotmplZ"`) {
		t.Error("the page links to a javascript: URL")
	}
}
