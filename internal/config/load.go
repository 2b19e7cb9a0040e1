package config

import (
	"bytes"
	"errors"
	"github.com/djls-dev/djls/internal/tomlpos"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// The files Load reads, at the project root.
const (
	FileName      = "djls-security.toml" // top-level keys
	PyprojectName = "pyproject.toml"     // the [tool.djls-security] table
)

// Keys are the configuration keys, as written in files.
var Keys = []string{"select", "ignore", "severity", "settings", "production", "development", "django-version"}

// Load reads the configuration of the project at root: djls-security.toml
// when it exists (pyproject.toml is then not read at all, even if it has a
// [tool.djls-security] table), else the [tool.djls-security] table of
// pyproject.toml. No configuration gives an empty Config and no error.
//
// knownRule tells whether a full rule ID ("DJS001") exists; a prefix
// ("DJS1") is valid when some known ID starts with it. A nil knownRule
// accepts every well-formed ID.
//
// Every problem is reported, none silently dropped: the error is a *Error,
// or several joined with errors.Join. The Config returned alongside an error
// holds the keys and items that were valid.
func Load(root string, knownRule func(id string) bool) (*Config, error) {
	path := filepath.Join(root, FileName)
	text, err := os.ReadFile(path)
	if err == nil {
		return loadTOML(path, text, nil, knownRule)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return &Config{}, &Error{File: path, Msg: err.Error()}
	}
	path = filepath.Join(root, PyprojectName)
	text, err = os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil
	}
	if err != nil {
		return &Config{}, &Error{File: path, Msg: err.Error()}
	}
	return loadTOML(path, text, []string{"tool", "djls-security"}, knownRule)
}

// FromMap reads editor settings (decoded JSON) with the same keys as the
// files; "djangoVersion" is accepted for "django-version".
func FromMap(m map[string]any, knownRule func(id string) bool) (*Config, error) {
	d := &decoder{knownRule: knownRule, camelCase: true, loc: noLocator{}}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return d.decode(m, keys)
}

func loadTOML(path string, text []byte, prefix []string, knownRule func(string) bool) (*Config, error) {
	var data map[string]any
	if _, err := toml.Decode(string(text), &data); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// The decoder counts a newline as the start of the next line; the
			// error belongs to the line that the newline ends.
			line := pe.Position.Line
			if start := pe.Position.Start; start >= 0 && start < len(text) {
				line = tomlpos.LineAt(text, start)
			}
			return &Config{}, &Error{File: path, Line: line, Msg: pe.Message}
		}
		return &Config{}, &Error{File: path, Msg: err.Error()}
	}
	loc := &tomlLocator{text: text, entries: tomlpos.Scan(text), prefix: prefix, cursor: map[string]int{}}
	table := data
	for i, part := range prefix {
		v, ok := table[part]
		if !ok {
			return &Config{}, nil
		}
		next, ok := v.(map[string]any)
		if !ok {
			if i < len(prefix)-1 {
				return &Config{}, nil // not our table: another tool's problem
			}
			key := strings.Join(prefix, ".")
			line := 0
			if e, ok := tomlpos.Find(loc.entries, prefix); ok {
				line = e.Line
			}
			return &Config{}, &Error{File: path, Line: line, Key: key, Msg: "must be a table, not " + typeName(v)}
		}
		table = next
	}
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		li, lj := loc.line(keys[i]), loc.line(keys[j])
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	d := &decoder{file: path, knownRule: knownRule, loc: loc}
	cfg, err := d.decode(table, keys)
	cfg.Source = path
	return cfg, err
}

// locator finds the lines of keys and items; editor settings have none.
type locator interface {
	line(key string) int
	item(key, value string) int // the line of a string item of an array
	sub(key, sub string) int    // the line of a key of a sub-table
}

type noLocator struct{}

func (noLocator) line(string) int         { return 0 }
func (noLocator) item(string, string) int { return 0 }
func (noLocator) sub(string, string) int  { return 0 }

type tomlLocator struct {
	text    []byte
	entries []tomlpos.Entry
	prefix  []string
	cursor  map[string]int // per array: where the next item search starts
}

func (l *tomlLocator) entry(parts ...string) (tomlpos.Entry, bool) {
	return tomlpos.Find(l.entries, append(append([]string{}, l.prefix...), parts...))
}

func (l *tomlLocator) line(key string) int {
	e, _ := l.entry(key)
	return e.Line
}

func (l *tomlLocator) item(key, value string) int {
	e, ok := l.entry(key)
	if !ok {
		return 0
	}
	if s, end, ok := tomlpos.FindQuoted(l.text, max(e.Start, l.cursor[key]), e.End, value); ok {
		l.cursor[key] = end + 1
		return tomlpos.LineAt(l.text, s)
	}
	return e.Line
}

func (l *tomlLocator) sub(key, sub string) int {
	e, ok := l.entry(key, sub)
	if !ok || len(e.Path) == len(l.prefix)+2 {
		return e.Line
	}
	// The sub-key sits in an inline table: find its text there.
	if n := bytes.Index(l.text[e.Start:e.End], []byte(sub)); n >= 0 {
		return tomlpos.LineAt(l.text, e.Start+n)
	}
	return e.Line
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64, int:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any, []string, []map[string]any:
		return "an array"
	case map[string]any, map[string]string:
		return "a table"
	case time.Time:
		return "a date-time"
	case nil:
		return "null"
	}
	return "an unsupported value"
}
