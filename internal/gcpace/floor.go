// Package gcpace decides when a long-running process's garbage collector
// runs, for a language server whose latency matters per keystroke.
//
// KeepFloor keeps the heap goal from falling under a floor while the live
// heap is small. Go collects when the heap reaches twice the live heap,
// and at least 4 MB (at GOGC=100): a server with one small module open has
// under 1 MB live, so it collected every ~3 MB allocated, every ~100
// keystrokes, each collection slowing two or three of them by 1-3 ms: the
// tail of edit → publish (issue 14). Raising GOGC for good would also grow
// the heap of a session with many modules open; the floor raises it only
// while the default goal is under the floor, and only as far as the floor.
//
// Also tried, and left out (figures in issue 14's note): running a
// collection between keystrokes when one is due (runtime.GC blocks until
// the whole heap is swept, 2-7 ms here: worse than the runtime's own
// concurrent collection unless collections come every few keystrokes,
// and reading the heap's figures per keystroke needs runtime/metrics,
// whose initialisation costs every djls process 0.3 ms before main), and
// GOMAXPROCS=1.
package gcpace

import (
	"runtime/debug"
	"sync/atomic"
)

// goHeapMinimum is the runtime's minimum heap goal at GOGC=100; it scales
// with GOGC.
const goHeapMinimum = 4 << 20

// Percent returns the GOGC that makes the heap goal of a live heap of live
// bytes about floor, and 100 (the default) once the default goal, twice the
// live heap, is at least floor.
func Percent(live, floor uint64) int {
	if live == 0 || 2*live >= floor || floor <= goHeapMinimum {
		return 100
	}
	// Either bound alone overshoots: the runtime's minimum scales with
	// GOGC, and the goal is live × (1 + GOGC/100).
	byMinimum := 100 * floor / goHeapMinimum
	byLive := 100 * (floor - live) / live
	return int(max(100, min(byMinimum, byLive)))
}

// KeepFloor sets GOGC after every garbage collection from the live heap it
// left, so that the heap goal stays at least floor bytes, until stop is
// called (stop restores GOGC to 100). It does nothing when the GOGC
// environment variable is set: the user's choice wins.
func KeepFloor(floor uint64, getenv func(string) string) (stop func()) {
	if getenv("GOGC") != "" {
		return func() {}
	}
	// Until the first collection the live heap is unknown, and small: a
	// process starts with the floor as its goal.
	k := &keeper{floor: floor, percent: Percent(1, floor)}
	debug.SetGCPercent(k.percent)
	watch(k.adjust)
	return func() {
		k.stopped.Store(true)
		debug.SetGCPercent(100)
	}
}

type keeper struct {
	floor    uint64
	percent  int // only the finalizer goroutine writes it, after KeepFloor
	stopped  atomic.Bool
	onAdjust func(percent int) // tests
}

// adjust sets GOGC from the live heap the last collection left.
func (k *keeper) adjust(live uint64) {
	if k.stopped.Load() {
		return
	}
	if p := Percent(live, k.floor); p != k.percent {
		debug.SetGCPercent(p)
		k.percent = p
	}
	if k.onAdjust != nil {
		k.onAdjust(k.percent)
	}
}
