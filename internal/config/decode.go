package config

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/djls-dev/djls/internal/wildmatch"
)

// decoder turns decoded TOML or JSON values into a Config, collecting one
// Error per problem.
type decoder struct {
	file      string
	knownRule func(string) bool
	camelCase bool // editor settings: accept "djangoVersion"
	loc       locator
	errs      []error
	cfg       *Config
}

func (d *decoder) decode(values map[string]any, keys []string) (*Config, error) {
	d.cfg = &Config{set: map[string]bool{}}
	for _, key := range keys {
		v := values[key]
		canonical := key
		if d.camelCase && key == "djangoVersion" {
			canonical = "django-version"
		}
		switch canonical {
		case "select":
			d.cfg.Select = d.rules(key, v)
		case "ignore":
			d.cfg.Ignore = d.rules(key, v)
		case "severity":
			d.cfg.Severity = d.severity(key, v)
		case "settings":
			d.cfg.Settings = d.globs(key, v)
		case "production":
			d.cfg.Production = d.globs(key, v)
		case "development":
			d.cfg.Development = d.globs(key, v)
		case "django-version":
			d.cfg.DjangoVersion = d.version(key, v)
		default:
			d.fail(d.loc.line(key), key, unknownKeyMsg(key))
			continue
		}
		if d.valid(canonical) {
			d.cfg.set[canonical] = true
		}
	}
	return d.cfg, errors.Join(d.errs...)
}

// valid reports whether the key's value was usable (its field was filled,
// possibly with an empty list).
func (d *decoder) valid(key string) bool {
	switch key {
	case "select":
		return d.cfg.Select != nil
	case "ignore":
		return d.cfg.Ignore != nil
	case "severity":
		return d.cfg.Severity != nil
	case "settings":
		return d.cfg.Settings != nil
	case "production":
		return d.cfg.Production != nil
	case "development":
		return d.cfg.Development != nil
	case "django-version":
		return d.cfg.DjangoVersion != ""
	}
	return false
}

func (d *decoder) fail(line int, key, msg string) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Key: key, Msg: msg})
}

