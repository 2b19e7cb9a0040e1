package project

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// YAML manifests (compose, render.yaml, app.yaml) and app.json are read
// with gopkg.in/yaml.v3, whose nodes carry line and column (JSON is read as
// the YAML it is, so app.json gets positions too).

// yamlDoc is a parsed YAML text with what maps node positions to bytes.
type yamlDoc struct {
	src   []byte
	lines []int // byte offset of each line's start
	root  *yaml.Node
}

func parseYAML(src []byte, json bool) *yamlDoc {
	text := src
	if json {
		// JSON indented with tabs is not YAML; a tab outside a string is
		// blank in JSON (inside one it must be escaped), so a space keeps
		// every offset.
		text = bytes.ReplaceAll(src, []byte("\t"), []byte(" "))
	}
	var n yaml.Node
	if err := yaml.Unmarshal(text, &n); err != nil || len(n.Content) == 0 {
		return nil
	}
	d := &yamlDoc{src: src, lines: []int{0}, root: n.Content[0]}
	for i, c := range src {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	return d
}

// offset converts a node's line and column (1-based, in characters) to a
// byte offset.
func (d *yamlDoc) offset(n *yaml.Node) int {
	if n.Line < 1 || n.Line > len(d.lines) {
		return 0
	}
	off := d.lines[n.Line-1]
	for col := 1; col < n.Column && off < len(d.src) && d.src[off] != '\n'; col++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// scalarEnd returns where a scalar node's source ends: after its closing
// quote, or at the end of a plain scalar's line (a comment left out). Block
// scalars end at their line's end (their first line).
func (d *yamlDoc) scalarEnd(n *yaml.Node, start int) int {
	lineEnd := start
	for lineEnd < len(d.src) && d.src[lineEnd] != '\n' && d.src[lineEnd] != '\r' {
		lineEnd++
	}
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		q := d.src[start]
		for i := start + 1; i < len(d.src); i++ {
			if q == '"' && d.src[i] == '\\' {
				i++
				continue
			}
			if d.src[i] == q {
				if q == '\'' && i+1 < len(d.src) && d.src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return lineEnd
	}
	if n.Kind == yaml.ScalarNode && bytes.HasPrefix(d.src[start:], []byte(n.Value)) {
		return start + len(n.Value) // a plain scalar on one line is verbatim
	}
	line := string(d.src[start:lineEnd])
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	return start + len(strings.TrimRight(line, " \t"))
}

// key returns a mapping's value for key, nil when absent.
func key(m *yaml.Node, name string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return m.Content[i+1]
		}
	}
	return nil
}

// pairs calls f with each key and value of a mapping.
func pairs(m *yaml.Node, f func(k, v *yaml.Node)) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		f(m.Content[i], m.Content[i+1])
	}
}

// command reads a start command: a string, or a list of strings.
func (d *yamlDoc) command(n *yaml.Node, where string) (StartCommand, bool) {
	start := d.offset(n)
	switch n.Kind {
	case yaml.ScalarNode:
		end := d.scalarEnd(n, start)
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			end = d.blockEnd(start)
		}
		return StartCommand{Where: where, Text: n.Value, Start: start, End: end}, true
	case yaml.SequenceNode:
		var words []string
		end := start
		for _, w := range n.Content {
			if w.Kind != yaml.ScalarNode {
				return StartCommand{}, false
			}
			words = append(words, w.Value)
			ws := d.offset(w)
			end = d.scalarEnd(w, ws)
		}
		if n.Style&yaml.FlowStyle != 0 && end < len(d.src) && d.src[end] == ']' {
			end++
		}
		return StartCommand{Where: where, Text: strings.Join(words, " "), Start: start, End: end, Exec: true}, true
	}
	return StartCommand{}, false
}

// blockEnd is where a block scalar (| or >) ends: before the first line
// indented no deeper than the line of its indicator.
func (d *yamlDoc) blockEnd(start int) int {
	lineStart := bytes.LastIndexByte(d.src[:start], '\n') + 1
	first := string(d.src[lineStart:start])
	indent := len(first) - len(strings.TrimLeft(first, " "))
	off := start
	for off < len(d.src) && d.src[off] != '\n' {
		off++
	}
	end := off
	for off < len(d.src) {
		next := off + 1
		e := next
		for e < len(d.src) && d.src[e] != '\n' {
			e++
		}
		line := string(d.src[next:e])
		if strings.TrimSpace(line) != "" && len(line)-len(strings.TrimLeft(line, " ")) <= indent {
			break
		}
		if strings.TrimSpace(line) != "" {
			end = next + len(strings.TrimRight(line, "\r"))
		}
		off = e
	}
	return end
}

// envScalar reads `NAME: value` (a mapping entry) as a literal assignment;
// interpolated values (${VAR}, $VAR; see literalValue) and non-scalars are
// left out.
func (d *yamlDoc) envScalar(name string, v *yaml.Node) (EnvAssignment, bool) {
	if v == nil || v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return EnvAssignment{}, false
	}
	value, isDefault, ok := literalValue(v.Value)
	if !ok {
		return EnvAssignment{}, false
	}
	start := d.offset(v)
	return EnvAssignment{Name: name, Value: value, Start: start, End: d.scalarEnd(v, start), Default: isDefault}, true
}

