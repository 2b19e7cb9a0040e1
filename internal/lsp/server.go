// Package lsp is djls's language server. It is a thin layer over
// internal/engine: it keeps the editor's documents, hands immutable snapshots
// to the engine and maps findings, fixes and setting descriptions to LSP
// types. This file holds the session: its state machine and the middleware
// every message passes (lifecycle gate, cancellation, panic recovery,
// request logging).
package lsp

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/internal/config"
)

// Options configure a server session.
type Options struct {
	Version string           // reported in serverInfo
	Logger  *zap.Logger      // nil logs nothing
	Level   *zap.AtomicLevel // when set, the editor's logLevel setting changes it
}

// sessionState is the lifecycle: new -> initialized -> shutdown -> (exit).
type sessionState int

const (
	stateNew         sessionState = iota // only initialize and exit are allowed
	stateInitialized                     // initialize answered
	stateShutdown                        // shutdown answered; only exit is allowed
)

// Server is one language-server session.
type Server struct {
	opts Options
	log  *zap.Logger

	settings settingsState // the editor settings' errors (configfile.go)
	pulls    configPulls   // workspace/configuration answers in order (config.go)

	untitledUsed atomic.Bool // a folder was made for an untitled buffer (untitled.go)

	conn   jsonrpc2.Conn
	client protocol.Client
	input  inputPending // the stream, when it can tell (inline.go)

	inflightMu sync.Mutex
	inflight   map[jsonrpc2.ID]context.CancelFunc // calls that $/cancelRequest can reach

	ctx  context.Context // lives until exit; cancels background analysis
	stop context.CancelFunc
	bg   sync.WaitGroup // background goroutines (analysis, indexing)

	exitOnce sync.Once
	exited   chan struct{}

	mu        sync.Mutex
	state     sessionState
	exitCode  int
	trace     protocol.TraceValue
	docs      map[string]*document // by cleaned path
	changed   uriPathMemo          // the last didChange's URI and path (changepath.go)
	spelled   map[string]uri.URI   // the client's URI for each path it opened, by cleaned path
	folders   []*folder
	editor    *config.Config
	fixAllOff bool   // djlsSecurity.fixAll is false
	initOpts  []byte // initializeParams.initializationOptions, as sent
	published map[string]published
	steady    steadyStore          // last error-free absence findings of open documents (steady.go)
	cTrees    cTrees               // open documents that may keep a C tree (ctrees.go)
	runs      map[string]*indexRun // indexing in progress, by progress token
	runSeq    int
	tooLarge  map[string]bool // documents (or methods) already told to be over the message limit

	// caps are the client's capabilities, stored once by initialize (before
	// any other message is handled) and read without the mutex.
	caps atomic.Pointer[clientCaps]

	// seq counts document events (open, change, close); each document and
	// each analysis snapshot carries the count it was made at, so an answer
	// is never taken from a buffer that was closed and reopened.
	seq      uint64            // guarded by mu
	closedAt map[string]uint64 // guarded by mu: the seq of each document's last close

	stats analysisStats

	// hooks let tests hold a request in flight; nil in production.
	hooks *testHooks
}

// analysisStats count analyses, for tests and the debug log.
type analysisStats struct {
	started    atomic.Int64
	superseded atomic.Int64 // cancelled by a newer edit (or shutdown) before publishing
	published  atomic.Int64
	inline     atomic.Int64 // analyses run on an edit's handler (inline.go)
}

// capabilities returns the client's capabilities (defaults before
// initialize).
func (s *Server) capabilities() clientCaps {
	if c := s.caps.Load(); c != nil {
		return *c
	}
	return clientCaps{enc: encUTF16, encName: "utf-16"}
}

type testHooks struct {
	analysis      func(ctx context.Context, a *analysis)            // an analysis took its snapshot; ctx is cancelled when it is superseded
	afterRelease  func(ctx context.Context)                         // a request has left the read loop
	indexProgress func(ctx context.Context, root string, files int) // a walk listed files; ctx is the indexing run's
	invalidate    func(root string, paths []string)                 // files changed on disk are about to be handed to the engine
	publishing    func(root string)                                 // a folder is about to publish, holding its pubMu
	configAnswer  func(applied bool)                                // a workspace/configuration answer was applied, or dropped as stale
}

func newServer(opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Server{
		opts:      opts,
		log:       log,
		ctx:       ctx,
		stop:      stop,
		exited:    make(chan struct{}),
		exitCode:  1,
		docs:      map[string]*document{},
		published: map[string]published{},
		runs:      map[string]*indexRun{},
		tooLarge:  map[string]bool{},
		closedAt:  map[string]uint64{},
		inflight:  map[jsonrpc2.ID]context.CancelFunc{},
	}
}

// Serve runs one session over rwc until the client sends exit or closes the
// stream, and returns the process exit code: 0 after shutdown then exit, 1
// otherwise.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) int {
	return newServer(opts).run(ctx, rwc)
}

