package project

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
)

// A small Dockerfile reader rather than BuildKit's parser
// (github.com/moby/buildkit/frontend/dockerfile/parser): that module drags
// BuildKit's whole dependency graph into go.sum, and its AST keeps line
// numbers but not the byte offsets a finding needs. What is read here is
// the documented instruction grammar: the `# escape=` directive, line
// continuations (comment lines inside them dropped), heredoc bodies
// (RUN <<EOF ... EOF) skipped, CMD/ENTRYPOINT in exec
// (JSON) and shell form, ENV in `K=V ...` and legacy `K V` form, and stages
// (FROM ... AS name; a stage built FROM an earlier one inherits its ENV and
// CMD). Only the final stage starts production.

// dockerLine is one instruction: its text with continuations joined, and
// for each byte of text its offset in the file.
type dockerLine struct {
	text string
	at   []int
}

// dockerLines splits a Dockerfile into instructions.
func dockerLines(src []byte) []dockerLine {
	escape := byte('\\')
	var out []dockerLine
	var cur dockerLine
	inDirectives := true
	var heredocs []string // terminators of the heredocs still open
	for off := 0; off < len(src); {
		end := off
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := strings.TrimRight(string(src[off:end]), "\r")
		next := end + 1
		if len(heredocs) > 0 {
			// A heredoc's body is data (a script, a file), not instructions.
			if strings.TrimLeft(line, "\t") == heredocs[0] {
				heredocs = heredocs[1:]
			}
			off = next
			continue
		}
		trimmed := strings.TrimSpace(line)
		if inDirectives {
			if d, ok := strings.CutPrefix(trimmed, "#"); ok {
				if k, v, ok := strings.Cut(d, "="); ok && strings.EqualFold(strings.TrimSpace(k), "escape") && len(strings.TrimSpace(v)) == 1 {
					escape = strings.TrimSpace(v)[0]
				}
				off = next
				continue
			}
			inDirectives = false
		}
		if strings.HasPrefix(trimmed, "#") || (trimmed == "" && len(cur.text) > 0) {
			off = next // a comment, or a blank line inside a continuation
			continue
		}
		body := strings.TrimRight(line, " \t")
		continued := strings.HasSuffix(body, string(escape))
		if continued {
			body = body[:len(body)-1]
		}
		for i := 0; i < len(body); i++ {
			cur.text += body[i : i+1]
			cur.at = append(cur.at, off+i)
		}
		if continued && next < len(src) {
			cur.text += " "
			cur.at = append(cur.at, off+len(body))
		} else {
			if strings.TrimSpace(cur.text) != "" {
				out = append(out, cur)
				heredocs = heredocsOf(cur.text)
			}
			cur = dockerLine{}
		}
		off = next
	}
	if strings.TrimSpace(cur.text) != "" {
		out = append(out, cur)
	}
	return out
}

