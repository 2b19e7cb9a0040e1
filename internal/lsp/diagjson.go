package lsp

// A file's diagnostics written as JSON straight from its findings. A
// keystroke used to build protocol.Diagnostic values for the edited module
// (with their related information, data and rule URL as separate
// allocations) only to encode them once: the encoder writes the bytes
// protocol's encoder writes for what toDiagnostics builds, byte for byte
// (TestFindingsJSONMatchesProtocol), into a reused buffer.

import (
	"strconv"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/docs"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
)

// appendFileDiagnosticsJSON appends fr's diagnostics as JSON: what
// appendDiagnosticsJSON(dst, s.toDiagnostics(res, fr, doc, enc)) appends.
func (s *Server) appendFileDiagnosticsJSON(dst []byte, res *engine.Result, fr *engine.FileResult, doc *document, enc posEncoding) []byte {
	findings, kept := s.steadyFindings(fr, doc)
	dst = append(dst, '[')
	if len(findings) > 0 {
		w := findingWriter{s: s, res: res, m: mapperFor(fr, doc), enc: enc}
		first := true
		for i, f := range findings {
			if f.Silenced {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = w.append(dst, f, i >= len(findings)-kept)
		}
	}
	return append(dst, ']')
}

// findingWriter writes the diagnostics of one file's findings.
type findingWriter struct {
	s      *Server
	res    *engine.Result
	m      *mapper
	enc    posEncoding
	others map[string]*mapper // mappers of related files, made when first needed
}

// append writes one finding as toDiagnostics maps it (kept: markKept).
// Data whose strings need escaping goes the way of protocol.Diagnostic,
// whose encoder may rewrite escapes: rare, and the same bytes either way.
func (w *findingWriter) append(dst []byte, f diagnostics.Finding, kept bool) []byte {
	if !plainData(f) {
		return w.appendBuilt(dst, f, kept)
	}
	sl, sc := w.m.Position(f.Start, w.enc)
	el, ec := w.m.Position(f.End, w.enc)
	dst = append(dst, `{"range":`...)
	dst = appendRangeJSON(dst, sl, sc, el, ec)
	dst = append(dst, `,"severity":`...)
	dst = strconv.AppendUint(dst, uint64(toSeverity(f.Severity)), 10)
	dst = append(dst, `,"code":`...)
	dst = appendJSONString(dst, f.Code)
	dst = append(dst, `,"codeDescription":{"href":`...)
	dst = appendRuleURL(dst, f.Code)
	dst = append(dst, `},"source":"djls","message":`...)
	dst = appendJSONString(dst, f.Message)
	dst = appendTagsJSON(dst, f.Tags)
	related := false
	if f.Detail != "" {
		dst = append(dst, `,"relatedInformation":[`...)
		related = true
		dst = appendRelatedJSON(dst, w.s.fileURI(f.Path), sl, sc, el, ec, f.Detail)
	}
	for _, rel := range f.Related {
		rm := w.mapperOf(rel.Path)
		if rm == nil {
			continue
		}
		if related {
			dst = append(dst, ',')
		} else {
			dst = append(dst, `,"relatedInformation":[`...)
			related = true
		}
		rsl, rsc := rm.Position(rel.Start, w.enc)
		rel2, rec := rm.Position(rel.End, w.enc)
		dst = appendRelatedJSON(dst, w.s.fileURI(rel.Path), rsl, rsc, rel2, rec, rel.Message)
	}
	if related {
		dst = append(dst, ']')
	}
	dst = append(dst, `,"data":`...)
	dst = appendDataJSON(dst, f, kept)
	return append(dst, '}')
}

// appendBuilt writes f by building its protocol.Diagnostic.
func (w *findingWriter) appendBuilt(dst []byte, f diagnostics.Finding, kept bool) []byte {
	d := w.diagnostic(f, kept)
	out, err := protocol.AppendMarshal(dst, &d)
	if err != nil {
		return append(dst, "null"...) // not reached: a Diagnostic always encodes
	}
	return out
}

// diagnostic is f as toDiagnostics maps it.
func (w *findingWriter) diagnostic(f diagnostics.Finding, kept bool) protocol.Diagnostic {
	d := toDiagnostic(f, w.m, w.enc)
	d.RelatedInformation = detailInformation(f, w.s.fileURI(f.Path), d.Range)
	if kept {
		markKept(&d)
	}
	for _, rel := range f.Related {
		rm := w.mapperOf(rel.Path)
		if rm == nil {
			continue
		}
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: w.s.fileURI(rel.Path), Range: toRange(rm, rel.Start, rel.End, w.enc)},
			Message:  rel.Message,
		})
	}
	return d
}

