package gcpace

import (
	"runtime"
	"testing"
)

func TestDue(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, goal, objects uint64
		want                bool
	}{
		{1 * mb, 8 * mb, 4 * mb, false},          // under 60% of the way
		{1 * mb, 8 * mb, 53 * mb / 10, true},     // past it
		{1 * mb, 8 * mb, 9 * mb, true},           // past the goal (a collection is overdue)
		{0, 4 * mb, 3 * mb, true},                // before the first collection
		{8 * mb, 8 * mb, 12 * mb, false},         // no room between live and goal: the runtime's call
		{10 * mb, 20 * mb, 159 * mb / 10, false}, // scales with the live heap
		{10 * mb, 20 * mb, 161 * mb / 10, true},
	} {
		if got := Due(c.live, c.goal, c.objects); got != c.want {
			t.Errorf("Due(live %d, goal %d, objects %d) = %v, want %v", c.live, c.goal, c.objects, got, c.want)
		}
	}
}

// TestCollectIfDue: a heap grown most of the way to its goal is collected
// (the collection count moves), an empty one is not.
func TestCollectIfDue(t *testing.T) {
	runtime.GC()
	if CollectIfDue() {
		t.Fatalf("collected a heap just collected")
	}
	var keep [][]byte
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for !CollectIfDue() {
		keep = append(keep, make([]byte, 64<<10))
		if len(keep) > 1<<14 {
			t.Fatalf("no collection after 1 GB allocated")
		}
	}
	runtime.ReadMemStats(&after)
	if after.NumGC == before.NumGC {
		t.Fatalf("CollectIfDue reported a collection that did not happen")
	}
	runtime.KeepAlive(keep)
}
