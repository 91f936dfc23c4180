package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
	"riskbook/sqlite/pgtest"
)

// staleCase is one kind of record an editor edits: how the test reads it,
// changes it and saves it, and where its stamp is.
type staleCase[T any] struct {
	db     *DB
	kind   string
	read   func() T
	change func(x *T, text string)
	save   func(x *T) error
	stamp  func(x *T) *time.Time
}

// TestStaleEditRefused: two people read the same record; the first saves
// an edit, then the second saves theirs. The second edit is refused, with
// the record as the first left it and who changed it, and nothing changes:
// not the record, not the change log. Saving it again is refused again.
// Taking the other's stamp into the edit keeps it knowingly, and it is
// saved. An edit made within the same second as the change it would
// overwrite is refused too, and an edit equal to what is stored changes
// nothing and is not refused.
func TestStaleEditRefused(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, "blank")
	clk := newClock(db)
	f := addBIA(t, db)
	addExercisePlaybooks(t, db, f)
	pb := createPlaybook(t, db, fullPlaybook(f))
	acv := activate(t, db, &pb, "Nguyễn Văn Ánh")
	ex := createExercise(t, db, fullExercise(f))
	ct := createContact(t, db, fullContact(f))
	soa := risk.SoAEntry{Control: "A.5.1", Applicable: risk.Applicable, Justification: "Policies", Implementation: risk.ImplPlanned}
	if err := db.UpdateSoA(ctx, &soa); err != nil {
		t.Fatal(err)
	}
	soaEntry := func() risk.SoAEntry {
		es, err := db.SoA(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Control == "A.5.1" {
				return e
			}
		}
		t.Fatal("no SoA entry for A.5.1")
		return risk.SoAEntry{}
	}

	cases := []func(t *testing.T){
		staleCase[risk.Risk]{db, "risk", func() risk.Risk { return mustRisk(t, db, f.risk.Ref) },
			func(x *risk.Risk, s string) { x.Title = s }, func(x *risk.Risk) error { return db.UpdateRisk(ctx, x) },
			func(x *risk.Risk) *time.Time { return &x.Updated }}.run,
		staleCase[bcp.Activity]{db, "activity", func() bcp.Activity { return activityByRef(t, db, f.dns.Ref) },
			func(x *bcp.Activity, s string) { x.Name = s }, func(x *bcp.Activity) error { return db.UpdateActivity(ctx, x) },
			func(x *bcp.Activity) *time.Time { return &x.Updated }}.run,
		staleCase[bcp.Resource]{db, "resource", func() bcp.Resource { return resourceByRef(t, db, f.site.Ref) },
			func(x *bcp.Resource, s string) { x.Name = s }, func(x *bcp.Resource) error { return db.UpdateResource(ctx, x) },
			func(x *bcp.Resource) *time.Time { return &x.Updated }}.run,
		staleCase[bcp.Playbook]{db, "playbook", func() bcp.Playbook { return mustPlaybook(t, db, pb.ID) },
			func(x *bcp.Playbook, s string) { x.Title = s }, func(x *bcp.Playbook) error { return db.UpdatePlaybook(ctx, x) },
			func(x *bcp.Playbook) *time.Time { return &x.Updated }}.run,
		staleCase[bcp.Activation]{db, "activation", func() bcp.Activation { return mustActivation(t, db, acv.ID) },
			func(x *bcp.Activation, s string) { x.Trigger = s }, func(x *bcp.Activation) error { return db.UpdateActivation(ctx, x) },
			func(x *bcp.Activation) *time.Time { return &x.Updated }}.run,
		staleCase[bcp.Exercise]{db, "exercise", func() bcp.Exercise { return storedExercise(t, db, ex.ID) },
			func(x *bcp.Exercise, s string) { x.Title = s }, func(x *bcp.Exercise) error { return db.UpdateExercise(ctx, x) },
			func(x *bcp.Exercise) *time.Time { return &x.Updated }}.run,
		staleCase[bcp.Contact]{db, "contact", func() bcp.Contact { return storedContact(t, db, ct.ID) },
			func(x *bcp.Contact, s string) { x.Name = s }, func(x *bcp.Contact) error { return db.UpdateContact(ctx, x) },
			func(x *bcp.Contact) *time.Time { return &x.Updated }}.run,
		staleCase[risk.SoAEntry]{db, "soa", soaEntry,
			func(x *risk.SoAEntry, s string) { x.Justification = s }, func(x *risk.SoAEntry) error { return db.UpdateSoA(ctx, x) },
			func(x *risk.SoAEntry) *time.Time { return &x.Updated }}.run,
	}
	names := []string{"Risk", "Activity", "Resource", "Playbook", "Activation", "Exercise", "Contact", "SoA"}
	for i, run := range cases {
		clk.advance(time.Hour)
		t.Run(names[i], run)
	}
	assertVerifies(t, db)
}

