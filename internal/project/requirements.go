package project

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// readRequirements reads requirements*.txt in dir, then every *.txt in a
// requirements/ or reqs/ folder of dir, following -r and -c includes
// depth first. Each file is read once, so include loops end.
func (p *Project) readRequirements(dir string, lim limits) {
	var files []string
	if m, err := filepath.Glob(filepath.Join(globEscape(dir), "requirements*.txt")); err == nil {
		files = append(files, m...)
	}
	for _, sub := range []string{"requirements", "reqs"} {
		if m, err := filepath.Glob(filepath.Join(globEscape(dir), sub, "*.txt")); err == nil {
			files = append(files, m...)
		}
	}
	seen := map[string]bool{}
	for _, f := range files {
		p.readRequirementsFile(f, SourceRequirements, seen, lim)
	}
}

func (p *Project) readRequirementsFile(path, source string, seen map[string]bool, lim limits) {
	path = filepath.Clean(path)
	if seen[path] {
		return
	}
	seen[path] = true
	text, ok := p.readFile(path, lim)
	if !ok {
		return
	}
	p.RequirementFiles = append(p.RequirementFiles, path)
	for _, l := range logicalLines(text) {
		content := l.text
		trimmed := strings.TrimSpace(content)
		if strings.HasPrefix(trimmed, "#") {
			if spec, ok := commentedRequirement(trimmed); ok {
				if name, ok := requirementName(spec, false); ok {
					p.addRequirement(Requirement{Name: name, Spec: spec, File: path, Line: l.line,
						Start: l.start, End: l.end, Commented: true, Source: source})
				}
			}
			continue
		}
		content = stripInlineComment(content)
		trimmed = strings.TrimSpace(content)
		if trimmed == "" {
			continue
		}
		if strings.HasPrefix(trimmed, "-") {
			if include, src, ok := includeTarget(trimmed); ok {
				if source == SourceConstraints {
					src = SourceConstraints
				}
				target := filepath.Join(filepath.Dir(path), include)
				if _, err := os.Lstat(target); os.IsNotExist(err) {
					p.skip(target, SkipUnreadable+": included file not found")
					continue
				}
				p.readRequirementsFile(target, src, seen, lim)
			}
			continue
		}
		spec := stripRequirementOptions(trimmed)
		if name, ok := requirementName(spec, true); ok {
			p.addRequirement(Requirement{Name: name, Spec: spec, File: path, Line: l.line,
				Start: l.start, End: l.end, Source: source})
		}
	}
}

func (p *Project) addRequirement(r Requirement) {
	if r.constraint == "" && r.Source != SourcePoetry && r.Source != SourcePipfile {
		r.constraint = pep508Constraint(r.Spec)
	}
	p.Requirements = append(p.Requirements, r)
}

type logicalLine struct {
	text       string // physical lines joined, continuation backslashes removed
	line       int    // 1-based line of the first physical line
	start, end int    // byte range of all physical lines, without the final newline
}

