package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
)

// TestRunsWithoutNetwork runs the built binary in a network namespace with
// no interfaces up (not even loopback): `check` prints exactly what it
// prints with the network, and `serve` answers initialize and shuts down.
func TestRunsWithoutNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if err := exec.Command("unshare", "-n", "true").Run(); err != nil {
		t.Skipf("cannot make a network namespace here (unshare -n: %v)", err)
	}
	dir := corpus.Dir(t)
	bin := buildDjls(t)
	project := filepath.Join(dir, "maisha")
	with, _ := exec.Command(bin, "check", "--no-color", project).Output()
	without, err := exec.Command("unshare", "-n", bin, "check", "--no-color", project).Output()
	if code := exitCode(err); code != 1 {
		t.Fatalf("check without network: exit %d", code)
	}
	if string(with) != string(without) || !strings.Contains(string(without), "DJS001") {
		t.Errorf("output differs without network:\n%s\nvs\n%s", with, without)
	}

	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	input := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://`+project+`","capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	cmd := exec.Command("unshare", "-n", bin, "serve")
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.Output()
	if code := exitCode(err); code != 0 {
		t.Fatalf("serve without network: exit %d", code)
	}
	if !strings.Contains(string(out), `"serverInfo"`) || !strings.Contains(string(out), `"id":2`) {
		t.Errorf("serve without network did not answer:\n%s", out)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
