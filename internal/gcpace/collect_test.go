package gcpace

import (
	"runtime"
	"testing"
)

func TestDue(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, goal, objects, step uint64
		want                      bool
	}{
		{1 * mb, 12 * mb, 4 * mb, 1 * mb, false},   // the next steps cannot reach the trigger (8.7 MB)
		{1 * mb, 12 * mb, 7 * mb, 1 * mb, true},    // the next one could
		{1 * mb, 12 * mb, 8 * mb, 30 << 10, false}, // near it, but collections are rare: the runtime's call
		{1 * mb, 12 * mb, 13 * mb, 1 * mb, true},   // past the goal (overdue)
		{8 * mb, 8 * mb, 12 * mb, 1 * mb, false},   // no room between live and goal
		{10 * mb, 20 * mb, 14 * mb, 1 * mb, false}, // scales with the live heap (trigger 17 MB)
		{10 * mb, 20 * mb, 15 * mb, 1 * mb, true},
		{10 * mb, 20 * mb, 16 * mb, mb / 2, true}, // one in 20 steps
		{10 * mb, 20 * mb, 16 * mb, mb / 4, false},
	} {
		if got := Due(c.live, c.goal, c.objects, c.step); got != c.want {
			t.Errorf("Due(live %d, goal %d, objects %d, step %d) = %v, want %v", c.live, c.goal, c.objects, c.step, got, c.want)
		}
	}
}

// TestCollectIfDue: steps that each allocate a good part of the runway
// end in a collection once the heap is most of the way to its goal (the
// collection count moves); a step that allocates nothing does not.
func TestCollectIfDue(t *testing.T) {
	var b Between
	runtime.GC()
	if b.CollectIfDue() {
		t.Fatalf("collected after the first step, whose size is unknown")
	}
	if b.CollectIfDue() {
		t.Fatalf("collected after a step that allocated nothing")
	}
	var keep [][]byte
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for step := 0; ; step++ {
		keep = append(keep, make([]byte, 1<<20)) // a step of 1 MB: collections are frequent
		if b.CollectIfDue() {
			break
		}
		if step > 1000 {
			t.Fatalf("no collection after 1 GB allocated")
		}
	}
	runtime.ReadMemStats(&after)
	if after.NumGC == before.NumGC {
		t.Fatalf("CollectIfDue reported a collection that did not happen")
	}
	runtime.KeepAlive(keep)
}
