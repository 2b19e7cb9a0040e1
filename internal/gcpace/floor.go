// Package gcpace decides when a long-running process's garbage collector
// runs, for a language server whose latency matters per keystroke:
//
//   - KeepFloor keeps the heap goal from falling under a floor while the
//     live heap is small. Go collects when the heap reaches twice the live
//     heap, and at least 4 MB (at GOGC=100): a server with one small module
//     open has under 1 MB live, so it collected every ~3 MB allocated,
//     every ~100 keystrokes, each collection slowing two or three of them
//     by 1-3 ms, the tail of edit → publish (issue 14). Raising GOGC for
//     good would also grow the heap of a session with many modules open;
//     the floor raises it only while the default goal is under the floor,
//     and only as far as the floor.
//   - Between runs a collection that is coming soon anyway now, at a
//     moment the caller chooses, when collections are frequent: a server
//     calls it after publishing, between one keystroke and the next,
//     instead of letting the runtime start it during one.
package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	k.arm()
	return func() {
		k.stopped.Store(true)
		debug.SetGCPercent(100)
	}
}

type keeper struct {
	floor    uint64
	percent  int // only the finalizer goroutine writes it, after Keep
	stopped  atomic.Bool
	onAdjust func(percent int) // tests
}

// sentinel is garbage from birth: its finalizer runs after the next
// collection, adjusts GOGC and arms a new one.
type sentinel struct{ k *keeper }

func (k *keeper) arm() {
	runtime.SetFinalizer(&sentinel{k}, func(s *sentinel) {
		if s.k.stopped.Load() {
			return
		}
		s.k.adjust()
		s.k.arm()
	})
}

var liveMetric = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

func (k *keeper) adjust() {
	sample := []metrics.Sample{liveMetric[0]}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return // a runtime without the metric: keep the default
	}
	if p := Percent(sample[0].Value.Uint64(), k.floor); p != k.percent {
		debug.SetGCPercent(p)
		k.percent = p
	}
	if k.onAdjust != nil {
		k.onAdjust(k.percent)
	}
}
