package lsp

// Lifecycle: initialize (capability negotiation), initialized, shutdown,
// exit and $/setTrace.

import (
	"bytes"
	"context"
	"slices"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// clientCaps is what the server uses of the client's capabilities, read once
// at initialize.
type clientCaps struct {
	enc               posEncoding
	encName           protocol.PositionEncodingKind
	pullDiagnostics   bool // textDocument/diagnostic
	diagnosticRefresh bool // workspace/diagnostic/refresh
	workDoneProgress  bool
	watchRegistration bool // dynamic registration of didChangeWatchedFiles
	configuration     bool // workspace/configuration
	documentChanges   bool // versioned WorkspaceEdit.documentChanges
	markdown          bool // hover in markdown
}

func readClientCaps(c protocol.ClientCapabilities) clientCaps {
	caps := clientCaps{enc: encUTF16, encName: protocol.PositionEncodingKindUTF16}
	if g := c.General; g != nil {
		// utf-8 is cheapest for us (byte offsets), then utf-32; utf-16 is the
		// mandatory fallback.
		switch {
		case slices.Contains(g.PositionEncodings, protocol.PositionEncodingKindUTF8):
			caps.enc, caps.encName = encUTF8, protocol.PositionEncodingKindUTF8
		case slices.Contains(g.PositionEncodings, protocol.PositionEncodingKindUTF32):
			caps.enc, caps.encName = encUTF32, protocol.PositionEncodingKindUTF32
		}
	}
	if td := c.TextDocument; td != nil {
		caps.pullDiagnostics = td.Diagnostic != nil
		if td.Hover != nil {
			// Markdown only when the client says it renders it: one
			// that names no format (or only plaintext) shows the text raw.
			caps.markdown = slices.Contains(td.Hover.ContentFormat, protocol.MarkupKindMarkdown)
		}
	}
	if w := c.Workspace; w != nil {
		caps.configuration = isTrue(w.Configuration)
		if w.DidChangeWatchedFiles != nil {
			caps.watchRegistration = isTrue(w.DidChangeWatchedFiles.DynamicRegistration)
		}
		if w.WorkspaceEdit != nil {
			caps.documentChanges = isTrue(w.WorkspaceEdit.DocumentChanges)
		}
		if w.Diagnostics != nil {
			caps.diagnosticRefresh = isTrue(w.Diagnostics.RefreshSupport)
		}
	}
	if w := c.Window; w != nil {
		caps.workDoneProgress = isTrue(w.WorkDoneProgress)
	}
	return caps
}

func isTrue(b *bool) bool { return b != nil && *b }

func ptr[T any](v T) *T { return &v }

func handleInitialize(s *Server, ctx context.Context, p *protocol.InitializeParams) (any, error) {
	caps := readClientCaps(p.Capabilities)
	editor, level, err := parseEditorSettings(p.InitializationOptions)
	if err != nil {
		// Bad editor settings must not stop the server: the valid keys
		// apply, and the user hears about the others.
		s.log.Warn("bad initializationOptions", zap.Error(err))
		s.logMessage(protocol.MessageTypeWarning, "djls: initializationOptions: "+err.Error())
	}
	s.setLogLevel(level)
	roots := initialRoots(p)

	s.mu.Lock()
	if s.state != stateNew {
		s.mu.Unlock()
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server already initialized")
	}
	s.state = stateInitialized
	s.caps.Store(&caps)
	s.editor = editor
	s.fixAllOff = !parseFixAll(p.InitializationOptions)
	s.initOpts = bytes.Clone(p.InitializationOptions) // the base a null workspace/configuration answer keeps
	if p.Trace != "" {
		s.trace = p.Trace
	}
	s.mu.Unlock()
	if err != nil {
		s.badSettings(err, editor)
	} else {
		s.goodSettings()
	}
	for _, root := range roots {
		s.addFolder(root)
	}
	s.log.Info("initialized", zap.String("client", p.ClientInfo.Name), zap.Strings("roots", roots), zap.String("positionEncoding", string(caps.encName)))

	sync := protocol.TextDocumentSyncKindIncremental
	result := &protocol.InitializeResult{
		ServerInfo: protocol.ServerInfo{Name: "djls", Version: protocol.NewOptional(s.opts.Version)},
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: caps.encName,
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: ptr(true),
				Change:    &sync,
				Save:      protocol.Boolean(true),
			},
			HoverProvider: protocol.Boolean(true),
			CompletionProvider: &protocol.CompletionOptions{
				TriggerCharacters: []string{"'", "\""},
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{
					protocol.CodeActionKindQuickFix, kindFixAll, kindProductionBlock,
				},
			},
			Workspace: &protocol.WorkspaceOptions{
				WorkspaceFolders: &protocol.WorkspaceFoldersServerCapabilities{
					Supported:           ptr(true),
					ChangeNotifications: protocol.Boolean(true),
				},
			},
		},
	}
	if caps.pullDiagnostics {
		result.Capabilities.DiagnosticProvider = &protocol.DiagnosticOptions{
			Identifier:            ptr("djls"),
			InterFileDependencies: true,
		}
	}
	return result, nil
}

func handleInitialized(s *Server, ctx context.Context, _ *protocol.InitializedParams) error {
	caps := s.capabilities()
	// Server-to-client calls wait for a response that the read loop must
	// read, so they run off the handler.
	s.background(func() {
		if caps.configuration {
			s.pullConfiguration()
		}
		if caps.watchRegistration {
			s.registerWatchers()
		}
	})
	s.mu.Lock()
	folders := append([]*folder(nil), s.folders...)
	s.mu.Unlock()
	s.index(folders)
	return nil
}

func (s *Server) shutdown(ctx context.Context) (any, error) {
	s.mu.Lock()
	s.state = stateShutdown
	s.mu.Unlock()
	s.stop() // no more analysis or publishing
	s.log.Info("shutdown")
	return nil, nil
}

func (s *Server) exit() error {
	s.exitOnce.Do(func() {
		s.mu.Lock()
		if s.state == stateShutdown {
			s.exitCode = 0
		}
		s.mu.Unlock()
		s.log.Info("exit")
		close(s.exited)
	})
	return nil
}

func handleSetTrace(s *Server, ctx context.Context, p *protocol.SetTraceParams) error {
	s.mu.Lock()
	s.trace = p.Value
	s.mu.Unlock()
	return nil
}
