package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// serveHeapFloor is the heap size below which `djls serve` does not
// collect. Editing a small settings module keeps well under 1 MB live, so
// the collector ran at Go's 4 MB minimum: every ~50 keystrokes (~55 KB of
// garbage each on a 200-line module), and on a busy 2-vCPU machine the
// keystroke it landed on took milliseconds (stop-the-world waits for
// descheduled threads) — most of the edit → publish p99 (issue 14). With a
// 16 MB floor it runs every ~250 keystrokes: on a 200-line module the
// median p99 of 1,000 keystrokes went from 3.0 to 1.9 ms, of 300 from 4.0
// to 2.3 ms (load average 2-5), for 11.5 MB more peak RSS (22.6 -> 34.2
// MB; +5 MB at 5,000 lines, +0.5-2 MB with 50 documents open, whose live
// heap is past half the floor: they collect as Go does by default).
const serveHeapFloor = 16 << 20

// goMinimumHeap is the runtime's minimum heap goal at GOGC=100; it scales
// with GOGC.
const goMinimumHeap = 4 << 20

// keepHeapFloor adjusts GOGC after every collection so that the next one
// starts no earlier than at floor bytes of heap, and never later than Go's
// default would once the live heap is large. A GOGC from the environment
// is left as it is.
func keepHeapFloor(floor uint64) {
	if os.Getenv("GOGC") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	last := -1
	adjust := func() {
		metrics.Read(sample)
		if percent := gcPercentFor(sample[0].Value.Uint64(), floor); percent != last {
			debug.SetGCPercent(percent)
			last = percent
		}
	}
	adjust()
	afterEachGC(adjust)
	prefault(int(floor * 3 / 4))
}

// prefault touches n bytes of heap once and frees them: the pages stay
// with the process for the heap to grow into, so the first few hundred
// keystrokes do not each take a dozen page faults (without it, the p50 of
// 300 keystrokes on a 200-line module rose from ~0.45 to ~0.8 ms).
func prefault(n int) {
	b := make([]byte, n)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	runtime.KeepAlive(b)
	b = nil
	runtime.GC()
}

// gcPercentFor is the GOGC whose next heap goal is floor for a live heap of
// live bytes: at most the GOGC whose minimum heap is floor (the minimum
// scales with GOGC), at least Go's default 100.
func gcPercentFor(live, floor uint64) int {
	most := int(floor * 100 / goMinimumHeap)
	if live == 0 {
		return most
	}
	if live*2 >= floor {
		return 100
	}
	return min(most, int((floor-live)*100/live))
}

// afterEachGC calls f on the finalizer goroutine after every collection:
// a sentinel object's finalizer re-arms itself.
func afterEachGC(f func()) {
	type sentinel struct{ _ [16]byte } // not tiny-allocated: finalizers need an object of its own
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new(sentinel), func(*sentinel) {
			f()
			arm()
		})
	}
	arm()
}
