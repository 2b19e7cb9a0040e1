package lsp

// Transport glue: the LSP codec and a stream that answers malformed frames
// instead of letting them end the connection, and caps a message's size
// (see README.md).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// codec marshals payloads with protocol's union-aware encoder (protocol's own
// codec type is unexported).
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case jsonrpc2.RawMessage:
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	case nil:
		return []byte("null"), nil
	}
	return protocol.Marshal(v)
}

func (codec) Unmarshal(data []byte, v any) error {
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = append(jsonrpc2.RawMessage(nil), data...)
		return nil
	}
	return protocol.Unmarshal(data, v)
}

// rawFramer is the frame-level interface jsonrpc2's built-in streams
// implement; the connection uses it when present.
type rawFramer interface {
	ReadFrame(ctx context.Context) ([]byte, int64, error)
	WriteFrame(ctx context.Context, data []byte) (int64, error)
}

// MaxMessageSize is the largest JSON-RPC message the server reads, in bytes
// of body (jsonrpc2 v1.0.1 would read up to 1 GiB, allocating the declared
// length before the body arrives). The largest document djls judges is
// engine.MaxFileSize (1 MiB); JSON escaping can grow a text up to six times
// (\u00XX), so 64 MiB covers any document djls judges with room to spare,
// and a didOpen of a file of up to ~60 MB still arrives whole and is then
// skipped at the document level with one notice. A message over the limit
// is never held in memory: its body is read past (see maxSkippable), a
// request is answered with InvalidRequest, and the user is told once per
// document.
const MaxMessageSize = 64 << 20

// maxSkippable bounds the body the server reads past to stay in step with
// the client. The header framing has no other way to find the next message,
// so a declared length is trusted up to here (a real 100 MB didOpen keeps
// its session). A header declaring more (or a length that does not parse)
// is far more likely garbage than a message: reading a GiB of input to skip
// it would itself hang the session, so the connection ends with a clear
// error instead.
const maxSkippable = 1 << 30

const (
	peekSize   = 64 << 10 // bytes of a skipped message inspected for its id, method and document
	keepBuffer = 1 << 20  // frames up to this size reuse one buffer; larger ones are not kept
)

// streamHooks tell the server what the stream did on its own.
type streamHooks struct {
	malformed func(err error)      // a frame answered with a parse or invalid-request error
	oversized func(m skippedFrame) // a frame over the size limit was read past
	fatal     func(err error)      // the stream cannot go on; the connection ends with err
}

// skippedFrame describes a message over the size limit, as far as its first
// peekSize bytes tell.
type skippedFrame struct {
	Size   int
	Method string          // "" when not found
	ID     json.RawMessage // the request's id; nil for a notification (or when not found)
	URI    string          // params.textDocument.uri, when found
}

// tolerantStream reads LSP header frames itself and writes through
// jsonrpc2's header stream. It keeps the session going where jsonrpc2 v1.0.1
// would end it or over-allocate: a frame that is not valid JSON or not a
// valid message is answered with an error (null id) and skipped; a frame
// over MaxMessageSize is read past without being held. A header that is
// malformed or declares more than maxSkippable still ends the connection.
type tolerantStream struct {
	jsonrpc2.Stream // writes (Write, Close)
	frames          rawFramer
	in              *bufio.Reader
	buf             []byte // reused for frames up to keepBuffer
	max             int
	hooks           streamHooks
	more            atomic.Bool // bytes of a next message were read with the last frame
}

// inputPending reports whether the last frame read came with bytes of the
// next one: the client has sent more than has been handled.
func (s *tolerantStream) inputPending() bool { return s.more.Load() }

func newTolerantStream(rwc io.ReadWriteCloser, max int, hooks streamHooks) jsonrpc2.Stream {
	inner := jsonrpc2.NewHeaderStream(rwc)
	fr, _ := inner.(rawFramer)
	if fr == nil {
		return inner
	}
	return &tolerantStream{Stream: inner, frames: fr, in: bufio.NewReader(rwc), max: max, hooks: hooks}
}

// Read serves a connection that reads whole messages instead of frames.
func (s *tolerantStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	frame, n, err := s.ReadFrame(ctx)
	if err != nil {
		return nil, 0, err
	}
	msg, err := jsonrpc2.DecodeMessage(frame)
	return msg, n, err
}

