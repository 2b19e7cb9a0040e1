package gcpace

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
)

// triggerFraction is the earliest the runtime starts a collection: when
// the heap has grown 70% of the way from the live heap to the goal. A
// collection is run early when the next step, as big as the last two,
// could reach it: it is then ours, between steps, rather than one the
// runtime starts in the middle of a keystroke.
const triggerFraction = 0.7

// frequentSteps: a collection is run early only when collections come at
// least every this many steps (keystrokes). A forced collection blocks
// until the whole heap is swept (2-7 ms on a 2-core VM, one keystroke);
// when collections are hundreds of keystrokes apart, the runtime's own,
// concurrent one slows fewer keystrokes than that (BenchmarkE2EEdits on
// 200 lines: the typing of a character p99 0.8-1.2 ms against 1.5-2.4
// forced). When a keystroke allocates a good part of the runway (typing in
// a 5,000-line module: ~1.7 MB), nearly every keystroke would overlap a
// collection; run between them, the same typing's p99 fell from 6-7 ms to
// 3-6 ms.
const frequentSteps = 20

var heapMetrics = [...]string{"/gc/heap/live:bytes", "/gc/heap/goal:bytes", "/memory/classes/heap/objects:bytes", "/gc/heap/allocs:bytes"}

// Due reports whether a heap of objects bytes, whose last collection left
// live bytes and whose goal is goal bytes, should be collected now, after
// a step that allocated step bytes.
func Due(live, goal, objects, step uint64) bool {
	if goal <= live {
		return false
	}
	runway := goal - live
	return step*frequentSteps >= runway && float64(objects+2*step) >= float64(live)+triggerFraction*float64(runway)
}

// Between runs collections between steps (a language server's keystrokes)
// rather than during one, when collections are frequent. Its zero value is
// ready; it is safe for concurrent use.
type Between struct {
	allocs atomic.Uint64 // the heap's cumulative allocation at the last step's end
}

// CollectIfDue ends a step: it runs a garbage collection now, blocking the
// caller until it is done, when Due says so; it reports whether it did.
// Reading the heap's figures costs about a microsecond and stops nothing.
func (b *Between) CollectIfDue() bool {
	var samples [len(heapMetrics)]metrics.Sample
	for i, name := range heapMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples[:])
	for _, s := range samples {
		if s.Value.Kind() != metrics.KindUint64 {
			return false // a runtime without these metrics
		}
	}
	allocs := samples[3].Value.Uint64()
	last := b.allocs.Swap(allocs)
	if last == 0 {
		return false // the first step: its size is unknown
	}
	if !Due(samples[0].Value.Uint64(), samples[1].Value.Uint64(), samples[2].Value.Uint64(), allocs-last) {
		return false
	}
	runtime.GC()
	return true
}
