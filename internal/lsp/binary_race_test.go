package lsp

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// raceExitCode is the exit status the race detector gives a process that
// found a race (set explicitly, not left to the default).
const raceExitCode = 66

// TestBuiltServerUnderLoadRace builds `djls` with the race detector and
// drives `djls serve` over its stdio with the load of TestStdioUnderLoad
// (tracing on, edits, requests, close/reopen, watched-file events), then
// shuts it down. TestStdioUnderLoad runs the server in process; this one
// covers what only the binary has: main's stdio, its logger (debug, to a
// file) and its exit path. CI runs it by name (.ci/run).
func TestBuiltServerUnderLoadRace(t *testing.T) {
	if !raceEnabled {
		t.Skip("needs a test binary built with -race (it builds the server with -race): go test -race -run TestBuiltServerUnderLoadRace ./internal/lsp")
	}
	if testing.Short() {
		t.Skip("builds the server with -race; .ci/run runs it by name")
	}
	bin, err := buildDjls(t.TempDir(), "-race")
	if err != nil {
		t.Fatal(err)
	}
	var stderr *strings.Builder
	// Registered first, so it runs after startBinaryAt's Cleanup has
	// stopped the server: then stderr is complete, even when the test
	// stopped half-way.
	t.Cleanup(func() {
		if stderr != nil && strings.Contains(stderr.String(), "WARNING: DATA RACE") {
			t.Errorf("the race detector reported on the built server:\n%s", stderr)
		}
	})
	logFile := filepath.Join(t.TempDir(), "djls.log")
	// Report every race and carry on to the end (exit status 66 then).
	gorace := fmt.Sprintf("GORACE=halt_on_error=0 exitcode=%d", raceExitCode)
	var c *testClient
	c, _, stderr = startBinaryAt(t, bin, []string{gorace}, "--log-level", "debug", "--log-file", logFile)
	driveUnderLoad(t, c)
	switch code := c.shutdown(); code {
	case 0:
	case raceExitCode:
		t.Fatalf("the race detector found a race (exit %d)", code)
	default:
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
	}
}