// envList reads compose's list form: `- NAME=value`.
func (d *yamlDoc) envList(item *yaml.Node) (EnvAssignment, bool) {
	if item.Kind != yaml.ScalarNode {
		return EnvAssignment{}, false
	}
	name, raw, ok := strings.Cut(item.Value, "=")
	if !ok {
		return EnvAssignment{}, false
	}
	value, isDefault, ok := literalValue(raw)
	if !ok {
		return EnvAssignment{}, false
	}
	start := d.offset(item)
	end := d.scalarEnd(item, start)
	vs := bytes.IndexByte(d.src[start:end], '=')
	if vs < 0 {
		return EnvAssignment{}, false
	}
	return EnvAssignment{Name: strings.TrimSpace(name), Value: value, Start: start + vs + 1, End: end, Default: isDefault}, true
}

// env reads an environment block in map or list form.
func (d *yamlDoc) env(n *yaml.Node) []EnvAssignment {
	var out []EnvAssignment
	switch {
	case n == nil:
	case n.Kind == yaml.MappingNode:
		pairs(n, func(k, v *yaml.Node) {
			if e, ok := d.envScalar(k.Value, v); ok {
				out = append(out, e)
			}
		})
	case n.Kind == yaml.SequenceNode:
		for _, item := range n.Content {
			if e, ok := d.envList(item); ok {
				out = append(out, e)
			}
		}
	}
	return out
}

// parseCompose reads each service's command/entrypoint and environment.
func parseCompose(src []byte) ([]StartCommand, []EnvAssignment) {
	d := parseYAML(src, false)
	if d == nil {
		return nil, nil
	}
	var cmds []StartCommand
	var env []EnvAssignment
	pairs(key(d.root, "services"), func(name, svc *yaml.Node) {
		var found [2]*StartCommand
		for i, field := range []string{"entrypoint", "command"} {
			if n := key(svc, field); n != nil {
				if c, ok := d.command(n, "Service "+name.Value); ok {
					found[i] = &c
				}
			}
		}
		cmds = append(cmds, withEntrypoint(found[0], found[1])...)
		env = append(env, d.env(key(svc, "environment"))...)
	})
	return cmds, env
}

// parseRender reads render.yaml: each service's startCommand and envVars
// (`- key: K` with `value: V`; generateValue, fromDatabase and sync: false
// are not literals), and envVarGroups.
func parseRender(src []byte) ([]StartCommand, []EnvAssignment) {
	d := parseYAML(src, false)
	if d == nil {
		return nil, nil
	}
	var cmds []StartCommand
	var env []EnvAssignment
	renderEnv := func(list *yaml.Node) {
		if list == nil || list.Kind != yaml.SequenceNode {
			return
		}
		for _, item := range list.Content {
			k := key(item, "key")
			if k == nil {
				continue
			}
			if e, ok := d.envScalar(k.Value, key(item, "value")); ok {
				env = append(env, e)
			}
		}
	}
	if services := key(d.root, "services"); services != nil && services.Kind == yaml.SequenceNode {
		for _, svc := range services.Content {
			name := "web"
			if n := key(svc, "name"); n != nil {
				name = n.Value
			}
			for _, field := range []string{"startCommand", "dockerCommand"} {
				if n := key(svc, field); n != nil {
					if c, ok := d.command(n, "Service "+name); ok {
						cmds = append(cmds, c)
					}
				}
			}
			renderEnv(key(svc, "envVars"))
		}
	}
	if groups := key(d.root, "envVarGroups"); groups != nil && groups.Kind == yaml.SequenceNode {
		for _, g := range groups.Content {
			renderEnv(key(g, "envVars"))
		}
	}
	return cmds, env
}

// parseAppJSON reads Heroku's app.json: scripts and env (`"K": "v"` or
// `"K": {"value": "v"}`; a generator is not a literal).
func parseAppJSON(src []byte) ([]StartCommand, []EnvAssignment) {
	d := parseYAML(src, true)
	if d == nil {
		return nil, nil
	}
	var cmds []StartCommand
	pairs(key(d.root, "scripts"), func(k, v *yaml.Node) {
		if c, ok := d.command(v, "Script "+k.Value); ok {
			cmds = append(cmds, c)
		}
	})
	var env []EnvAssignment
	pairs(key(d.root, "env"), func(k, v *yaml.Node) {
		if v.Kind == yaml.MappingNode {
			v = key(v, "value")
		}
		if e, ok := d.envScalar(k.Value, v); ok {
			env = append(env, e)
		}
	})
	return cmds, env
}

// parseAppYAML reads App Engine's app.yaml: entrypoint and env_variables.
func parseAppYAML(src []byte) ([]StartCommand, []EnvAssignment) {
	d := parseYAML(src, false)
	if d == nil {
		return nil, nil
	}
	var cmds []StartCommand
	if n := key(d.root, "entrypoint"); n != nil {
		if c, ok := d.command(n, "The entrypoint"); ok {
			cmds = append(cmds, c)
		}
	}
	return cmds, d.env(key(d.root, "env_variables"))
}