func (s *Server) run(ctx context.Context, rwc io.ReadWriteCloser) int {
	stream := newTolerantStream(rwc, MaxMessageSize, streamHooks{
		malformed: func(err error) { s.log.Warn("answered a malformed message", zap.Error(err)) },
		oversized: s.skippedMessage,
		fatal:     func(err error) { s.log.Error("closing the connection", zap.Error(err)) },
	})
	s.input, _ = stream.(inputPending)
	s.conn = jsonrpc2.NewConn(stream, jsonrpc2.WithCodec(codec{}))
	s.client = protocol.ClientDispatcher(s.conn)
	s.conn.Go(ctx, s.cancelRequests(s.cancellable(s.dispatch)))

	select {
	case <-s.exited:
	case <-s.conn.Done():
	case <-ctx.Done():
	}
	s.stop()
	s.bg.Wait()
	s.removeUntitledDirs()
	// Close waits for in-flight handlers; a reader blocked on a stdin that
	// never closes must not keep the process alive after exit.
	closed := make(chan struct{})
	go func() { _ = s.conn.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(100 * time.Millisecond):
	}
	if err := s.conn.Err(); err != nil {
		s.log.Info("connection ended", zap.Error(err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitCode
}

// cancelRequests handles $/cancelRequest ahead of everything else: requests
// that may take long release the read loop (jsonrpc2.Async), so the
// notification is read while they still run.
func (s *Server) cancelRequests(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.Method() != protocol.MethodCancelRequest {
			return next(ctx, req)
		}
		var p protocol.CancelParams
		if err := protocol.Unmarshal(req.Params(), &p); err != nil {
			s.log.Warn("bad $/cancelRequest", zap.Error(err))
			return nil, nil
		}
		var id jsonrpc2.ID
		switch v := p.ID.(type) {
		case protocol.Integer:
			id = jsonrpc2.NewNumberID(int64(v))
		case protocol.String:
			id = jsonrpc2.NewStringID(string(v))
		}
		s.inflightMu.Lock()
		cancel := s.inflight[id]
		s.inflightMu.Unlock()
		if cancel != nil {
			cancel()
		}
		return nil, nil
	}
}

// cancellable gives each call a context that $/cancelRequest cancels.
// jsonrpc2.CancelHandler cannot be used: it derives a context.WithCancel from
// the pooled request context, whose propagation goroutine may read that
// context after the request was recycled and panic (see README.md).
func (s *Server) cancellable(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if !req.IsCall() {
			return next(ctx, req)
		}
		id := req.ID()
		cctx, cancel := context.WithCancel(s.ctx)
		s.inflightMu.Lock()
		s.inflight[id] = cancel
		s.inflightMu.Unlock()
		defer func() {
			s.inflightMu.Lock()
			delete(s.inflight, id)
			s.inflightMu.Unlock()
			cancel()
		}()
		return next(requestContext{Context: cctx, req: ctx}, req)
	}
}

// requestContext is a request's own cancellable context that still answers
// jsonrpc2's values (the release token jsonrpc2.Async looks up).
type requestContext struct {
	context.Context
	req context.Context
}

func (c requestContext) Value(key any) any {
	if v := c.Context.Value(key); v != nil {
		return v
	}
	return c.req.Value(key)
}

// method is one entry of the dispatch table.
type method struct {
	call bool // a request (answered) rather than a notification
	run  func(s *Server, ctx context.Context, params jsonrpc2.RawMessage) (any, error)
}

// request adapts a typed request handler: params that do not decode are
// answered with InvalidParams.
func request[P any](f func(*Server, context.Context, *P) (any, error)) method {
	return method{call: true, run: func(s *Server, ctx context.Context, raw jsonrpc2.RawMessage) (any, error) {
		var p P
		if err := decodeParams(raw, &p); err != nil {
			return nil, err
		}
		return f(s, ctx, &p)
	}}
}

// notification adapts a typed notification handler. Its errors are logged:
// jsonrpc2 would end the connection on a notification error.
func notification[P any](f func(*Server, context.Context, *P) error) method {
	return method{run: func(s *Server, ctx context.Context, raw jsonrpc2.RawMessage) (any, error) {
		var p P
		if err := decodeParams(raw, &p); err != nil {
			return nil, err
		}
		return nil, f(s, ctx, &p)
	}}
}

func decodeParams(raw jsonrpc2.RawMessage, p any) error {
	if len(raw) == 0 {
		return nil // handlers check the fields they require
	}
	if err := protocol.Unmarshal(raw, p); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
	}
	return nil
}

var methods map[string]method

