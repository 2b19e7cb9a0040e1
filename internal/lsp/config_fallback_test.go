package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestNoSettingsAnswers(t *testing.T) {
	for raw, want := range map[string]bool{
		``: true, `null`: true, `[]`: true, `{}`: true, `{"djlsSecurity":null}`: true, `{"djlsSecurity":{}}`: true,
		`{"ignore":["DJS001"]}`: false, `{"djlsSecurity":{"ignore":[]}}`: false, `{"djlsSecurity":null,"ignore":[]}`: false,
	} {
		if got := noSettings([]byte(raw)); got != want {
			t.Errorf("noSettings(%q) = %v, want %v", raw, got, want)
		}
	}
}

// TestInitializationOptionsKeptWhenConfigurationIsNull: a client that
// supports workspace/configuration but answers null for the section keeps
// the settings it sent as initializationOptions. The server registers its
// file watchers after the pull is applied, so the registration request
// orders the test after it.
func TestInitializationOptionsKeptWhenConfigurationIsNull(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil) // its answer to workspace/configuration is [null]
	c.initialize(dir, `{"workspace":{"configuration":true,"didChangeWatchedFiles":{"dynamicRegistration":true}}}`, `{"ignore":["DJS001"]}`)
	c.waitUntil("workspace/configuration, then client/registerCapability", func() bool {
		pulled := false
		for _, r := range c.requests {
			pulled = pulled || r.Method == protocol.MethodWorkspaceConfiguration
			if pulled && r.Method == protocol.MethodClientRegisterCapability {
				return true
			}
		}
		return false
	})
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("initializationOptions dropped after a null workspace/configuration answer: DJS001 published %v", diagSummary(got))
	}
}
