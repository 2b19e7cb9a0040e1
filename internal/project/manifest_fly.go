package project

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/djls-dev/djls/internal/tomlpos"
)

// parseFly reads fly.toml: the process commands ([processes], and
// [experimental] cmd/entrypoint of older apps) and [env]. tomlpos gives
// each value's bytes; the TOML decoder reads the value itself.
func parseFly(src []byte) ([]StartCommand, []EnvAssignment) {
	var cmds []StartCommand
	var env []EnvAssignment
	for _, e := range tomlpos.Scan(src) {
		if e.Header || len(e.Path) != 2 {
			continue
		}
		raw := string(src[e.Start:e.End])
		switch table, name := e.Path[0], e.Path[1]; {
		case table == "processes":
			if c, ok := flyCommand(raw, e, "Process "+name); ok {
				cmds = append(cmds, c)
			}
		case table == "experimental" && (name == "cmd" || name == "entrypoint"):
			if c, ok := flyCommand(raw, e, "The "+name); ok {
				cmds = append(cmds, c)
			}
		case table == "env":
			if v, ok := tomlValue(raw).(string); ok && !strings.Contains(v, "$") {
				env = append(env, EnvAssignment{Name: name, Value: v, Start: e.Start, End: e.End})
			} else if s := tomlScalar(raw); s != "" {
				env = append(env, EnvAssignment{Name: name, Value: s, Start: e.Start, End: e.End})
			}
		}
	}
	return cmds, env
}

// flyCommand reads a command: a string or an array of strings.
func flyCommand(raw string, e tomlpos.Entry, where string) (StartCommand, bool) {
	c := StartCommand{Where: where, Start: e.Start, End: e.End}
	switch v := tomlValue(raw).(type) {
	case string:
		c.Text = v
	case []any:
		var words []string
		for _, w := range v {
			s, ok := w.(string)
			if !ok {
				return c, false
			}
			words = append(words, s)
		}
		c.Text, c.Exec = strings.Join(words, " "), true
	default:
		return c, false
	}
	return c, true
}

// tomlValue decodes one TOML value's source; nil when it does not decode.
func tomlValue(raw string) any {
	var doc map[string]any
	if _, err := toml.Decode("v = "+raw, &doc); err != nil {
		return nil
	}
	return doc["v"]
}

// tomlScalar returns a boolean or number value as the environment would
// see it (`DEBUG = true` sets "true"); "" for anything else.
func tomlScalar(raw string) string {
	switch v := tomlValue(raw).(type) {
	case bool, int64, float64:
		return fmt.Sprint(v)
	}
	return ""
}