func (s *tolerantStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		frame, n, err := s.readFrame(ctx)
		if err != nil {
			if (errors.Is(err, errHeaderTooLarge) || errors.Is(err, jsonrpc2.ErrInvalidHeader)) && s.hooks.fatal != nil {
				s.hooks.fatal(err)
			}
			return nil, n, err
		}
		if frame == nil {
			continue // over the size limit, read past
		}
		if derr := checkFrame(frame); derr != nil {
			var werr *jsonrpc2.Error
			if !errors.As(derr, &werr) {
				werr = jsonrpc2.ErrParse
			}
			if s.hooks.malformed != nil {
				s.hooks.malformed(derr)
			}
			if err := s.writeError(ctx, nil, werr); err != nil {
				return nil, 0, err
			}
			continue
		}
		s.more.Store(s.in.Buffered() > 0)
		return frame, n, nil
	}
}

// checkFrame reports why the connection could not handle frame: a body that
// is not JSON is a parse error (-32700), one that is JSON but not a message
// or a batch array an invalid request (-32600). jsonrpc2 v1.0.1 ends the
// connection on either, a batch included ("[not json", an unterminated
// array); in a well-formed batch it answers bad members itself.
func checkFrame(frame []byte) error {
	if !isBatch(frame) {
		_, err := jsonrpc2.DecodeMessage(frame)
		return err
	}
	if !json.Valid(frame) {
		return jsonrpc2.ErrParse
	}
	_, err := jsonrpc2.ParseRequests(frame)
	return err
}

// Write encodes msg and writes it as one frame whose body is valid UTF-8.
// jsonrpc2 copies strings into its output as they are (a method name or a
// string id decoded from an escape such as "\udc00", an error message
// quoting either), and a body that is not UTF-8 is not JSON (RFC 8259 8.1):
// each invalid byte becomes U+FFFD.
func (s *tolerantStream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	bp := getScratch()
	body := jsonrpc2.AppendMessage(*bp, msg)
	n, err := s.frames.WriteFrame(ctx, validUTF8(body)) // copies body before it returns
	putScratch(bp, body)
	return n, err
}

// validUTF8 replaces each byte of b that is not part of valid UTF-8 with
// U+FFFD. Such bytes only occur inside JSON strings of an otherwise valid
// body (the encoder writes every other byte itself), so the result is still
// JSON.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}

// wireError is the error a request is answered with: jsonrpc2 answers an
// error that is not a *jsonrpc2.Error with code 0, which no code in
// JSON-RPC or LSP means, so it becomes InternalError (a cancelled context
// RequestCancelled); a message quoting invalid UTF-8 from the request gets
// U+FFFD in its place.
func wireError(err error) error {
	if err == nil {
		return nil
	}
	var werr *jsonrpc2.Error
	switch {
	case errors.As(err, &werr) && werr.Code != 0:
		if werr.Error() != err.Error() {
			werr = &jsonrpc2.Error{Code: werr.Code, Message: err.Error(), Data: werr.Data}
		}
	case errors.Is(err, context.Canceled):
		werr = &jsonrpc2.Error{Code: protocol.ErrRequestCancelled.Code, Message: err.Error()}
	default:
		werr = &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}
	}
	if !utf8.ValidString(werr.Message) {
		werr = &jsonrpc2.Error{Code: werr.Code, Message: strings.ToValidUTF8(werr.Message, "\uFFFD"), Data: werr.Data}
	}
	return werr
}

// writeError answers a message the server will not handle; id nil is null.
func (s *tolerantStream) writeError(ctx context.Context, id json.RawMessage, e *jsonrpc2.Error) error {
	if id == nil {
		id = json.RawMessage("null")
	}
	body, _ := protocol.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, e})
	_, err := s.frames.WriteFrame(ctx, body)
	return err
}

// readFrame reads one frame's body; nil (and no error) when the body was
// over the size limit and has been read past.
func (s *tolerantStream) readFrame(ctx context.Context) ([]byte, int64, error) {
	length, header, err := readHeader(s.in)
	if err != nil {
		return nil, 0, err
	}
	n := int64(header) + int64(length)
	if length > s.max {
		return nil, n, s.skip(ctx, length)
	}
	if length <= keepBuffer {
		if cap(s.buf) < length {
			s.buf = make([]byte, length)
		}
		body := s.buf[:length]
		if _, err := io.ReadFull(s.in, body); err != nil {
			return nil, 0, truncated(err)
		}
		return body, n, nil
	}
	// Grow with the data that arrives, not with what the header declares.
	var body bytes.Buffer
	if _, err := io.CopyN(&body, s.in, int64(length)); err != nil {
		return nil, 0, truncated(err)
	}
	return body.Bytes(), n, nil
}

