package lsp

import (
	"os"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
)

// TestMain runs the tests with an empty home (corpus.RunInEmptyHome says why).
func TestMain(m *testing.M) { os.Exit(corpus.RunInEmptyHome(m)) }
