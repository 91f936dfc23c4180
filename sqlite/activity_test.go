package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// fullActivity has every field set, with references in odd case, padded,
// duplicated and unsorted, and durations that are not whole minutes.
func fullActivity(f *biaFixture) bcp.Activity {
	return bcp.Activity{
		Ref:          " act-10 ",
		Name:         " Đăng ký tên miền — registrations ",
		Description:  unicodeText,
		Owner:        " Registry manager ",
		Priority:     2,
		PeakPeriods:  "Tết; end of the financial year",
		Upstream:     []string{strings.ToLower(f.dns.Ref), f.zone.Ref, " " + f.dns.Ref},
		Resources:    []string{f.signer.Ref, strings.ToLower(f.person.Ref)},
		Impacts:      []bcp.Impact{{Category: "Financial", Severities: []int{0, 2, 3, 5}}, {Category: "Reputation", Severities: []int{}}},
		MTPDOverride: bcp.Duration(36*time.Hour + 20*time.Second),
		MTPDReason:   "Registrars queue orders for a day and a half.",
		RTO:          bcp.Duration(90 * time.Minute),
		RPO:          bcp.Duration(10*time.Minute + 40*time.Second),
		MBCO:         "Renewals only, by email",
		Approved:     risk.Date{Year: 2026, Month: time.February, Day: 28},
	}
}

func TestActivityRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)
	created := clk.advance(time.Minute)

	a := fullActivity(f)
	if err := db.CreateActivity(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Ref != "act-10" || a.Name != "Đăng ký tên miền — registrations" || a.Owner != "Registry manager" {
		t.Errorf("got ID %d, ref %q, name %q, owner %q; want an ID and trimmed text", a.ID, a.Ref, a.Name, a.Owner)
	}
	if !a.Created.Equal(created) || !a.Updated.Equal(created) {
		t.Errorf("got created %v, updated %v; want both %v", a.Created, a.Updated, created)
	}
	if got, want := strings.Join(a.Upstream, " "), f.zone.Ref+" "+f.dns.Ref; got != want {
		t.Errorf("got upstream %q, want %q (stored references, sorted, once each)", got, want)
	}
	if got, want := strings.Join(a.Resources, " "), f.signer.Ref+" "+f.person.Ref; got != want {
		t.Errorf("got resources %q, want %q", got, want)
	}
	if a.MTPDOverride != dur(t, "36 h") || a.RPO != dur(t, "11 min") || a.Impacts[1].Severities != nil {
		t.Errorf("got MTPD %v, RPO %v, empty row %#v; want 1 day 12 h, 11 min, nil", a.MTPDOverride, a.RPO, a.Impacts[1].Severities)
	}
	got := activityByRef(t, db, "act-10")
	assertSameJSON(t, "read back", got, a)
	if got.ID != a.ID {
		t.Errorf("got ID %d, want %d", got.ID, a.ID)
	}
	assertLogMatchesState(t, db)

	updated := clk.advance(time.Hour)
	u := got
	u.Ref, u.Name, u.Description, u.Owner, u.Priority, u.PeakPeriods = "ACT-11", "Registrations", "Changed.", "Ana", 1, ""
	u.Upstream = []string{f.zone.Ref}
	u.Resources = nil
	u.Impacts = grid(3)
	u.MTPDOverride, u.MTPDReason, u.RTO, u.RPO, u.MBCO = 0, "", bcp.Hours(24), 0, ""
	u.Approved = risk.Date{}
	if err := db.UpdateActivity(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if !u.Created.Equal(created) || !u.Updated.Equal(updated) {
		t.Errorf("after update: got created %v, updated %v; want %v, %v", u.Created, u.Updated, created, updated)
	}
	got2 := activityByRef(t, db, "ACT-11")
	assertSameJSON(t, "after update", got2, u)
	assertLogMatchesState(t, db)

	// Unchanged, even with empty lists where nil was stored: nothing logged.
	n := len(changeRows(t, db))
	clk.advance(time.Hour)
	same := got2
	same.Resources, same.Upstream = []string{}, []string{f.zone.Ref}
	if err := db.UpdateActivity(ctx, &same); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n)
	if !same.Updated.Equal(updated) {
		t.Errorf("unchanged update: got updated %v, want %v", same.Updated, updated)
	}

	if err := db.DeleteActivity(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "activity ACT-11 delete")
	for _, table := range []string{"activity_upstream", "activity_resources"} {
		if n := count(t, db.read, "SELECT count(*) FROM "+table+" WHERE activity_id = ?", u.ID); n != 0 {
			t.Errorf("%s: got %d rows of the deleted activity, want 0", table, n)
		}
	}
	if err := db.DeleteActivity(ctx, u.ID); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("second delete: got %v, want not found", err)
	}
	if err := db.UpdateActivity(ctx, &u); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("update after delete: got %v, want not found", err)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
}

