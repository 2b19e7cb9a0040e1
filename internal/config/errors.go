package config

import (
	"strconv"
	"strings"
)

// Error is one problem in the user's configuration, precise enough to show
// at the right line of the right file.
type Error struct {
	File string // "" for editor settings
	Line int    // 1-based; 0 when unknown
	Key  string // "select", "severity.DJS001"; "" for syntax errors
	Msg  string
}

// Error renders "FILE:LINE: KEY: MSG", leaving out the parts that are empty.
func (e *Error) Error() string {
	var parts []string
	switch {
	case e.File != "" && e.Line > 0:
		parts = append(parts, e.File+":"+strconv.Itoa(e.Line))
	case e.File != "":
		parts = append(parts, e.File)
	case e.Line > 0:
		parts = append(parts, "line "+strconv.Itoa(e.Line))
	}
	if e.Key != "" {
		parts = append(parts, e.Key)
	}
	parts = append(parts, e.Msg)
	return strings.Join(parts, ": ")
}
