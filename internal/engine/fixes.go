package engine

import (
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/fix"
)

// FixesFor returns the quick fixes for one finding of this result,
// including "suppress on this line".
func (r *Result) FixesFor(f diagnostics.Finding) []fix.Fix { return nil }

// FixAll returns one fix applying every safe fix in path (unsafe too when
// asked), or nil when there is nothing to fix.
func (r *Result) FixAll(path string, unsafe bool) *fix.Fix { return nil }

// ProductionBlock returns the "insert production security block" action for
// path, or nil when the merged production settings lack nothing.
func (r *Result) ProductionBlock(path string) *fix.Fix { return nil }
