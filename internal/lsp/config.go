package lsp

// Editor configuration: initializationOptions, workspace/didChangeConfiguration
// and workspace/configuration (section "djlsSecurity", not "djls", which the
// Django template language server uses). The keys are the configuration
// file's; the project's own file wins for each key it sets (config.Merge, in
// the engine).

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/rules"
)

// settingsSection is our key in the editor's settings.
const settingsSection = "djlsSecurity"

// parseEditorSettings reads editor settings: either the keys themselves or
// an object holding them under "djlsSecurity". It returns the config and
// the logLevel ("" when unset).
func parseEditorSettings(raw []byte) (*config.Config, string, error) {
	switch strings.TrimSpace(string(raw)) {
	case "", "null", "[]", "{}":
		// Neovim sends an empty Lua table as []: no settings, not an error.
		return nil, "", nil
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, "", fmt.Errorf("settings must be an object: %v", err)
	}
	if inner, ok := m[settingsSection]; ok {
		m, _ = inner.(map[string]any) // [] or null (an empty Lua table): no settings
		if m == nil {
			return nil, "", nil
		}
	}
	level, _ := m["logLevel"].(string)
	delete(m, "logLevel")
	delete(m, fixAllKey) // read by parseFixAll
	cfg, err := config.FromMap(m, rules.KnownRuleOrPrefix)
	return cfg, level, err
}

func (s *Server) setLogLevel(level string) {
	if level == "" || s.opts.Level == nil {
		return
	}
	if err := s.opts.Level.UnmarshalText([]byte(level)); err != nil {
		s.log.Warn("ignoring logLevel", zap.String("logLevel", level))
	}
}

func handleDidChangeConfiguration(s *Server, ctx context.Context, p *protocol.DidChangeConfigurationParams) error {
	pull := s.capabilities().configuration
	if pull {
		// The pull model is authoritative; the notification only says "ask".
		s.background(s.pullConfiguration)
		return nil
	}
	s.applySettings(p.Settings)
	return nil
}

// configPulls orders the answers to workspace/configuration. Each pull
// runs on a goroutine of its own (the one after `initialized`, one per
// didChangeConfiguration), so an earlier pull's answer can arrive, or be
// handled, after a later one's: applied then, it would undo the newer
// settings. An answer is applied only when no later pull's answer was.
type configPulls struct {
	started atomic.Uint64 // numbers the pulls
	mu      sync.Mutex    // held from the staleness check to the end of applying
	applied uint64        // the number of the pull whose answer was applied last
}

// pullConfiguration asks the client for our section (workspace/configuration).
// A client with nothing for the section answers null (or an empty table):
// the initializationOptions then still apply, rather than no settings.
func (s *Server) pullConfiguration() {
	pull := s.pulls.started.Add(1)
	section := settingsSection
	items, err := s.client.Configuration(s.ctx, &protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: &section}}})
	if err != nil || len(items) == 0 {
		if err != nil {
			s.log.Debug("workspace/configuration failed", zap.Error(err))
		}
		return
	}
	raw := items[0]
	if noSettings(raw) {
		s.mu.Lock()
		raw = s.initOpts
		s.mu.Unlock()
	}
	s.pulls.mu.Lock()
	defer s.pulls.mu.Unlock()
	applied := pull > s.pulls.applied
	if applied {
		s.pulls.applied = pull
		s.applySettings(raw)
	} else {
		s.log.Debug("dropped a stale workspace/configuration answer")
	}
	if s.hooks != nil && s.hooks.configAnswer != nil {
		s.hooks.configAnswer(applied)
	}
}

// noSettings reports an answer that holds no settings: null, an empty
// object or table, or our section null or empty.
func noSettings(raw []byte) bool {
	empty := func(b []byte) bool {
		switch strings.TrimSpace(string(b)) {
		case "", "null", "[]", "{}":
			return true
		}
		return false
	}
	if empty(raw) {
		return true
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || len(m) != 1 {
		return false
	}
	inner, ok := m[settingsSection]
	return ok && empty(inner)
}

// applySettings installs new editor settings and re-judges every project.
func (s *Server) applySettings(raw []byte) {
	cfg, level, err := parseEditorSettings(raw)
	if err != nil {
		s.log.Warn("bad editor settings", zap.Error(err))
		s.logMessage(protocol.MessageTypeWarning, "djls: settings: "+err.Error())
		if !s.badSettings(err, cfg) {
			return // the last valid settings stay
		}
	} else {
		s.goodSettings()
	}
	s.setLogLevel(level)
	s.mu.Lock()
	s.editor = cfg
	s.fixAllOff = !parseFixAll(raw)
	s.mu.Unlock()
	s.reconfigure(cfg)
}
