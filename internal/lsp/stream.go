package lsp

// Transport glue: the LSP codec and a stream that answers malformed frames
// instead of letting them end the connection (see README.md).

import (
	"context"
	"errors"
	"io"

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

// tolerantStream wraps the header stream. jsonrpc2 v1.0.1 ends the whole
// connection when a single frame is not valid JSON or not a valid message;
// JSON-RPC wants an error response with a null id and the session to go on.
type tolerantStream struct {
	jsonrpc2.Stream
	frames  rawFramer
	onError func(err error)
}

func newTolerantStream(rwc io.ReadWriteCloser, onError func(error)) jsonrpc2.Stream {
	inner := jsonrpc2.NewHeaderStream(rwc)
	fr, _ := inner.(rawFramer)
	if fr == nil {
		return inner
	}
	return &tolerantStream{Stream: inner, frames: fr, onError: onError}
}

func (s *tolerantStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		frame, n, err := s.frames.ReadFrame(ctx)
		if err != nil {
			return frame, n, err
		}
		if isBatch(frame) {
			return frame, n, nil // the library answers bad batch members itself
		}
		if _, derr := jsonrpc2.DecodeMessage(frame); derr != nil {
			var werr *jsonrpc2.Error
			if !errors.As(derr, &werr) {
				werr = jsonrpc2.ErrParse
			}
			if s.onError != nil {
				s.onError(derr)
			}
			body, _ := protocol.Marshal(struct {
				JSONRPC string          `json:"jsonrpc"`
				ID      *int            `json:"id"`
				Error   *jsonrpc2.Error `json:"error"`
			}{"2.0", nil, werr})
			if _, err := s.frames.WriteFrame(ctx, body); err != nil {
				return nil, 0, err
			}
			continue
		}
		return frame, n, nil
	}
}

func (s *tolerantStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return s.frames.WriteFrame(ctx, data)
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
