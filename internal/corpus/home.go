package corpus

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// EmptyHome points HOME at a new empty folder (and unsets
// XDG_CONFIG_HOME) for a test binary, so that the user's git
// core.excludesFile (~/.gitconfig, ~/.config/git/ignore) cannot decide
// which .env files are ignored, and so DJS801. Go's own folders, which
// default to places under HOME, are pinned first: a test that runs `go
// build` keeps its build and module caches and its go env file. The
// returned function removes the folder.
func EmptyHome() (func(), error) {
	if out, err := exec.Command("go", "env", "-json", "GOENV", "GOCACHE", "GOPATH", "GOMODCACHE").Output(); err == nil {
		var vars map[string]string
		if json.Unmarshal(out, &vars) == nil {
			for k, v := range vars {
				if os.Getenv(k) == "" && v != "" {
					os.Setenv(k, v)
				}
			}
		}
	}
	home, err := os.MkdirTemp("", "djls-home")
	if err != nil {
		return nil, err
	}
	os.Setenv("HOME", home)
	os.Setenv("XDG_CONFIG_HOME", "")
	return func() { os.RemoveAll(home) }, nil
}

// RunInEmptyHome runs a package's tests (from its TestMain) with an empty
// home and returns their exit code: the user's core.excludesFile
// (~/.gitconfig, ~/.config/git/ignore) would otherwise decide which .env
// files git ignores, and so DJS801.
func RunInEmptyHome(m *testing.M) int {
	cleanup, err := EmptyHome()
	if err != nil {
		panic(err)
	}
	defer cleanup()
	return m.Run()
}
