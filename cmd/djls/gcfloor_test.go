package main

import (
	"runtime"
	"testing"
	"time"
)

func TestGCPercentFor(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 400},           // before the first collection: the minimum heap is the floor
		{300 << 10, 400},   // a small session: 16 MB minimum, well above 2x live
		{4 * mb, 300},      // goal 4 + 12 = 16 MB
		{6 * mb, 166},      // goal ~16 MB
		{8 * mb, 100},      // half the floor: Go's default
		{200 * mb, 100},    // a large module: Go's default
		{7*mb + mb/2, 113}, // just under half
	} {
		if got := gcPercentFor(tc.live, 16*mb); got != tc.want {
			t.Errorf("gcPercentFor(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

func TestAfterEachGCRunsOnEveryCollection(t *testing.T) {
	calls := make(chan struct{}, 10)
	afterEachGC(func() { calls <- struct{}{} })
	for i := 0; i < 3; i++ {
		runtime.GC()
		select {
		case <-calls:
		case <-time.After(5 * time.Second):
			t.Fatalf("no call after collection %d", i+1)
		}
	}
}
