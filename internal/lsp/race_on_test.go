//go:build race

package lsp

// raceEnabled reports whether this test binary was built with -race.
const raceEnabled = true