func TestDurationsStoredInMinutes(t *testing.T) {
	db, _ := newWorkspace(t, TemplateBlank)
	createActivity(t, db, bcp.Activity{Ref: "ACT-01", Name: "DNS", RTO: dur(t, "1 day 2 h 3 min"), RPO: dur(t, "1 week")})
	var rto, rpo int
	if err := db.read.QueryRow("SELECT rto, rpo FROM activities").Scan(&rto, &rpo); err != nil {
		t.Fatal(err)
	}
	if rto != 26*60+3 || rpo != 7*24*60 {
		t.Errorf("got rto %d, rpo %d; want %d, %d minutes", rto, rpo, 26*60+3, 7*24*60)
	}
	if got := fmt.Sprint(activityByRef(t, db, "ACT-01").RTO); got != "1 day 2 h 3 min" {
		t.Errorf("got RTO %s, want 1 day 2 h 3 min", got)
	}
}

// FuzzQuickImpacts: the fast reading of the impacts column must agree with
// encoding/json on everything it accepts, and accept what the store writes.
func FuzzQuickImpacts(f *testing.F) {
	for _, ims := range [][]bcp.Impact{nil, grid(2), {{Category: "Tài chính", Severities: []int{0, -1, 10, 123}}},
		{{Category: `say "hi"`, Severities: nil}}, {{Category: "a\u2028b", Severities: []int{}}}, {{Category: "", Severities: []int{1}}}} {
		s, err := canonicalJSON(ims)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(s)
	}
	f.Add(`[{"category":"x","severities":[01]}]`)
	f.Add(`[{"category":"x","severities":[+1]}]`)
	f.Add(`[{"category":"x\u0001","severities":null}]`)
	f.Add(`[{"category":"x","severities":[1,]}]`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, s string) {
		var want []bcp.Impact
		jerr := json.Unmarshal([]byte(s), &want)
		got, ok := quickImpacts(s)
		if ok && jerr != nil {
			t.Fatalf("quickImpacts accepts %q, which encoding/json refuses: %v", s, jerr)
		}
		if ok && mustJSON(t, got) != mustJSON(t, want) {
			t.Fatalf("%q: got %s, encoding/json reads %s", s, mustJSON(t, got), mustJSON(t, want))
		}
		if jerr == nil {
			// What the store writes is read the quick way (unless it has
			// escapes) and reads back the same either way.
			canon, err := canonicalJSON(want)
			if err != nil {
				t.Fatal(err)
			}
			back, err := decodeImpacts(canon)
			if err != nil || mustJSON(t, back) != canon {
				t.Fatalf("%s reads back as %s (%v)", canon, mustJSON(t, back), err)
			}
			if _, ok := quickImpacts(canon); !ok && !strings.Contains(canon, `\`) && canon != "[]" {
				t.Errorf("quickImpacts does not read the store's own %s", canon)
			}
		}
	})
}
