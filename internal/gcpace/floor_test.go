package gcpace

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, floor uint64
		want        int
	}{
		{0, 8 * mb, 100},          // no collection yet: nothing known
		{1 * mb, 8 * mb, 200},     // the runtime's minimum, scaled to the floor, binds
		{3 * mb, 8 * mb, 166},     // the goal, 3 × 2.66, is the floor
		{4 * mb, 8 * mb, 100},     // twice the live heap reaches the floor: default
		{20 * mb, 8 * mb, 100},    // a big session keeps the default
		{1 * mb, 4 * mb, 100},     // a floor at the runtime's own minimum
		{512 << 10, 16 * mb, 400}, // a higher floor
	} {
		if got := Percent(c.live, c.floor); got != c.want {
			t.Errorf("Percent(%d MB live, %d MB floor) = %d, want %d", c.live/mb, c.floor/mb, got, c.want)
		}
	}
}

// TestKeepAdjustsAfterEachCollection: with a small live heap, a collection
// raises GOGC to keep the floor; after stop, GOGC is the default again.
func TestKeepAdjustsAfterEachCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	adjusted := make(chan int, 16)
	k := &keeper{floor: 64 << 20, percent: 100, onAdjust: func(p int) {
		select {
		case adjusted <- p:
		default:
		}
	}}
	watch(k.adjust)
	defer k.stopped.Store(true)
	for range 2 {
		p := nextAdjustment(t, adjusted)
		if p <= 100 {
			t.Fatalf("GOGC after a collection with a small live heap = %d, want above 100", p)
		}
		if got := debug.SetGCPercent(p); got != p {
			t.Fatalf("the runtime's GOGC is %d, the keeper's %d", got, p)
		}
	}
}

// nextAdjustment collects until the keeper reports an adjustment. One
// collection may not be enough: a sentinel re-armed while a collection
// marks is allocated live and is found only by the next one (a server
// collects again soon; a test must ask).
func nextAdjustment(t *testing.T, adjusted <-chan int) int {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		runtime.GC()
		select {
		case p := <-adjusted:
			return p
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("no adjustment after collections for 10 s")
		}
	}
}

func TestKeepLeavesAUserGOGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	debug.SetGCPercent(150)
	stop := KeepFloor(64<<20, func(name string) string {
		if name == "GOGC" {
			return "150"
		}
		return ""
	})
	defer stop()
	runtime.GC()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("GOGC = %d with GOGC=150 in the environment, want 150", got)
	}
}