// heredocMarker is `<<EOF`, `<<-EOF` or `<<"EOF"` in RUN, COPY or ADD.
var heredocMarker = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?`) })

// heredocsOf returns the terminators of the heredocs an instruction opens.
func heredocsOf(text string) []string {
	word, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	switch strings.ToUpper(word) {
	case "RUN", "COPY", "ADD":
	default:
		return nil
	}
	var out []string
	for _, m := range heredocMarker().FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

// dockerStage is what a build stage has set so far.
type dockerStage struct {
	cmd, entrypoint *StartCommand
	env             []EnvAssignment
}

func parseDockerfile(src []byte) ([]StartCommand, []EnvAssignment) {
	stages := map[string]*dockerStage{}
	var cur *dockerStage
	for _, l := range dockerLines(src) {
		text := strings.TrimLeft(l.text, " \t")
		skip := len(l.text) - len(text)
		word, rest, _ := strings.Cut(text, " ")
		if i := strings.IndexByte(word, '\t'); i >= 0 {
			word, rest = word[:i], text[i+1:]
		}
		restAt := skip + len(word) + 1
		switch strings.ToUpper(word) {
		case "FROM":
			cur = fromStage(stages, rest)
		case "CMD", "ENTRYPOINT":
			if cur == nil {
				continue
			}
			c := dockerCommand(l, restAt, rest)
			c.Where = strings.ToUpper(word)
			if c.Where == "CMD" {
				cur.cmd = &c
			} else {
				cur.entrypoint = &c
			}
		case "ENV":
			if cur != nil {
				cur.env = append(cur.env, dockerEnv(l, restAt, rest)...)
			}
		}
	}
	if cur == nil {
		return nil, nil
	}
	return withEntrypoint(cur.entrypoint, cur.cmd), cur.env
}

// fromStage starts a stage: `FROM image [AS name]`; a stage from an
// earlier stage inherits what it set.
func fromStage(stages map[string]*dockerStage, rest string) *dockerStage {
	f := strings.Fields(rest)
	for len(f) > 0 && strings.HasPrefix(f[0], "--") {
		f = f[1:] // --platform=...
	}
	s := &dockerStage{}
	if len(f) > 0 {
		if base := stages[strings.ToLower(f[0])]; base != nil {
			s.cmd, s.entrypoint = base.cmd, base.entrypoint
			s.env = append([]EnvAssignment(nil), base.env...)
		}
	}
	if len(f) >= 3 && strings.EqualFold(f[1], "as") {
		stages[strings.ToLower(f[2])] = s
	}
	return s
}

// dockerCommand reads CMD/ENTRYPOINT's argument starting at byte restAt of
// the logical line: exec form when it is a JSON list of strings.
func dockerCommand(l dockerLine, restAt int, rest string) StartCommand {
	trimmed := strings.TrimSpace(rest)
	lead := restAt + strings.Index(rest, trimmed)
	c := StartCommand{Text: trimmed, Start: l.offset(lead), End: l.offset(lead+len(trimmed)-1) + 1}
	if len(trimmed) == 0 {
		c.End = c.Start
		return c
	}
	var words []string
	if strings.HasPrefix(trimmed, "[") && json.Unmarshal([]byte(trimmed), &words) == nil {
		c.Text, c.Exec = strings.Join(words, " "), true
	}
	return c
}

// offset maps a byte of the logical line to the file.
func (l dockerLine) offset(i int) int {
	switch {
	case len(l.at) == 0:
		return 0
	case i < 0:
		return l.at[0]
	case i >= len(l.at):
		return l.at[len(l.at)-1] + 1
	}
	return l.at[i]
}

// dockerEnv reads ENV's assignments: `K=V K2="v w"`, or the legacy `K V`
// (the rest of the line is the value). Values that interpolate ($VAR,
// ${VAR}) are not literals and are left out (see literalValue).
func dockerEnv(l dockerLine, restAt int, rest string) []EnvAssignment {
	var out []EnvAssignment
	words := shellWords(rest)
	if len(words) == 0 {
		return nil
	}
	if !strings.Contains(words[0].text, "=") {
		// Legacy form: the first word is the name, the rest the value.
		name := words[0].text
		if len(words) < 2 {
			return nil
		}
		vs, ve := words[1].start, words[len(words)-1].end
		value := strings.TrimSpace(rest[vs:ve])
		value, isDefault, ok := literalValue(unquote(value))
		if ok {
			out = append(out, EnvAssignment{Name: name, Value: value, Start: l.offset(restAt + vs), End: l.offset(restAt+ve-1) + 1, Default: isDefault})
		}
		return out
	}
	for _, w := range words {
		eq := strings.IndexByte(w.raw, '=')
		if eq <= 0 {
			continue
		}
		value, isDefault, ok := literalValue(w.text[strings.IndexByte(w.text, '=')+1:])
		if !ok {
			continue
		}
		out = append(out, EnvAssignment{Name: w.raw[:eq], Value: value, Start: l.offset(restAt + w.start + eq + 1), End: l.offset(restAt+w.end-1) + 1, Default: isDefault})
	}
	return out
}

// shellWord is one word of a shell-like line: its raw text, its text with
// quotes and backslashes removed, and its byte range.
type shellWord struct {
	raw, text  string
	start, end int
}

// shellWords splits s on unquoted blanks.
func shellWords(s string) []shellWord {
	var out []shellWord
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		var b strings.Builder
		var quote byte
		for i < len(s) && (quote != 0 || (s[i] != ' ' && s[i] != '\t')) {
			c := s[i]
			switch {
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case c == quote:
				quote = 0
			case c == '\\' && quote != '\'' && i+1 < len(s):
				i++
				b.WriteByte(s[i])
			default:
				b.WriteByte(c)
			}
			i++
		}
		out = append(out, shellWord{raw: s[start:i], text: b.String(), start: start, end: i})
	}
	return out
}

// unquote removes one pair of matching outer quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// parseProcfile reads a Procfile's web process: `web: command`.
func parseProcfile(src []byte) []StartCommand {
	var out []StartCommand
	for off := 0; off < len(src); {
		end := off
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := strings.TrimRight(string(src[off:end]), "\r")
		if name, cmd, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "web" && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			lead := len(name) + 1 + len(cmd) - len(strings.TrimLeft(cmd, " \t"))
			body := strings.TrimSpace(cmd)
			out = append(out, StartCommand{Where: "The web process", Text: body, Start: off + lead, End: off + lead + len(body)})
		}
		off = end + 1
	}
	return out
}
