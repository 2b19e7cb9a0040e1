package lsp

// Configuration errors are findings. A bad djls-security.toml (or
// [tool.djls-security] table of pyproject.toml) is an error diagnostic on
// the offending line (source "djls", code "config") and one warning
// notification per distinct problem, while the engine goes on checking with
// the last valid configuration, or the defaults (engine.Options
// KeepLastGoodConfig). The engine reads the file again when it changes on
// disk (watched files, didSave); an open buffer is judged as typed
// (config.LoadText) for its diagnostics, and takes effect once saved.

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/rules"
	"github.com/djls-dev/djls/internal/textpos"
)

// configCode is the diagnostic code of a configuration error.
const configCode = "config"

// configState is what a folder knows of its configuration file's errors.
type configState struct {
	mu   sync.Mutex
	err  string                           // the engine's last ConfigError, "" when valid
	disk map[string][]protocol.Diagnostic // err as diagnostics, by file
	told map[string]bool                  // errors already notified, until the file is valid again
}

// noteConfigError reads ws's configuration error after a (re)load: a new
// one becomes diagnostics and, the first time it is seen, a warning
// notification. Runs on f's analysis goroutine.
func (s *Server) noteConfigError(f *folder, ws *engine.Workspace) {
	err := ws.ConfigError()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	c := &f.config
	c.mu.Lock()
	if msg == c.err {
		c.mu.Unlock()
		return
	}
	c.err = msg
	c.disk = configDiagnosticsOnDisk(err, s.capabilities().enc)
	notify := msg != "" && !c.told[msg]
	if msg == "" {
		c.told = nil // fixed: a later breakage is news again
	} else if notify {
		if c.told == nil {
			c.told = map[string]bool{}
		}
		c.told[msg] = true
	}
	c.mu.Unlock()
	if msg == "" {
		s.log.Info("configuration valid again", zap.String("root", f.root))
		return
	}
	s.log.Warn("bad configuration; keeping the last valid one", zap.String("root", f.root), zap.Error(err))
	if notify && s.client != nil {
		_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: configMessage(f.root, err)})
	}
}

// configMessage is the notification for err: its first problem, relative
// to root, and what djls does meanwhile.
func configMessage(root string, err error) string {
	first, more := firstConfigProblem(root, err)
	msg := "djls: bad configuration: " + first
	if more {
		msg += " (and more; see the file's diagnostics)"
	}
	return sentence(msg) + " djls keeps checking with the last valid configuration (the defaults if there was none) until it is fixed."
}

// firstConfigProblem is err's first problem, its file relative to root,
// and whether err holds more.
func firstConfigProblem(root string, err error) (first string, more bool) {
	errs := configErrors(err)
	first = err.Error()
	if len(errs) > 0 {
		e := *errs[0]
		if rel, rerr := filepath.Rel(root, e.File); rerr == nil && !strings.HasPrefix(rel, "..") {
			e.File = rel
		}
		first = e.Error()
	}
	return first, len(errs) > 1
}

// sentence ends msg with a full stop unless it already ends a sentence.
func sentence(msg string) string {
	if strings.HasSuffix(msg, ".") || strings.HasSuffix(msg, "?") || strings.HasSuffix(msg, "!") {
		return msg
	}
	return msg + "."
}

// configErrors flattens err (a *config.Error or several joined) into its
// *config.Errors.
func configErrors(err error) []*config.Error {
	if err == nil {
		return nil
	}
	var ce *config.Error
	if errors.As(err, &ce) && ce == err {
		return []*config.Error{ce}
	}
	var out []*config.Error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, configErrors(e)...)
		}
	} else if errors.As(err, &ce) {
		out = append(out, ce)
	}
	return out
}

// configDiagnosticsOnDisk turns err into diagnostics on the files it names,
// as they are on disk.
func configDiagnosticsOnDisk(err error, enc posEncoding) map[string][]protocol.Diagnostic {
	errs := configErrors(err)
	if len(errs) == 0 {
		return nil
	}
	out := map[string][]protocol.Diagnostic{}
	texts := map[string]*mapper{}
	for _, e := range errs {
		if e.File == "" {
			continue
		}
		m := texts[e.File]
		if m == nil {
			text, _ := os.ReadFile(e.File)
			m = newMapper(text)
			texts[e.File] = m
		}
		out[e.File] = append(out[e.File], configDiagnostic(e, m, enc))
	}
	return out
}

