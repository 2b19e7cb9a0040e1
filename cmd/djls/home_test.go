package main

import (
	"os"
	"testing"
)

// TestMain gives the tests an empty home: the user's core.excludesFile
// (~/.gitconfig, ~/.config/git/ignore) would otherwise decide what .env
// files git ignores, and so DJS801.
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "djls-home")
	if err != nil {
		panic(err)
	}
	os.Setenv("HOME", home)
	os.Setenv("XDG_CONFIG_HOME", "")
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