// logicalLines splits a requirements file, joining lines ending in '\'.
func logicalLines(text []byte) []logicalLine {
	var out []logicalLine
	var cur *logicalLine
	var b strings.Builder
	lineNo, off := 0, 0
	for off <= len(text) {
		lineNo++
		n := strings.IndexByte(string(text[off:]), '\n')
		next := len(text) + 1
		end := len(text)
		if n >= 0 {
			end = off + n
			next = end + 1
		} else if off == len(text) {
			break
		}
		raw := strings.TrimSuffix(string(text[off:end]), "\r")
		contentEnd := off + len(raw)
		if cur == nil {
			cur = &logicalLine{line: lineNo, start: off}
			b.Reset()
		}
		cur.end = contentEnd
		// A comment line does not continue, whatever it ends with.
		if strings.HasSuffix(raw, `\`) && !strings.HasPrefix(strings.TrimSpace(raw), "#") {
			b.WriteString(strings.TrimSuffix(raw, `\`))
		} else {
			b.WriteString(raw)
			cur.text = b.String()
			out = append(out, *cur)
			cur = nil
		}
		off = next
	}
	if cur != nil {
		cur.text = b.String()
		out = append(out, *cur)
	}
	return out
}

// stripInlineComment removes " # comment" (pip needs blanks before '#', so
// URL fragments like "#egg=" stay).
func stripInlineComment(s string) string {
	for i := 1; i < len(s); i++ {
		if s[i] == '#' && (s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}

// includeTarget reads "-r file", "--requirement=file", "-rfile", and the
// same for -c/--constraint.
func includeTarget(line string) (file, source string, ok bool) {
	for _, opt := range []struct{ long, short, source string }{
		{"--requirement", "-r", SourceRequirements},
		{"--constraint", "-c", SourceConstraints},
	} {
		var rest string
		switch {
		case strings.HasPrefix(line, opt.long):
			rest = strings.TrimPrefix(line, opt.long)
			if rest != "" && rest[0] != '=' && rest[0] != ' ' && rest[0] != '\t' {
				continue
			}
		case strings.HasPrefix(line, opt.short):
			rest = strings.TrimPrefix(line, opt.short)
		default:
			continue
		}
		rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "="))
		if rest == "" || strings.Contains(rest, "://") {
			return "", "", false
		}
		return rest, opt.source, true
	}
	return "", "", false
}

// stripRequirementOptions drops per-requirement options ("--hash=...").
func stripRequirementOptions(s string) string {
	fields := strings.Fields(s)
	for i, f := range fields {
		if strings.HasPrefix(f, "--") {
			return strings.Join(fields[:i], " ")
		}
	}
	return s
}

// commentedRequirement takes "# gunicorn==21.2.0  # note" and returns
// "gunicorn==21.2.0" when the text after '#' reads as a requirement.
func commentedRequirement(line string) (string, bool) {
	s := strings.TrimLeft(line, "# \t")
	s = strings.TrimSpace(stripInlineComment(s))
	if s == "" || strings.HasPrefix(s, "-") {
		return "", false
	}
	return s, true
}

// requirementName reads the PEP 508 name at the start of spec. A name must
// be followed by extras, a version specifier, a marker, "@ url" or nothing.
// In loose mode (real requirement lines) a URL with "#egg=name" also counts.
// Prose such as "For production" is not a requirement.
func requirementName(spec string, loose bool) (string, bool) {
	if loose && strings.Contains(spec, "://") && !strings.Contains(spec, "@") {
		if i := strings.Index(spec, "#egg="); i >= 0 {
			egg := spec[i+len("#egg="):]
			if j := strings.IndexAny(egg, "&[ "); j >= 0 {
				egg = egg[:j]
			}
			if egg != "" {
				return NormalizeName(egg), true
			}
		}
		return "", false
	}
	n := 0
	for n < len(spec) && isNameByte(spec[n], n == 0) {
		n++
	}
	// Names end with a letter or digit.
	for n > 0 && !isAlnum(spec[n-1]) {
		n--
	}
	if n == 0 {
		return "", false
	}
	rest := strings.TrimSpace(spec[n:])
	if rest == "" || strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, ";") ||
		strings.HasPrefix(rest, "@") || strings.HasPrefix(rest, "(") ||
		strings.ContainsAny(rest[:1], "=<>!~") {
		return NormalizeName(spec[:n]), true
	}
	return "", false
}

func isAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func isNameByte(c byte, first bool) bool {
	return isAlnum(c) || (!first && (c == '-' || c == '_' || c == '.'))
}

// readSetupCfg reads [options] install_requires from dir's setup.cfg.
func (p *Project) readSetupCfg(dir string, lim limits) {
	path := filepath.Join(dir, "setup.cfg")
	text, ok := p.readFile(path, lim)
	if !ok {
		return
	}
	section, inList, found := "", false, false
	for _, l := range logicalLines(text) {
		raw := l.text
		trimmed := strings.TrimSpace(raw)
		indented := raw != "" && (raw[0] == ' ' || raw[0] == '\t')
		switch {
		case strings.HasPrefix(trimmed, "[") && !indented:
			section, inList = strings.Trim(trimmed, "[] "), false
			continue
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";"):
			continue
		case !indented:
			inList = false
			key, value, ok := strings.Cut(trimmed, "=")
			if !ok || section != "options" || strings.TrimSpace(key) != "install_requires" {
				continue
			}
			inList, found = true, true
			trimmed = strings.TrimSpace(value)
			if trimmed == "" {
				continue
			}
		case !inList:
			continue
		}
		spec := strings.TrimSpace(stripInlineComment(trimmed))
		if name, ok := requirementName(spec, true); ok {
			start := l.start + strings.Index(raw, spec)
			p.addRequirement(Requirement{Name: name, Spec: spec, File: path, Line: l.line,
				Start: start, End: start + len(spec), Source: SourceSetupCfg})
		}
	}
	if found {
		p.RequirementFiles = append(p.RequirementFiles, path)
	}
}

// sortRequirements orders requirements of one file by position.
func sortRequirements(rs []Requirement) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
}
