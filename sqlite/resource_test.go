package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

func TestResourceRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)
	created := clk.advance(time.Minute)
	r := bcp.Resource{
		Name: " Anycast provider ", Kind: bcp.Supplier, Description: unicodeText, Alternates: "  ",
		Contacts: "NOC 24/7: +1 555 0100", Region: " EU ", AchievableRTO: bcp.Hours(1), AchievableRPO: bcp.Duration(20 * time.Second),
		BackupInterval: dur(t, "1 week"), Replication: "Zone transfer", Standby: bcp.HotStandby,
		Sites: []string{strings.ToLower(f.site.Ref), f.dr.Ref, f.site.Ref}, SLA: "99.99 %", ContractRTO: dur(t, "4h"),
		CapacityConfirmed: risk.Date{Year: 2025, Month: time.December, Day: 1},
	}
	if err := db.CreateResource(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if r.Ref != "RES-05" || r.Name != "Anycast provider" || r.Alternates != "" || r.Region != "EU" || r.AchievableRPO != 0 {
		t.Errorf("got ref %q, name %q, alternates %q, region %q, RPO %v; want RES-05, trimmed text, RPO rounded to none",
			r.Ref, r.Name, r.Alternates, r.Region, r.AchievableRPO)
	}
	if got, want := strings.Join(r.Sites, " "), f.site.Ref+" "+f.dr.Ref; got != want {
		t.Errorf("got sites %q, want %q", got, want)
	}
	if !r.Created.Equal(created) {
		t.Errorf("got created %v, want %v", r.Created, created)
	}
	got := resourceByRef(t, db, r.Ref)
	assertSameJSON(t, "read back", got, r)
	assertLogMatchesState(t, db)

	u := got
	u.Name, u.Kind, u.Sites, u.Standby, u.CapacityConfirmed = "Anycast", bcp.Equipment, nil, "", risk.Date{}
	clk.advance(time.Hour)
	if err := db.UpdateResource(ctx, &u); err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "after update", resourceByRef(t, db, r.Ref), u)
	n := len(changeRows(t, db))
	same := u
	same.Sites = []string{}
	if err := db.UpdateResource(ctx, &same); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n)
	if err := db.DeleteResource(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteResource(ctx, u.ID); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("second delete: got %v, want not found", err)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
}