// strings reads an array of strings; nil means the value was not an array.
// Items that are not strings are reported and left out.
func (d *decoder) strings(key string, v any) []string {
	var items []any
	switch t := v.(type) {
	case []any:
		items = t
	case []string:
		for _, s := range t {
			items = append(items, s)
		}
	default:
		d.fail(d.loc.line(key), key, "must be an array of strings, not "+typeName(v))
		return nil
	}
	out := []string{}
	for i, item := range items {
		s, ok := item.(string)
		if !ok {
			d.fail(d.loc.line(key), key, fmt.Sprintf("item %d must be a string, not %s", i+1, typeName(item)))
			continue
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) rules(key string, v any) []string {
	items := d.strings(key, v)
	if items == nil {
		return nil
	}
	out := []string{}
	for _, id := range items {
		line := d.loc.item(key, id)
		if !d.knownPrefix(id) {
			msg := fmt.Sprintf("unknown rule ID or prefix %q", id)
			if up := strings.ToUpper(id); up != id && d.knownPrefix(up) {
				msg += fmt.Sprintf("; did you mean %q?", up)
			}
			d.fail(line, key, msg)
			continue
		}
		out = append(out, id)
	}
	return keptAny(items, out)
}

var (
	ruleIDPattern     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^DJS[0-9]{3}$`) })
	rulePrefixPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^DJS[0-9]{0,2}$`) })
	versionPattern    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[1-9][0-9]*\.[0-9]+$`) })
)

func (d *decoder) knownID(id string) bool {
	return ruleIDPattern().MatchString(id) && (d.knownRule == nil || d.knownRule(id))
}

// knownPrefix accepts a full ID or a prefix of one: rule IDs are "DJS" and
// three digits, so a prefix is checked by asking about each ID it covers.
func (d *decoder) knownPrefix(p string) bool {
	if ruleIDPattern().MatchString(p) {
		return d.knownID(p)
	}
	if !rulePrefixPattern().MatchString(p) {
		return false
	}
	if d.knownRule == nil {
		return true
	}
	width := 6 - len(p)
	limit := 1
	for range width {
		limit *= 10
	}
	for n := range limit {
		if id := fmt.Sprintf("%s%0*d", p, width, n); d.knownRule(id) {
			return true
		}
	}
	return false
}

func (d *decoder) severity(key string, v any) map[string]string {
	var table map[string]any
	switch t := v.(type) {
	case map[string]any:
		table = t
	case map[string]string:
		table = map[string]any{}
		for k, s := range t {
			table[k] = s
		}
	default:
		d.fail(d.loc.line(key), key, `must be a table of rule ID = "error" | "warning" | "info", not `+typeName(v))
		return nil
	}
	ids := make([]string, 0, len(table))
	for id := range table {
		ids = append(ids, id)
	}
	sortByLine(ids, func(id string) int { return d.loc.sub(key, id) })
	out := map[string]string{}
	for _, id := range ids {
		line := d.loc.sub(key, id)
		subKey := key + "." + id
		if !d.knownID(id) {
			d.fail(line, subKey, fmt.Sprintf("unknown rule ID %q", id))
			continue
		}
		s, ok := table[id].(string)
		switch {
		case !ok:
			d.fail(line, subKey, `must be "error", "warning" or "info", not `+typeName(table[id]))
		case s != "error" && s != "warning" && s != "info":
			d.fail(line, subKey, fmt.Sprintf(`invalid severity %q; use "error", "warning" or "info"`, s))
		default:
			out[id] = s
		}
	}
	return out
}

func (d *decoder) globs(key string, v any) []string {
	items := d.strings(key, v)
	if items == nil {
		return nil
	}
	out := []string{}
	for _, g := range items {
		line := d.loc.item(key, g)
		if err := wildmatch.Valid(g); err != nil || g == "" {
			d.fail(line, key, fmt.Sprintf("invalid glob %q", g))
			continue
		}
		out = append(out, g)
	}
	return keptAny(items, out)
}

// keptAny returns nil when every item was invalid, so a list of only bad
// items does not become an empty (meaning "default") list.
func keptAny(items, kept []string) []string {
	if len(items) > 0 && len(kept) == 0 {
		return nil
	}
	return kept
}

func (d *decoder) version(key string, v any) string {
	s, ok := v.(string)
	if !ok {
		msg := `must be a string like "4.2", not ` + typeName(v)
		if f, isFloat := v.(float64); isFloat {
			msg += fmt.Sprintf(" (write %q)", strconv.FormatFloat(f, 'f', -1, 64))
		}
		d.fail(d.loc.line(key), key, msg)
		return ""
	}
	if !versionPattern().MatchString(s) {
		d.fail(d.loc.line(key), key, fmt.Sprintf(`invalid version %q; use major.minor like "4.2"`, s))
		return ""
	}
	return s
}

// unknownKeyMsg suggests the closest known key.
func unknownKeyMsg(key string) string {
	norm := normalizeKey(key)
	best, bestDist := "", 3
	for _, k := range Keys {
		if dist := editDistance(norm, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best != "" {
		return fmt.Sprintf("unknown key; did you mean %q?", best)
	}
	return "unknown key; known keys are " + strings.Join(Keys, ", ")
}

// normalizeKey spells snake_case and camelCase keys in kebab-case.
func normalizeKey(key string) string {
	var b strings.Builder
	for i, c := range key {
		switch {
		case c == '_':
			b.WriteByte('-')
		case 'A' <= c && c <= 'Z':
			if i > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c + 'a' - 'A')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func sortByLine(keys []string, line func(string) int) {
	lines := map[string]int{}
	for _, k := range keys {
		lines[k] = line(k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if lines[keys[i]] != lines[keys[j]] {
			return lines[keys[i]] < lines[keys[j]]
		}
		return keys[i] < keys[j]
	})
}