// configDiagnostic places e on its line of the text m maps: on the key's
// last part when the line spells it, else on the whole line (the start of
// the file when the line is unknown).
func configDiagnostic(e *config.Error, m *mapper, enc posEncoding) protocol.Diagnostic {
	start, end := 0, 0
	if e.Line > 0 && e.Line <= m.LineCount() {
		text := m.Text()
		start = m.LineStart(e.Line - 1)
		end = textpos.LineEnd(text, start)
		line := string(text[start:end])
		if e.Key != "" {
			part := e.Key[strings.LastIndex(e.Key, ".")+1:]
			if i := strings.Index(line, part); i >= 0 {
				start, end = start+i, start+i+len(part)
			}
		} else if trimmed := strings.TrimLeft(line, " \t"); trimmed != "" {
			start += len(line) - len(trimmed)
		}
	}
	msg := e.Msg
	if e.Key != "" {
		msg = e.Key + ": " + msg
	}
	return protocol.Diagnostic{
		Range:    toRange(m, start, end, enc),
		Severity: protocol.DiagnosticSeverityError,
		Source:   protocol.NewOptional("djls"),
		Code:     protocol.String(configCode),
		Message:  protocol.String(msg),
	}
}

// configDiagnostics returns what f's configuration files should show: the
// engine's error for a file on disk, the buffer's own for an open one.
func (s *Server) configDiagnostics(f *folder, docs map[string]*document, enc posEncoding) map[string][]protocol.Diagnostic {
	out := map[string][]protocol.Diagnostic{}
	f.config.mu.Lock()
	for path, diags := range f.config.disk {
		if docs[path] == nil {
			out[path] = diags
		}
	}
	f.config.mu.Unlock()
	for _, name := range []string{config.FileName, config.PyprojectName} {
		path := filepath.Join(f.root, name)
		doc := docs[path]
		if doc == nil || doc.tooBig || (name == config.PyprojectName && configFileShadows(f.root, docs)) {
			continue
		}
		_, err := config.LoadText(path, doc.text, rules.KnownRuleOrPrefix)
		for _, e := range configErrors(err) {
			out[path] = append(out[path], configDiagnostic(e, doc.m, enc))
		}
	}
	return out
}

// configFileShadows reports a djls-security.toml at root (on disk or open):
// pyproject.toml's table is then not read at all.
func configFileShadows(root string, docs map[string]*document) bool {
	path := filepath.Join(root, config.FileName)
	if docs[path] != nil {
		return true
	}
	_, err := os.Stat(path)
	return err == nil
}

// settingsState is what the server knows of the editor settings' errors;
// guarded by Server.mu.
type settingsState struct {
	valid bool            // valid settings (or none) were applied once
	told  map[string]bool // errors already notified, until settings are valid again
}

// goodSettings records that valid editor settings were applied.
func (s *Server) goodSettings() {
	s.mu.Lock()
	s.settings = settingsState{valid: true}
	s.mu.Unlock()
}

// badSettings tells the user once about each distinct error in the editor
// settings and reports whether cfg (their valid keys) should apply anyway:
// only when no valid settings were ever applied, as the valid keys then
// beat the defaults. Otherwise the last valid settings stay.
func (s *Server) badSettings(err error, cfg *config.Config) bool {
	msg := err.Error()
	s.mu.Lock()
	notify := !s.settings.told[msg]
	if s.settings.told == nil {
		s.settings.told = map[string]bool{}
	}
	s.settings.told[msg] = true
	apply := !s.settings.valid && cfg != nil
	kept := "the defaults"
	switch {
	case apply:
		kept = "the valid keys"
	case s.settings.valid:
		kept = "the last valid settings"
	}
	s.mu.Unlock()
	if notify && s.client != nil {
		_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning,
			Message: "djls: bad editor settings (" + settingsSection + "): " + sentence(msg) + " djls keeps checking with " + kept + " until they are fixed."})
	}
	return apply
}