func (c staleCase[T]) run(t *testing.T) {
	db := c.db
	mine, theirs := c.read(), c.read()
	c.change(&theirs, "Their title")
	if err := c.save(&theirs); err != nil {
		t.Fatalf("their edit: %v", err)
	}
	stored := c.read()
	before, rows := dumpJSON(t, db), len(changeRows(t, db))
	read := *c.stamp(&mine)

	c.change(&mine, "My title")
	for try := 1; try <= 2; try++ {
		err := c.save(&mine)
		var stale *risk.Stale
		if !errors.As(err, &stale) || risk.ErrorCode(err) != risk.ECONFLICT {
			t.Fatalf("try %d: got %v, want the edit refused as made on a stale read", try, err)
		}
		if stale.Kind != c.kind || stale.By == "" || !stale.At.Equal(*c.stamp(&stored)) {
			t.Errorf("try %d: refused as a stale %s by %q at %v, want %s by the workspace's user at %v", try, stale.Kind, stale.By, stale.At, c.kind, *c.stamp(&stored))
		}
		got, ok := stale.Theirs.(T)
		if !ok {
			t.Fatalf("try %d: theirs is a %T, want the stored record", try, stale.Theirs)
		}
		assertSameJSON(t, "theirs", got, stored)
		if !c.stamp(&mine).Equal(read) {
			t.Errorf("try %d: the refused edit's stamp became %v, want %v as read", try, *c.stamp(&mine), read)
		}
	}
	if !bytes.Equal(dumpJSON(t, db), before) || len(changeRows(t, db)) != rows {
		t.Fatal("a refused edit changed the workspace")
	}

	// Kept knowingly: the edit takes the stamp of the version it replaces.
	*c.stamp(&mine) = *c.stamp(&stored)
	if err := c.save(&mine); err != nil {
		t.Fatalf("my edit kept knowingly: %v", err)
	}
	now := c.read()
	assertSameJSON(t, "the record kept", now, mine)
	if !c.stamp(&now).After(*c.stamp(&stored)) {
		t.Errorf("stamped %v after %v", *c.stamp(&now), *c.stamp(&stored))
	}

	// An edit made on a stale read that comes to what is stored now
	// overwrites nothing: it is saved, as a change of nothing.
	late, other := c.read(), c.read()
	c.change(&other, "Agreed title")
	if err := c.save(&other); err != nil {
		t.Fatal(err)
	}
	rows = len(changeRows(t, db))
	c.change(&late, "Agreed title")
	if err := c.save(&late); err != nil {
		t.Fatalf("an edit equal to what is stored was refused: %v", err)
	}
	if got := len(changeRows(t, db)); got != rows {
		t.Errorf("an edit equal to what is stored logged %d rows", got-rows)
	}
}

// TestServerWatch: two Riskbooks on one server workspace. What one
// commits, the other hears of a moment later, by kind of record; a
// workspace does not hear of its own changes. A listening connection the
// server drops is made again, and the watcher told that anything may have
// changed meanwhile (a change made while it was lost is not notified);
// then changes are heard again. A file has nothing to watch; watching
// ends with its context.
func TestServerWatch(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	mine, url := newServerWorkspace(t)
	theirs := openRW(t, url)
	r := createRisk(t, theirs, validRisk())

	heard := make(chan []string, 10)
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	paused := make(chan error, 10)
	go func() {
		done <- mine.Watch(wctx, func(kinds []string) { heard <- kinds }, func(err error) { paused <- err })
	}()
	// The listener is in place once a change of theirs is heard.
	listen := func(what string) []string {
		t.Helper()
		select {
		case kinds := <-heard:
			return kinds
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: nothing heard in 20 s", what)
			return nil
		}
	}
	for try := 0; ; try++ {
		r.Title = fmt.Sprintf("Their edit %d", try)
		if err := theirs.UpdateRisk(ctx, &r); err != nil {
			t.Fatal(err)
		}
		select {
		case kinds := <-heard:
			if !slices.Equal(kinds, []string{"risk"}) {
				t.Fatalf("heard %q, want risk", kinds)
			}
		case <-time.After(time.Second):
			if try < 20 {
				continue
			}
			t.Fatal("their edits are never heard")
		}
		break
	}

	// My own change is not reported; theirs after it is.
	own := mustRisk(t, mine, r.Ref)
	own.Title = "My edit"
	if err := mine.UpdateRisk(ctx, &own); err != nil {
		t.Fatal(err)
	}
	createContact(t, theirs, bcp.Contact{Name: "Registry NOC", Kind: bcp.ContactOrganisation})
	if got := listen("their contact"); !slices.Equal(got, []string{"contact"}) {
		t.Errorf("heard %q after my risk edit and their new contact, want contact only", got)
	}

	// The server drops the listening connection and refuses new ones
	// (open connections stay): the watcher pauses; their change then is
	// never notified to it. Once connections are allowed again it listens
	// again and says anything may have changed (nil kinds).
	reachable := pgtest.Unreachable(t, url, changesChannel)
	select {
	case <-paused:
	case <-time.After(20 * time.Second):
		t.Fatal("the listening connection was dropped and the watcher was not paused")
	}
	r = mustRisk(t, theirs, r.Ref)
	r.Title = "Their edit while I was not listening"
	if err := theirs.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	select {
	case kinds := <-heard:
		t.Fatalf("heard %q while not listening", kinds)
	default:
	}
	reachable()
	if got := listen("listening again"); got != nil {
		t.Errorf("heard %q on listening again, want nil: anything may have changed", got)
	}
	createContact(t, theirs, bcp.Contact{Name: "Registry NOC backup", Kind: bcp.ContactOrganisation})
	if got := listen("their contact after listening again"); !slices.Equal(got, []string{"contact"}) {
		t.Errorf("heard %q after their new contact, listening again, want contact", got)
	}
	select {
	case err := <-paused:
		t.Errorf("paused again (%v), once only", err)
	default:
	}

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Watch ended with %v, want nil when its context ends", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Watch goes on after its context ended")
	}

	file, _ := newWorkspace(t, "blank") // serverTest: the file run
	if err := file.Watch(ctx, func([]string) { t.Error("a file reported a change") }, func(error) { t.Error("a file paused") }); err != nil {
		t.Errorf("Watch on a file: %v", err)
	}
}
