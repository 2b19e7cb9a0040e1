package gcpace

import (
	"runtime"
	"sync"
)

// The watcher reads the heap in use once per collection, from the
// finalizer of an object that is garbage from birth, for KeepFloor.
// runtime.ReadMemStats stops the world (~30 µs here): once per collection,
// not per keystroke. (runtime/metrics reads it without stopping anything,
// but its initialisation costs every djls process 0.3 ms before main, the
// CLI's included.)
var (
	watchOnce sync.Once
	watchers  struct {
		sync.Mutex
		fns []func(live uint64)
	}
)

// watch calls fn after every collection, on the finalizer goroutine, with
// the heap in use then: about the live heap the collection left.
func watch(fn func(live uint64)) {
	watchers.Lock()
	watchers.fns = append(watchers.fns, fn)
	watchers.Unlock()
	watchOnce.Do(armWatch)
}

// sentinel is garbage from birth: its finalizer runs after the next
// collection.
type sentinel struct{ _ *int }

func armWatch() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		watchers.Lock()
		fns := watchers.fns
		watchers.Unlock()
		for _, fn := range fns {
			fn(ms.HeapAlloc)
		}
		armWatch()
	})
}
