package sqlite

import (
	"context"
	"testing"
)

// TestTrendMemo: the memo reads back as kept, for its version only, and
// only while the change-log row it counts is there; a row that is not in
// the change log keeps nothing; a new memo replaces the old; keeping one
// records no change.
func TestTrendMemo(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	read := func(version int) (string, int64, bool) {
		t.Helper()
		s, err := db.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		data, through, ok, err := s.TrendMemo(ctx, version)
		if err != nil {
			t.Fatal(err)
		}
		return string(data), through, ok
	}
	head := func() int64 {
		t.Helper()
		s, err := db.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		h, err := s.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if _, _, ok := read(1); ok {
		t.Fatal("a new workspace has a memo")
	}
	h := head()
	if h == 0 {
		t.Fatal("a new workspace has no change log")
	}
	if err := db.KeepTrendMemo(ctx, 1, h+5, []byte("future")); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := read(1); ok {
		t.Error("a memo of a row not in the change log was kept")
	}
	for _, data := range []string{`{"a":1}`, `{"a":2}`} {
		if err := db.KeepTrendMemo(ctx, 1, h, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, through, ok := read(1); !ok || got != data || through != h {
			t.Errorf("got %q through %d (%v), want %q through %d", got, through, ok, data, h)
		}
	}
	if _, _, ok := read(2); ok {
		t.Error("a memo of version 1 read as version 2")
	}
	if head() != h {
		t.Error("keeping a memo recorded a change")
	}
}
