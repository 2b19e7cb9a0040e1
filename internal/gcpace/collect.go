package gcpace

import (
	"runtime"
	"runtime/metrics"
)

// dueFraction is how far from the live heap to the goal the heap must have
// grown for CollectIfDue to collect: below the runtime's own trigger (at
// least 70% of the way), so that the collection is ours, at a time of our
// choosing, rather than one the runtime starts in the middle of a keystroke.
const dueFraction = 0.6

var heapMetrics = [...]string{"/gc/heap/live:bytes", "/gc/heap/goal:bytes", "/memory/classes/heap/objects:bytes"}

// Due reports whether a heap of objects bytes, whose last collection left
// live bytes and whose goal is goal bytes, is close enough to a collection
// to run it now.
func Due(live, goal, objects uint64) bool {
	if goal <= live {
		return false
	}
	return float64(objects) >= float64(live)+dueFraction*float64(goal-live)
}

// CollectIfDue runs a garbage collection now, blocking the caller until it
// is done, when the heap has grown most of the way to the next one; it
// reports whether it did. Reading the heap's figures costs about a
// microsecond and stops nothing.
func CollectIfDue() bool {
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
	if !Due(samples[0].Value.Uint64(), samples[1].Value.Uint64(), samples[2].Value.Uint64()) {
		return false
	}
	runtime.GC()
	return true
}
