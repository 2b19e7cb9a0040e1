package treesitter

import (
	"context"
	"sort"

	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/textpos"
	sitter "github.com/smacker/go-tree-sitter"
)

// Statement-level splicing: the cheap path for an edit that stays inside a
// few top-level statements of a module without syntax errors.
//
// tree-sitter-python's incremental re-parse of a flat module (thousands of
// one-line assignments, the shape of most settings files) costs about as
// much as a full parse: every top-level statement is revisited. But a
// top-level statement that starts a line (column 0, no open bracket, no
// pending block) is parsed the same whatever precedes it, so only the
// statements around the edit need parsing: the window from the last such
// statement at or before the edit to the first one after it. The window is
// parsed alone and its nodes are spliced between the untouched ones.
//
// It is exact (the same tree as Parse of the whole text) only when nothing
// can join the window to its neighbours; splice checks each way they could
// and gives up (Edit then re-parses the usual way) unless:
//   - the module before the edit, and the window's new parse, have no
//     syntax error, and each of their statements starts a line and none
//     starts with else/elif/except/finally;
//   - no bare tuple (`A,`) ends just before the window or ends it;
//   - the window's first code line starts at column 0, with only blank lines
//     and column-0 comments before it (an indented line or comment would
//     belong to a block of the statement before the window);
//   - the window ends with a line break, not after a backslash continuation
//     or an indented comment (either would bind to the statement after it).
//
// FuzzIncrementalEdits and TestSpliceMatchesFreshParse hold it to a fresh
// parse.

// spliceMaxWindow bounds the window when the document still has its C tree:
// a larger window (an edit inside a long dict) re-parses faster through
// tree-sitter's incremental parse, which reuses the subtrees inside it.
const spliceMaxWindow = 16 << 10

// anchor reports whether top-level child i of d starts a window: any
// statement that starts a line and continues no block (in a module
// without errors, every statement; inside a confined stretch, not all).
func (d *Document) anchor(i int) bool {
	t := d.stmts.At(i)
	return t.Type() != "comment" && startsLine(t, d.Text) && !continuesBlock(t, d.Text)
}

// startsLine reports whether a top-level statement starts a line of text, as
// every statement of a module splice works on must: tree-sitter-python also
// accepts statements run together on one line (`0A0`, `A=[1]B=2`) without an
// error, but reads them differently once the text around them changes.
func startsLine(t *Node, text []byte) bool {
	s := int(t.StartByte)
	return t.Type() == "comment" || textpos.LineStart(text, s) == s
}

