package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var testRules = map[string]bool{"DJS001": true, "DJS002": true, "DJS101": true, "DJS102": true, "DJS801": true}

func knownTestRule(id string) bool { return testRules[id] }

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadNoConfig(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"nothing":       {},
		"pyproject":     {"pyproject.toml": "[project]\nname = \"x\"\n"},
		"other tool":    {"pyproject.toml": "[tool.djls]\nselect = 3\n", "djls.toml": "select = 3\n"},
		"tool not ours": {"pyproject.toml": "[tool.ruff]\nselect = [\"E\"]\n"},
	} {
		cfg, err := Load(writeFiles(t, files), knownTestRule)
		if err != nil || !reflect.DeepEqual(cfg, &Config{}) {
			t.Errorf("%s: got %+v, %v", name, cfg, err)
		}
	}
}

func TestLoadPyproject(t *testing.T) {
	dir := writeFiles(t, map[string]string{"pyproject.toml": `[project]
name = "x"

[tool.djls-security]
select = ["DJS0", "DJS101"]
ignore = ["DJS002"]
settings = ["deploy/*_settings.py"]
production = ["config.settings.production", "**/prod.py"]
development = []
django-version = "4.2"

[tool.djls-security.severity]
DJS001 = "warning"
DJS101 = "info"
`})
	cfg, err := Load(dir, knownTestRule)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Select:        []string{"DJS0", "DJS101"},
		Ignore:        []string{"DJS002"},
		Severity:      map[string]string{"DJS001": "warning", "DJS101": "info"},
		Settings:      []string{"deploy/*_settings.py"},
		Production:    []string{"config.settings.production", "**/prod.py"},
		Development:   []string{},
		DjangoVersion: "4.2",
		Source:        filepath.Join(dir, "pyproject.toml"),
		set: map[string]bool{"select": true, "ignore": true, "severity": true, "settings": true,
			"production": true, "development": true, "django-version": true},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got  %+v\nwant %+v", cfg, want)
	}
}

func TestDedicatedFileWins(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"pyproject.toml":     "[tool.djls-security]\nselect = [\"DJS999\"]\nignore = [\"DJS001\"]\n",
		"djls-security.toml": "select = [\"DJS1\"]\n\n[severity]\nDJS102 = \"error\"\n",
	})
	cfg, err := Load(dir, knownTestRule)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg.Select, []string{"DJS1"}) || cfg.Ignore != nil || cfg.Severity["DJS102"] != "error" {
		t.Errorf("got %+v", cfg)
	}
	if cfg.Source != filepath.Join(dir, "djls-security.toml") || !cfg.IsSet("select") || cfg.IsSet("ignore") {
		t.Errorf("source %q, set %v", cfg.Source, cfg.set)
	}
}

