package lsp

import (
	"encoding/json"
	"testing"

	"go.lsp.dev/protocol"
)

func TestParseFixAll(t *testing.T) {
	for raw, want := range map[string]bool{
		``: true, `null`: true, `[]`: true, `{}`: true,
		`{"fixAll":false}`:                  false,
		`{"djlsSecurity":{"fixAll":false}}`: false,
		`{"djlsSecurity":{"fixAll":true}}`:  true,
		`{"fixAll":"no"}`:                   true,
	} {
		if got := parseFixAll([]byte(raw)); got != want {
			t.Errorf("parseFixAll(%s) = %v, want %v", raw, got, want)
		}
	}
}

// djlsSecurity.fixAll false withdraws source.fixAll.djls; true brings it
// back. The other settings are not disturbed by the key.
func TestFixAllSettingWithdrawsSourceFixAll(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, "", `{"djlsSecurity":{"fixAll":false}}`)
	u := c.open(path, 1, cleanSettings+"PASSWORD_RESET_TIMEOUT_DAYS = 3\n")
	c.waitPublish(u, 1)
	if got := codeActions(t, c, u, protocol.Range{}, []protocol.CodeActionKind{kindFixAll}); len(got) != 0 {
		t.Fatalf("fixAll false: got %d fix-all actions, want none", len(got))
	}
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, json.RawMessage(`{"settings":{"djlsSecurity":{"fixAll":true}}}`))
	c.barrier(u)
	if got := codeActions(t, c, u, protocol.Range{}, []protocol.CodeActionKind{kindFixAll}); len(got) != 1 {
		t.Fatalf("fixAll true: got %d fix-all actions, want 1", len(got))
	}
}