// skip reads past a body over the size limit, keeping only its first bytes
// to answer a request and tell the server what was dropped.
func (s *tolerantStream) skip(ctx context.Context, length int) error {
	head := make([]byte, min(length, peekSize))
	if _, err := io.ReadFull(s.in, head); err != nil {
		return truncated(err)
	}
	if _, err := io.CopyN(io.Discard, s.in, int64(length-len(head))); err != nil {
		return truncated(err)
	}
	m := peekFrame(head)
	m.Size = length
	if m.ID != nil {
		e := jsonrpc2.NewError(jsonrpc2.InvalidRequest, fmt.Sprintf("message of %d bytes is over the %d MiB limit", length, s.max>>20))
		if err := s.writeError(ctx, m.ID, e); err != nil {
			return err
		}
	}
	if s.hooks.oversized != nil {
		s.hooks.oversized(m)
	}
	return nil
}

func truncated(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// errHeaderTooLarge ends a connection whose header declares a body larger
// than the server can read past.
var errHeaderTooLarge = fmt.Errorf("message header declares a body over %d MiB (the most djls reads past to stay in step); the stream cannot be resynchronised", maxSkippable>>20)

// readHeader reads one header block and returns the Content-Length and the
// header's size. A line longer than the reader's buffer (4 KiB), a field
// without a colon, or a missing or non-numeric length is
// jsonrpc2.ErrInvalidHeader; a length over maxSkippable is errHeaderTooLarge.
// A length of 0 is well framed: its empty body is answered as a parse error.
// EOF before the first byte is io.EOF (the client hung up between messages).
func readHeader(r *bufio.Reader) (length, size int, err error) {
	have := false
	for {
		line, err := r.ReadSlice('\n')
		size += len(line)
		switch {
		case errors.Is(err, io.EOF) && size == 0:
			return 0, 0, io.EOF
		case errors.Is(err, io.EOF):
			return 0, 0, io.ErrUnexpectedEOF
		case errors.Is(err, bufio.ErrBufferFull):
			return 0, 0, jsonrpc2.ErrInvalidHeader
		case err != nil:
			return 0, 0, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, 0, jsonrpc2.ErrInvalidHeader
		}
		if !strings.EqualFold(string(bytes.TrimSpace(name)), "Content-Length") {
			continue // Content-Type and unknown fields
		}
		value = bytes.TrimSpace(value)
		if len(value) == 0 {
			return 0, 0, jsonrpc2.ErrInvalidHeader
		}
		length = 0
		for _, c := range value {
			if c < '0' || c > '9' {
				return 0, 0, jsonrpc2.ErrInvalidHeader
			}
			if length > (maxSkippable-int(c-'0'))/10 {
				return 0, 0, errHeaderTooLarge
			}
			length = length*10 + int(c-'0')
		}
		have = true
	}
	if !have {
		return 0, 0, jsonrpc2.ErrInvalidHeader
	}
	return length, size, nil
}

// peekFrame finds the id, method and params.textDocument.uri of a message
// from its first bytes (members after a cut-off value are not seen).
func peekFrame(head []byte) (m skippedFrame) {
	dec := json.NewDecoder(bytes.NewReader(head))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return m
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return m
		}
		switch key {
		case "id":
			var id json.RawMessage
			if dec.Decode(&id) != nil {
				return m
			}
			var v any
			if json.Unmarshal(id, &v) == nil {
				switch v.(type) {
				case string, float64:
					m.ID = id
				}
			}
		case "method":
			if dec.Decode(&m.Method) != nil {
				return m
			}
		case "params":
			if !peekURI(dec, &m.URI) {
				return m
			}
		default:
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return m
			}
		}
	}
	return m
}

// peekURI reads a params object looking for textDocument.uri; false when
// the object was cut off.
func peekURI(dec *json.Decoder, uri *string) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return false
		}
		if key != "textDocument" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return false
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return false
		}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return false
			}
			if k == "uri" {
				if dec.Decode(uri) != nil {
					return false
				}
				continue
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return false
			}
		}
		if _, err := dec.Token(); err != nil { // }
			return false
		}
	}
	_, err := dec.Token() // }
	return err == nil
}

func (s *tolerantStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return s.frames.WriteFrame(ctx, validUTF8(data))
}

func isBatch(frame []byte) bool {
	for _, c := range frame {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '[':
			return true
		}
		return false
	}
	return false
}
