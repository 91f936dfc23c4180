package sqlite

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"riskbook/risk"
)

// TestReplayRebuildsTheRecords: replaying the whole change log of a
// workspace that was created, edited, renamed and pruned gives back every
// record as it is stored.
func TestReplayRebuildsTheRecords(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	clk := newClock(db)
	clk.advance(48 * time.Hour)
	r := mustRisk(t, db, "R-001")
	r.Ref, r.Title = "R-100", "Renamed"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	gone := mustRisk(t, db, "R-002")
	if err := db.DeleteRisk(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.5.1", Applicable: risk.Applicable, Justification: "Policies are the base of the ISMS.", Implementation: risk.Implemented}); err != nil {
		t.Fatal(err)
	}

	s, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Replay(ctx, 0, Replay{})
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if st.Unreadable != 0 {
		t.Errorf("Unreadable: got %d, want 0", st.Unreadable)
	}
	want, err := db.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := st.Records()
	for _, part := range []struct {
		name      string
		got, want any
	}{
		{"settings", got.Settings, want.Settings},
		{"criteria", got.Criteria, want.Criteria},
		{"catalogs", got.Catalogs, want.Catalogs},
		{"soa", got.SoA, want.SoA},
		{"bia settings", got.BIASettings, want.BIASettings},
		{"risks", got.Risks, want.Risks},
		{"activities", got.Activities, want.Activities},
		{"resources", got.Resources, want.Resources},
		{"playbooks", got.Playbooks, want.Playbooks},
		{"exercises", got.Exercises, want.Exercises},
		{"activations", got.Activations, want.Activations},
		{"contacts", got.Contacts, want.Contacts},
	} {
		g, _ := json.Marshal(part.got)
		w, _ := json.Marshal(part.want)
		if string(g) != string(w) {
			t.Errorf("%s replayed:\n got %.400s\nwant %.400s", part.name, g, w)
		}
	}
	if len(got.Risks) == 0 || got.Risks[len(got.Risks)-1].Ref != "R-100" {
		t.Errorf("the renamed risk is not last in reference order: %d risks", len(got.Risks))
	}
}

// TestReplayAtAMoment: Before sees the records as they stood before each
// row, and Risk every version of a risk, with its reference changes.
func TestReplayAtAMoment(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	clk := newClock(db)
	clk.t = time.Now().UTC().Add(10 * 24 * time.Hour) // the workspace was created now
	cut := clk.t.Add(20 * 24 * time.Hour)
	r := mustRisk(t, db, "R-001")
	first := r.Title
	clk.advance(40 * 24 * time.Hour)
	r.Title = "April title"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	clk.advance(40 * 24 * time.Hour)
	r.Ref = "R-900"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}

	s, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var atCut []risk.Risk
	var versions []string
	_, err = s.Replay(ctx, 0, Replay{
		Before: func(at time.Time, st *ReplayState) error {
			if atCut == nil && !at.Before(cut) {
				atCut = st.Records().Risks
			}
			return nil
		},
		Risk: func(seq int64, at time.Time, before, after *risk.Risk) {
			if after != nil && before != nil && before.Ref != after.Ref {
				versions = append(versions, before.Ref+"→"+after.Ref+" "+after.Title)
			}
		},
	})
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	var seen string
	for _, x := range atCut {
		if x.Ref == "R-001" {
			seen = x.Title
		}
	}
	if seen != first {
		t.Errorf("R-001 twenty days after the first change: got %q, want %q", seen, first)
	}
	if len(versions) != 1 || versions[0] != "R-001→R-900 April title" {
		t.Errorf("renames told: got %q, want [R-001→R-900 April title]", versions)
	}
}
