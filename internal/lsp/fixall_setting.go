package lsp

// The djlsSecurity.fixAll editor setting (default true, as ruff.fixAll):
// false withdraws source.fixAll.djls, so "source.fixAll" on save leaves
// djls's findings to explicit quick fixes.

import (
	"encoding/json"
)

// fixAllKey is the setting's key inside our section. Like logLevel it is
// the editor's business, not the configuration file's.
const fixAllKey = "fixAll"

// parseFixAll reads djlsSecurity.fixAll from editor settings: true unless
// set to false.
func parseFixAll(raw []byte) bool {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return true
	}
	if inner, ok := m[settingsSection].(map[string]any); ok {
		m = inner
	}
	on, ok := m[fixAllKey].(bool)
	return !ok || on
}

// fixAllOffered reports whether source.fixAll.djls is offered.
func (s *Server) fixAllOffered() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.fixAllOff
}