// mapperOf returns the mapper of a related file (nil when its text is not
// known), one per file.
func (w *findingWriter) mapperOf(path string) *mapper {
	if rm, ok := w.others[path]; ok {
		return rm
	}
	if w.others == nil {
		w.others = map[string]*mapper{}
	}
	rm := w.s.relatedMapper(w.res, path)
	w.others[path] = rm
	return rm
}

func appendRangeJSON(dst []byte, sl, sc, el, ec int) []byte {
	dst = append(dst, `{"start":{"line":`...)
	dst = strconv.AppendUint(dst, uint64(uint32(sl)), 10)
	dst = append(dst, `,"character":`...)
	dst = strconv.AppendUint(dst, uint64(uint32(sc)), 10)
	dst = append(dst, `},"end":{"line":`...)
	dst = strconv.AppendUint(dst, uint64(uint32(el)), 10)
	dst = append(dst, `,"character":`...)
	dst = strconv.AppendUint(dst, uint64(uint32(ec)), 10)
	return append(dst, "}}"...)
}

func appendRelatedJSON(dst []byte, u uri.URI, sl, sc, el, ec int, message string) []byte {
	dst = append(dst, `{"location":{"uri":`...)
	dst = appendJSONString(dst, string(u))
	dst = append(dst, `,"range":`...)
	dst = appendRangeJSON(dst, sl, sc, el, ec)
	dst = append(dst, `},"message":`...)
	dst = appendJSONString(dst, message)
	return append(dst, '}')
}

// appendTagsJSON writes the tags toDiagnostic keeps, when there are any.
func appendTagsJSON(dst []byte, tags []diagnostics.Tag) []byte {
	first := true
	for _, t := range tags {
		v, ok := protocolTag(t)
		if !ok {
			continue
		}
		if first {
			dst = append(dst, `,"tags":[`...)
			first = false
		} else {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(dst, uint64(v), 10)
	}
	if !first {
		dst = append(dst, ']')
	}
	return dst
}

// appendRuleURL writes ruleURL(code) as a JSON string.
func appendRuleURL(dst []byte, code string) []byte {
	if !plainJSON(code) {
		return appendJSONString(dst, ruleURL(code))
	}
	dst = append(dst, '"')
	dst = append(dst, docs.BaseURL...)
	for i := 0; i < len(code); i++ { // strings.ToUpper of ASCII
		c := code[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return append(dst, `.md"`...)
}

// appendDataJSON writes f's diagnosticData as encoding/json spells it,
// for data whose strings plainData accepts.
func appendDataJSON(dst []byte, f diagnostics.Finding, kept bool) []byte {
	dst = append(dst, '{')
	if f.DjangoCheck != "" {
		dst = append(append(append(dst, `"djangoCheck":"`...), f.DjangoCheck...), `",`...)
	}
	if f.Setting != "" {
		dst = append(append(append(dst, `"setting":"`...), f.Setting...), `",`...)
	}
	dst = append(append(append(dst, `"name":"`...), f.Name...), `","start":`...)
	dst = strconv.AppendInt(dst, int64(f.Start), 10)
	dst = append(dst, `,"end":`...)
	dst = strconv.AppendInt(dst, int64(f.End), 10)
	if kept {
		dst = append(dst, `,"kept":true`...)
	}
	return append(dst, '}')
}

// plainData reports whether the strings of f's data are written as they
// are by encoding/json (no HTML escapes either) and by protocol's encoder.
func plainData(f diagnostics.Finding) bool {
	return plainJSON(f.DjangoCheck) && plainJSON(f.Setting) && plainJSON(f.Name)
}

// plainJSON reports whether s is printable ASCII that no JSON encoder
// escapes: no quote, backslash or HTML-special character.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}

// appendJSONString writes s as protocol's encoder does: plain text as it
// is, anything else through the encoder itself.
func appendJSONString(dst []byte, s string) []byte {
	if plainJSON(s) {
		return append(append(append(dst, '"'), s...), '"')
	}
	out, err := protocol.AppendMarshal(dst, protocol.String(s))
	if err != nil {
		return append(dst, `""`...) // not reached: strings always encode
	}
	return out
}
