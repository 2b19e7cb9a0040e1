package project

import (
	"regexp"
	"slices"
	"testing"
)

// settingsModuleRefRegexp is what settingsModuleRefs implements.
var settingsModuleRefRegexp = regexp.MustCompile(`(?m)^[ \t]*(?:os\.)?environ\s*(?:\.\s*setdefault\s*\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,|\[\s*["']DJANGO_SETTINGS_MODULE["']\s*\]\s*=)\s*["']([\w.]+)["']`)

func regexpRefs(text []byte) [][2]int {
	var out [][2]int
	for _, m := range settingsModuleRefRegexp.FindAllSubmatchIndex(text, -1) {
		out = append(out, [2]int{m[2], m[3]})
	}
	return out
}

var settingsRefSamples = []string{
	"import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.dev')\n",
	"os.environ[\"DJANGO_SETTINGS_MODULE\"] = \"proj.settings.production\"",
	"from os import environ\nenviron.setdefault(\n    \"DJANGO_SETTINGS_MODULE\",\n    \"proj.settings.asgi\",\n)\n",
	"  os.environ.setdefault( \"DJANGO_SETTINGS_MODULE\" ,\"deep.settings\" )",
	"os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", f\"{x}.settings\")",
	"# os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"commented.out\")",
	"x = 1; os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"not.at.line.start\")",
	"os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"a\")os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"b\")\nenviron['DJANGO_SETTINGS_MODULE']='c'",
	"environment.setdefault(\"DJANGO_SETTINGS_MODULE\", \"x\")\nos.environ [ 'DJANGO_SETTINGS_MODULE' ] =\r\n 'y.z'\r\n",
	"os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"\")\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"unterminated",
	"os.os.environ['DJANGO_SETTINGS_MODULE'] = 'x'\n\tos.environ['DJANGO_SETTINGS_MODULE'] == 'y'\n\f os.environ['DJANGO_SETTINGS_MODULE'] = 'w'",
	"os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"x\"\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"y\")",
}

func TestSettingsModuleRefsMatchTheRegexp(t *testing.T) {
	for _, text := range settingsRefSamples {
		if got, want := settingsModuleRefs([]byte(text)), regexpRefs([]byte(text)); !slices.Equal(got, want) {
			t.Errorf("settingsModuleRefs(%q) = %v, the regexp finds %v", text, got, want)
		}
	}
}

func FuzzSettingsModuleRefs(f *testing.F) {
	for _, s := range settingsRefSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if got, want := settingsModuleRefs(text), regexpRefs(text); !slices.Equal(got, want) {
			t.Fatalf("settingsModuleRefs(%q) = %v, the regexp finds %v", text, got, want)
		}
	})
}
