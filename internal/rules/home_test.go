package rules_test

import (
	"os"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
)

// TestMain gives the tests an empty home: the user's core.excludesFile
// (~/.gitconfig, ~/.config/git/ignore) would otherwise decide what .env
// files git ignores, and so DJS801.
func TestMain(m *testing.M) {
	cleanup, err := corpus.EmptyHome()
	if err != nil {
		panic(err)
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}