func init() {
	methods = map[string]method{
		protocol.MethodInitialize:  request(handleInitialize),
		protocol.MethodInitialized: notification(handleInitialized),
		protocol.MethodShutdown: {call: true, run: func(s *Server, ctx context.Context, _ jsonrpc2.RawMessage) (any, error) {
			return s.shutdown(ctx)
		}},
		protocol.MethodExit: {run: func(s *Server, ctx context.Context, _ jsonrpc2.RawMessage) (any, error) {
			return nil, s.exit()
		}},
		protocol.MethodSetTrace:                           notification(handleSetTrace),
		protocol.MethodTextDocumentDidOpen:                notification(handleDidOpen),
		protocol.MethodTextDocumentDidChange:              notification(handleDidChange),
		protocol.MethodTextDocumentDidClose:               notification(handleDidClose),
		protocol.MethodTextDocumentDidSave:                notification(handleDidSave),
		protocol.MethodTextDocumentCodeAction:             request(handleCodeAction),
		protocol.MethodTextDocumentHover:                  request(handleHover),
		methodFileStatus:                                  request(handleFileStatus),
		protocol.MethodTextDocumentCompletion:             request(handleCompletion),
		protocol.MethodTextDocumentDiagnostic:             request(handleDiagnostic),
		protocol.MethodWorkspaceDidChangeWatchedFiles:     notification(handleDidChangeWatchedFiles),
		protocol.MethodWorkspaceDidChangeConfiguration:    notification(handleDidChangeConfiguration),
		protocol.MethodWorkspaceDidChangeWorkspaceFolders: notification(handleDidChangeWorkspaceFolders),
		protocol.MethodWindowWorkDoneProgressCancel:       notification(handleWorkDoneProgressCancel),
	}
}

// dispatch is the gate every message passes after cancellation bookkeeping.
func (s *Server) dispatch(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	// The method name borrows the read buffer, which the next message
	// overwrites once the handler releases the read loop (jsonrpc2.Async).
	name := strings.Clone(req.Method())
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("handler panicked", zap.String("method", name), zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
			s.logMessage(protocol.MessageTypeError, fmt.Sprintf("djls: internal error in %s: %v", name, r))
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", name, r)
		}
		if !req.IsCall() && err != nil {
			// A notification cannot be answered; an error here would close
			// the connection (jsonrpc2 treats it as fatal).
			s.log.Warn("notification failed", zap.String("method", name), zap.Error(err))
			result, err = nil, nil
		}
		err = wireError(err)
		if ce := s.log.Check(zap.DebugLevel, "handled"); ce != nil {
			ce.Write(zap.String("method", name), zap.Bool("call", req.IsCall()), zap.Duration("took", time.Since(start)), zap.Error(err))
		}
		s.traceMessage(name, time.Since(start), err)
	}()

	if gateErr := s.gate(name, req.IsCall()); gateErr != nil {
		if !req.IsCall() {
			return nil, nil
		}
		return nil, gateErr
	}
	m, ok := methods[name]
	if !ok || m.call != req.IsCall() {
		if !req.IsCall() {
			return nil, nil // unknown notifications (including $/...) are ignored
		}
		return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", name)
	}
	if ctx.Err() != nil {
		return nil, protocol.ErrRequestCancelled
	}
	return m.run(s, ctx, req.Params())
}

// gate applies the lifecycle: before initialize only initialize (and exit)
// pass; after shutdown only exit passes.
func (s *Server) gate(name string, call bool) error {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if name == protocol.MethodExit {
		return nil
	}
	switch state {
	case stateNew:
		if name == protocol.MethodInitialize {
			return nil
		}
		return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")
	case stateShutdown:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down")
	}
	if name == protocol.MethodInitialize {
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server already initialized")
	}
	return nil
}

// background runs f on its own goroutine until the session ends.
func (s *Server) background(f func()) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("background task panicked", zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
			}
		}()
		f()
	}()
}

// skippedMessage logs a message the stream read past (over MaxMessageSize)
// and tells the user once per document (or method) that it was ignored.
func (s *Server) skippedMessage(m skippedFrame) {
	s.log.Warn("skipped a message over the size limit", zap.Int("bytes", m.Size), zap.Int("limit", MaxMessageSize),
		zap.String("method", m.Method), zap.String("uri", m.URI), zap.ByteString("id", m.ID))
	key := m.URI
	if key == "" {
		key = m.Method
	}
	s.mu.Lock()
	told := s.tooLarge[key]
	s.tooLarge[key] = true
	s.mu.Unlock()
	if told || s.client == nil {
		return
	}
	what := m.Method
	if what == "" {
		what = "a message"
	}
	msg := fmt.Sprintf("djls: ignored %s of %s bytes", what, groupThousands(m.Size))
	if m.URI != "" {
		msg += " for " + m.URI
	}
	msg += fmt.Sprintf(": over the %d MiB message limit", MaxMessageSize>>20)
	_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg})
}

// logMessage shows a message in the client's log (window/logMessage).
func (s *Server) logMessage(t protocol.MessageType, msg string) {
	if s.client == nil {
		return
	}
	_ = s.client.LogMessage(s.ctx, &protocol.LogMessageParams{Type: t, Message: msg})
}

// traceMessage honours $/setTrace: with trace on, each handled message is
// reported as $/logTrace.
func (s *Server) traceMessage(name string, took time.Duration, err error) {
	s.mu.Lock()
	trace := s.trace
	s.mu.Unlock()
	if trace == "" || trace == protocol.TraceValueOff || name == protocol.MethodExit {
		return
	}
	p := &protocol.LogTraceParams{Message: fmt.Sprintf("%s handled in %s", name, took.Round(time.Microsecond))}
	if trace == protocol.TraceValueVerbose && err != nil {
		verbose := err.Error()
		p.Verbose = &verbose
	}
	_ = s.client.LogTrace(s.ctx, p)
}