// TestLoadErrors checks every error path with its exact message; FILE is
// the config file's path.
func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, file, text string
		want             []string
	}{
		{"syntax", "djls-security.toml", "select = [\"DJS001\"\nignore = []\n",
			[]string{`FILE:2: expected a comma (',') or array terminator (']'), but got 'i'`}},
		{"syntax in pyproject", "pyproject.toml", "[tool.djls-security\n",
			[]string{`FILE:1: expected '.' or ']' to end table name, but got '\n' instead`}},
		{"newline in string", "djls-security.toml", "django-version = \"4.2\nselect = []\n",
			[]string{`FILE:1: strings cannot contain newlines`}},
		{"missing value", "djls-security.toml", "\n\nselect = \n",
			[]string{`FILE:3: expected value but found '\n' instead`}},
		{"duplicate key", "djls-security.toml", "select = []\nselect = []\n",
			[]string{`FILE:2: Key 'select' has already been defined.`}},
		{"unknown key with suggestion", "djls-security.toml", "select = []\nselct = [\"DJS001\"]\n",
			[]string{`FILE:2: selct: unknown key; did you mean "select"?`}},
		{"camelCase in a file", "pyproject.toml", "[tool.djls-security]\n\ndjangoVersion = \"4.2\"\n",
			[]string{`FILE:3: djangoVersion: unknown key; did you mean "django-version"?`}},
		{"unknown key without suggestion", "djls-security.toml", "rules = 1\n",
			[]string{`FILE:1: rules: unknown key; known keys are select, ignore, severity, settings, production, development, django-version`}},
		{"unknown sub-table", "pyproject.toml", "[tool.djls-security.per-file]\nx = 1\n",
			[]string{`FILE:1: per-file: unknown key; known keys are select, ignore, severity, settings, production, development, django-version`}},
		{"string instead of array", "djls-security.toml", "\nselect = \"DJS001\"\n",
			[]string{`FILE:2: select: must be an array of strings, not a string`}},
		{"item not a string", "djls-security.toml", "ignore = [\n  \"DJS001\",\n  101,\n]\n",
			[]string{`FILE:1: ignore: item 2 must be a string, not an integer`}},
		{"unknown rule", "pyproject.toml", "[tool.djls-security]\nselect = [\n  \"DJS001\",\n  \"DJS999\",\n]\n",
			[]string{`FILE:4: select: unknown rule ID or prefix "DJS999"`}},
		{"unknown prefix", "djls-security.toml", "ignore = [\"DJS9\", \"DJS10\", \"E501\"]\n",
			[]string{`FILE:1: ignore: unknown rule ID or prefix "DJS9"`, `FILE:1: ignore: unknown rule ID or prefix "E501"`}},
		{"lower-case rule", "djls-security.toml", "select = [\"djs001\"]\n",
			[]string{`FILE:1: select: unknown rule ID or prefix "djs001"; did you mean "DJS001"?`}},
		{"duplicate items point at their own line", "djls-security.toml", "select = [\n\"DJS999\",\n\"DJS999\",\n]\n",
			[]string{`FILE:2: select: unknown rule ID or prefix "DJS999"`, `FILE:3: select: unknown rule ID or prefix "DJS999"`}},
		{"severity not a table", "djls-security.toml", "severity = \"info\"\n",
			[]string{`FILE:1: severity: must be a table of rule ID = "error" | "warning" | "info", not a string`}},
		{"invalid severity", "pyproject.toml", "[tool.djls-security.severity]\nDJS001 = \"info\"\nDJS002 = \"fatal\"\n",
			[]string{`FILE:3: severity.DJS002: invalid severity "fatal"; use "error", "warning" or "info"`}},
		{"severity not a string", "djls-security.toml", "severity = { DJS001 = 1 }\n",
			[]string{`FILE:1: severity.DJS001: must be "error", "warning" or "info", not an integer`}},
		{"severity of unknown rule", "djls-security.toml", "[severity]\nDJS001 = \"info\"\nDJS1 = \"info\"\nDJS404 = \"info\"\n",
			[]string{`FILE:3: severity.DJS1: unknown rule ID "DJS1"`, `FILE:4: severity.DJS404: unknown rule ID "DJS404"`}},
		{"version as a number", "djls-security.toml", "django-version = 4.2\n",
			[]string{`FILE:1: django-version: must be a string like "4.2", not a number (write "4.2")`}},
		{"version malformed", "djls-security.toml", "django-version = \"4\"\n",
			[]string{`FILE:1: django-version: invalid version "4"; use major.minor like "4.2"`}},
		{"bad glob", "djls-security.toml", "settings = [\"ok/*.py\", \"bad[\"]\n",
			[]string{`FILE:1: settings: invalid glob "bad["`}},
		// Globs are git's: "[]a]" is the set of ']' and 'a' (path.Match,
		// used before, rejected it) and a class must be one git knows.
		{"git glob dialect", "djls-security.toml", "settings = [\"x/[]a]*.py\", \"x/[[:nope:]].py\", \"x/[[:alpha:]]*.py\"]\n",
			[]string{`FILE:1: settings: invalid glob "x/[[:nope:]].py"`}},
		{"empty glob", "djls-security.toml", "production = [\"\"]\n",
			[]string{`FILE:1: production: invalid glob ""`}},
		{"table is a string", "pyproject.toml", "[tool]\ndjls-security = \"on\"\n",
			[]string{`FILE:2: tool.djls-security: must be a table, not a string`}},
		{"errors in file order", "djls-security.toml", "zzz = 1\nselect = 1\naaa = 2\n",
			[]string{`FILE:1: zzz: unknown key; known keys are select, ignore, severity, settings, production, development, django-version`,
				`FILE:2: select: must be an array of strings, not an integer`,
				`FILE:3: aaa: unknown key; known keys are select, ignore, severity, settings, production, development, django-version`}},
	}
	for _, c := range cases {
		dir := writeFiles(t, map[string]string{c.file: c.text})
		_, err := Load(dir, knownTestRule)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		path := filepath.Join(dir, c.file)
		var got []string
		for _, line := range strings.Split(err.Error(), "\n") {
			got = append(got, strings.Replace(line, path, "FILE", 1))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
		var cfgErr *Error
		if !errors.As(err, &cfgErr) || cfgErr.File != path {
			t.Errorf("%s: not a *Error for the file: %#v", c.name, err)
		}
	}
}

func TestPartialConfigOnError(t *testing.T) {
	dir := writeFiles(t, map[string]string{"djls-security.toml": `select = ["DJS001", "DJS999"]
ignore = ["DJS999"]
django-version = "5.1"
`})
	cfg, err := Load(dir, knownTestRule)
	if err == nil {
		t.Fatal("want errors")
	}
	if !reflect.DeepEqual(cfg.Select, []string{"DJS001"}) || cfg.DjangoVersion != "5.1" {
		t.Errorf("valid parts kept: %+v", cfg)
	}
	if cfg.Ignore != nil || cfg.IsSet("ignore") {
		t.Errorf("a list of only unknown rules is not set: %+v", cfg)
	}
}