// continuesBlock reports a top-level statement that starts with a clause
// keyword (`else: 0` is read as an annotated assignment to a name "else"
// when no `if` precedes it): an edit before it can make it part of an
// if/try statement.
func continuesBlock(t *Node, text []byte) bool {
	rest := text[t.StartByte:]
	for _, kw := range []string{"else", "elif", "except", "finally"} {
		if len(rest) >= len(kw) && string(rest[:len(kw)]) == kw && (len(rest) == len(kw) || !isNameByte(rest[len(kw)])) {
			return true
		}
	}
	return false
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// broken reports a top-level child that is or holds a syntax error, or
// depends on its neighbours. An ERROR leaf (one unexpected character) does
// not always count as an error in its own subtree; anonymous tokens sit at
// the top level only in error recovery; and a line_continuation there is a
// backslash with no line to continue (at the end of the file), which is an
// ERROR once text follows it.
func broken(t *Node) bool {
	return t.cErrors || t.IsError() || !t.Named || t.Type() == "line_continuation"
}

// splice returns the document for next (d's text with [start, oldEnd)
// replaced by newText) built by parsing only the edited statements, or nil
// when that might not give the tree a full parse gives.
//
// A window whose own parse has a syntax error (an opening bracket typed
// before its closing one) is kept as it parsed alone, and the statements
// after it stay as they were: the document is then not Exact but Confined,
// and remembers the window's stretch of text. A full parse would let the
// open bracket swallow the rest of the module, and on a large module that
// parse takes a second or more at each keystroke while the bracket is
// open. The next edit in or next to a confined stretch re-parses it whole,
// together with the edited statements; once that parses, the document is
// Exact again. An edit elsewhere while a stretch is confined gets the full
// parse (nil), so a stretch never outlives the edits around it.
func (d *Document) splice(start, oldEnd int, next []byte) *Document {
	tops := d.stmts
	if tops.Len() == 0 || d.head.Type() != "module" || int(d.head.EndByte) != len(d.Text) {
		return nil
	}
	// Only from a module without errors outside its confined stretches:
	// around an error, tree-sitter's recovery can leave nodes that look
	// sound but hold only while the error is there ("000def f():" parsed
	// as two statements, unflagged, while a stray "}" further down lasted).
	if !d.tidy {
		return nil
	}
	a, b, winStart, winEnd := d.window(start, oldEnd)
	if len(d.confined) > 0 {
		var touched bool
		if a, b, winStart, winEnd, touched = d.takeConfined(winStart, winEnd); !touched {
			return nil
		}
	}
	d.mu.Lock()
	hasTree := d.tree != nil
	d.mu.Unlock()
	if hasTree && winEnd-winStart > spliceMaxWindow {
		return nil
	}
	delta := len(next) - len(d.Text)
	window := next[winStart : winEnd+delta]
	if winStart > 0 && (!opensAtColumnZero(window) || next[winStart-1] == '\r' && len(window) > 0 && window[0] == '\n' ||
		continuedInto(next, winStart)) {
		// The second: a "\n" typed after a lone "\r" makes it CRLF, which
		// changes the token before the window (a comment takes the "\r").
		return nil
	}
	if b < tops.Len() && !closesCleanly(window) {
		return nil
	}

	p := parsers.Get().(*sitter.Parser)
	tree, err := p.ParseCtx(context.Background(), nil, parseable(window))
	parsers.Put(p)
	if err != nil || tree == nil {
		return nil
	}
	defer tree.Close()
	// The window's nodes are built at their offsets in next.
	whead, wtops, _, errors := flatten(tree.RootNode(), pvec.Vec[*Node]{}, nil, int64(winStart))
	count := a + len(wtops) + tops.Len() - b
	if whead.Type() != "module" || count == 0 {
		return nil
	}
	for _, t := range wtops {
		if !errors && (broken(t) || !startsLine(t, next) || continuesBlock(t, next)) {
			return nil
		}
	}
	if endsWithComma(a, tops.At, d.Text) || b < tops.Len() && endsWithComma(len(wtops), func(i int) *Node { return wtops[i] }, next) {
		return nil
	}
	return d.spliced(next, a, b, wtops, delta, d.confinedAfter(winStart, winEnd, delta, errors))
}

// spliced builds the document for next from d: its statements [a, b)
// replaced by the window's, wtops. The statements before the window are
// shared with d (see Node), as are those after it when the edit kept the
// length; otherwise they are copied, moved by delta. The list of
// statements shares with d's every chunk the splice did not write.
func (d *Document) spliced(next []byte, a, b int, wtops []*Node, delta int, confined []span) *Document {
	tops := d.stmts
	stmts := tops.Builder()
	if delta == 0 {
		stmts.Splice(a, b, wtops...)
	} else {
		copied := 0
		for i := b; i < tops.Len(); i++ {
			copied += subtreeSize(tops.At(i))
		}
		bl := newBuilder(copied, tops.Len()-b)
		stmts.Truncate(a)
		for _, t := range wtops {
			stmts.Append(t)
		}
		for i := b; i < tops.Len(); i++ {
			stmts.Append(bl.moved(tops.At(i), int64(delta)))
		}
	}
	head := d.head
	head.EndByte = uint32(len(next))
	if a == 0 {
		head.StartByte = stmts.At(0).StartByte // the module starts at its first token
	}
	head.hasError = len(confined) > 0 // every confined stretch holds an error
	// Tidy as d was: the window's statements were checked (or are in its
	// confined stretch), the others are d's, and the first after the
	// window still starts a line, the window ending with a line break.
	return &Document{Text: next, head: head, stmts: stmts.Vec(), fresh: len(wtops), exact: len(confined) == 0, confined: confined, tidy: true}
}

// allTidy reports whether every top-level statement of an error-free
// module is one splice can work around: sound, starting a line, and not
// continuing a block.
func allTidy(tops pvec.Vec[*Node], text []byte) bool {
	for _, t := range tops.All() {
		if broken(t) || !startsLine(t, text) || continuesBlock(t, text) {
			return false
		}
	}
	return true
}

// window returns the stretch of d's text to parse again for an edit of
// [start, oldEnd): from the last anchor at or before start to the first
// after oldEnd, as top-level indexes [a, b) and byte offsets.
func (d *Document) window(start, oldEnd int) (a, b, winStart, winEnd int) {
	tops := d.stmts
	// a: the first top-level child in the window; b: the first after it.
	a = sort.Search(tops.Len(), func(i int) bool { return int(tops.At(i).StartByte) > start }) - 1
	for a >= 0 && !d.anchor(a) {
		a--
	}
	if a < 0 {
		a = 0
	} else {
		winStart = int(tops.At(a).StartByte)
	}
	b = sort.Search(tops.Len(), func(i int) bool { return int(tops.At(i).StartByte) > oldEnd })
	for b < tops.Len() && !d.anchor(b) {
		b++
	}
	winEnd = len(d.Text)
	if b < tops.Len() {
		winEnd = int(tops.At(b).StartByte)
	}
	return a, b, winStart, winEnd
}

// takeConfined widens the window [winStart, winEnd) to take in whole every
// confined stretch it overlaps or touches, and reports whether there was
// one. A stretch starts at a top-level statement (or the text's start)
// and ends at one (or the text's end), so the widened window does too.
func (d *Document) takeConfined(winStart, winEnd int) (a, b, start, end int, touched bool) {
	for grown := true; grown; {
		grown = false
		for _, c := range d.confined {
			if c.start <= winEnd && winStart <= c.end && (c.start < winStart || c.end > winEnd) {
				winStart, winEnd, grown = min(winStart, c.start), max(winEnd, c.end), true
			}
			touched = touched || c.start <= winEnd && winStart <= c.end
		}
	}
	tops := d.stmts
	a = sort.Search(tops.Len(), func(i int) bool { return int(tops.At(i).StartByte) >= winStart })
	b = sort.Search(tops.Len(), func(i int) bool { return int(tops.At(i).StartByte) >= winEnd })
	return a, b, winStart, winEnd, touched
}

// confinedAfter returns the confined stretches of the document a splice of
// d's window [winStart, winEnd) makes, moved by delta after the window:
// d's outside the window, and the window's own when its parse had errors.
func (d *Document) confinedAfter(winStart, winEnd, delta int, errors bool) []span {
	var out []span
	for _, c := range d.confined {
		if c.end <= winStart {
			out = append(out, c)
		}
	}
	if errors {
		out = append(out, span{winStart, winEnd + delta})
	}
	for _, c := range d.confined {
		if c.start >= winEnd {
			out = append(out, span{c.start + delta, c.end + delta})
		}
	}
	return out
}

// endsWithComma reports whether the last of n statements, at(0) to
// at(n-1) (offsets into text), ends with a comma: tree-sitter-python lets a bare
// tuple (`A,`) run on into the next line (`A,\nB = 1` is `A, B = 1`), so
// the statements on either side of the window would join.
func endsWithComma(n int, at func(int) *Node, text []byte) bool {
	for i := n - 1; i >= 0; i-- {
		n := at(i)
		if n.Type() == "comment" {
			continue
		}
		end := int(n.EndByte)
		return end > 0 && end <= len(text) && text[end-1] == ','
	}
	return false
}

// opensAtColumnZero reports whether the first code line of a window starts
// at column 0 with only blank lines and column-0 comments before it.
func opensAtColumnZero(w []byte) bool {
	for len(w) > 0 {
		line, rest := firstLine(w)
		w = rest
		switch c := firstNonSpace(line); {
		case c == 0:
			continue // blank
		case line[0] != c || c == '\\':
			return false // indented, or a continuation
		case c != '#':
			return true
		}
	}
	return true
}

// continuedInto reports whether the line before offset at ends with a
// backslash: text before the first statement (`\` alone on the first line)
// whose continuation joins it to the window's first line, which no
// statement of the module holds, so that the window's parse alone would
// not be the module's.
func continuedInto(text []byte, at int) bool {
	if at == 0 || textpos.LineStart(text, at) != at {
		return false
	}
	line, _ := lastLine(text[:at])
	return len(line) > 0 && line[len(line)-1] == '\\'
}

// closesCleanly reports whether a window ends with a line break, and its
// last non-blank line neither continues (backslash) nor is an indented
// comment.
func closesCleanly(w []byte) bool {
	if len(w) == 0 || textpos.EndsInLine(w) {
		return false
	}
	for len(w) > 0 {
		line, rest := lastLine(w)
		w = rest
		c := firstNonSpace(line)
		if c == 0 {
			continue
		}
		if line[len(line)-1] == '\\' || (c == '#' && line[0] != c) {
			return false
		}
		return true
	}
	return true
}

// firstLine splits w after its first line, returning the line without its
// break.
func firstLine(w []byte) (line, rest []byte) {
	return textpos.Line(w, 0), w[textpos.NextLine(w, 0):]
}

// lastLine splits w before its last line (w ends with a line break or is
// the file's last line), returning the line without its break.
func lastLine(w []byte) (line, rest []byte) {
	off := len(w)
	if off > 0 && !textpos.EndsInLine(w) {
		off-- // on the final line break, which belongs to the last line
	}
	start := textpos.LineStart(w, off)
	return w[start:textpos.LineEnd(w, off)], w[:start]
}

// firstNonSpace returns the first byte of line that is not a space, tab or
// form feed, or 0 for a blank line.
func firstNonSpace(line []byte) byte {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\f' {
			return c
		}
	}
	return 0
}
