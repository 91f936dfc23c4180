package app

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// TestLoadsTakeTurns: the screens' loads run one at a time, in the order
// asked, and a load asked while others run waits for them instead of
// starting a second run.
func TestLoadsTakeTurns(t *testing.T) {
	var q loadQueue
	var runs []func()
	collect := func(f func()) { runs = append(runs, f) }
	var order []string
	q.run(collect, func() { order = append(order, "dashboard") })
	q.run(collect, func() { order = append(order, "trend") })
	if len(runs) != 1 {
		t.Fatalf("%d background runs started for two loads, want 1", len(runs))
	}
	q.run(collect, func() {
		order = append(order, "register")
		q.run(collect, func() { order = append(order, "asked during a load") })
	})
	runs[0]()
	if want := []string{"dashboard", "trend", "register", "asked during a load"}; !slices.Equal(order, want) {
		t.Fatalf("loads ran as %q, want %q", order, want)
	}
	q.run(collect, func() { order = append(order, "later") })
	if len(runs) != 2 {
		t.Fatalf("a load asked after the queue emptied started %d runs, want a new one", len(runs)-1)
	}
	runs[1]()
	if order[len(order)-1] != "later" {
		t.Fatalf("the later load did not run: %q", order)
	}

	// On goroutines, as the app runs them: never two at once.
	var active, most atomic.Int32
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []int
	for i := range 40 {
		wg.Add(1)
		q.run(func(f func()) { go f() }, func() {
			defer wg.Done()
			n := active.Add(1)
			if n > most.Load() {
				most.Store(n)
			}
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
			active.Add(-1)
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d loads ran at once, want 1", most.Load())
	}
	if !slices.IsSorted(got) || len(got) != 40 {
		t.Errorf("loads ran in the order %v, want the order asked", got)
	}
}