func TestErrorFormat(t *testing.T) {
	cases := map[string]*Error{
		"f.toml:3: select: bad": {File: "f.toml", Line: 3, Key: "select", Msg: "bad"},
		"f.toml: bad":           {File: "f.toml", Msg: "bad"},
		"select: bad":           {Key: "select", Msg: "bad"},
		"bad":                   {Msg: "bad"},
		"line 2: bad":           {Line: 2, Msg: "bad"},
	}
	for want, e := range cases {
		if got := e.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestUnreadableConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "djls-security.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir, knownTestRule)
	want := filepath.Join(dir, "djls-security.toml") + ": read " + filepath.Join(dir, "djls-security.toml") + ": is a directory"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestRulePrefixes(t *testing.T) {
	d := &decoder{knownRule: knownTestRule}
	for id, want := range map[string]bool{
		"DJS": true, "DJS0": true, "DJS00": true, "DJS001": true, "DJS1": true, "DJS10": true,
		"DJS8": true, "DJS2": false, "DJS11": false, "DJS003": false, "DJS0011": false, "DJ": false, "": false,
	} {
		if got := d.knownPrefix(id); got != want {
			t.Errorf("knownPrefix(%q) = %v, want %v", id, got, want)
		}
	}
	anyRule := &decoder{}
	if !anyRule.knownPrefix("DJS999") || anyRule.knownPrefix("XYZ") {
		t.Error("a nil knownRule accepts every well-formed ID and nothing else")
	}
}

func TestFromMap(t *testing.T) {
	cfg, err := FromMap(map[string]any{
		"select":        []any{"DJS1"},
		"severity":      map[string]any{"DJS001": "info"},
		"djangoVersion": "5.0",
		"production":    []string{"prod_*.py"},
	}, knownTestRule)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Select: []string{"DJS1"}, Severity: map[string]string{"DJS001": "info"},
		Production: []string{"prod_*.py"}, DjangoVersion: "5.0",
		set: map[string]bool{"select": true, "severity": true, "django-version": true, "production": true},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got  %+v\nwant %+v", cfg, want)
	}

	_, err = FromMap(map[string]any{
		"select":         "DJS001",
		"ignore":         []any{"DJS001", float64(3)},
		"django-version": float64(4),
		"severity":       map[string]any{"DJS002": "hint"},
		"trace":          "off",
	}, knownTestRule)
	wantErrs := []string{
		`django-version: must be a string like "4.2", not a number (write "4")`,
		`ignore: item 2 must be a string, not a number`,
		`select: must be an array of strings, not a string`,
		`severity.DJS002: invalid severity "hint"; use "error", "warning" or "info"`,
		`trace: unknown key; known keys are select, ignore, severity, settings, production, development, django-version`,
	}
	if err == nil || !reflect.DeepEqual(strings.Split(err.Error(), "\n"), wantErrs) {
		t.Errorf("got %q\nwant %q", err, wantErrs)
	}
	if cfg, err := FromMap(nil, knownTestRule); err != nil || !reflect.DeepEqual(cfg, &Config{set: map[string]bool{}}) {
		t.Errorf("nil map: %+v %v", cfg, err)
	}
}

func TestMergeLoaded(t *testing.T) {
	editor, err := FromMap(map[string]any{"select": []any{"DJS0"}, "djangoVersion": "4.2"}, knownTestRule)
	if err != nil {
		t.Fatal(err)
	}
	file, err := Load(writeFiles(t, map[string]string{"djls-security.toml": "django-version = \"5.1\"\n"}), knownTestRule)
	if err != nil {
		t.Fatal(err)
	}
	m := Merge(editor, file)
	if !reflect.DeepEqual(m.Select, []string{"DJS0"}) || m.DjangoVersion != "5.1" || m.Source != file.Source {
		t.Errorf("merged %+v", m)
	}
}

func TestLoadText(t *testing.T) {
	_, err := LoadText("/p/djls-security.toml", []byte("ignore = [\"DJS001\"]\nselekt = 1\n"), knownTestRule)
	var e *Error
	if !errors.As(err, &e) || e.Line != 2 || e.File != "/p/djls-security.toml" {
		t.Fatalf("djls-security.toml: err = %v, want line 2", err)
	}
	cfg, err := LoadText("/p/pyproject.toml", []byte("[tool.djls-security]\nignore = [\"DJS001\"]\n"), knownTestRule)
	if err != nil || len(cfg.Ignore) != 1 {
		t.Fatalf("pyproject.toml: cfg = %+v, err = %v", cfg, err)
	}
	if _, err := LoadText("/p/other.toml", []byte("selekt = 1"), knownTestRule); err != nil {
		t.Fatalf("other.toml: err = %v", err)
	}
}
