package sqlite

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestLoggedTeam: the team a change log last records, from its team rows
// only: a later row wins, a removal takes the login out, the roles with
// the most rights first.
func TestLoggedTeam(t *testing.T) {
	row := func(key, action, after string) changeJSON {
		return changeJSON{Change: Change{Entity: EntityTeam, Key: key, Action: action}, After: rawOrNull(after)}
	}
	for _, c := range []struct {
		name string
		log  []changeJSON
		want string
	}{
		{"none", []changeJSON{{Change: Change{Entity: "risk", Key: "R-001", Action: ActionCreate}, After: json.RawMessage(`{"role":"admin"}`)}}, "[]"},
		{"given", []changeJSON{row("bo", ActionCreate, `{"role":"editor"}`), row("ana", ActionCreate, `{"role":"admin"}`)}, "[{ana admin []} {bo editor []}]"},
		{"changed", []changeJSON{row("bo", ActionCreate, `{"role":"editor"}`), row("bo", ActionUpdate, `{"role":"owner","owners":["Technical lead"]}`)}, "[{bo owner [Technical lead]}]"},
		{"taken", []changeJSON{row("dee", ActionCreate, `{"role":"auditor"}`), row("dee", ActionDelete, "")}, "[]"},
		{"given again", []changeJSON{row("dee", ActionCreate, `{"role":"auditor"}`), row("dee", ActionDelete, ""), row("dee", ActionCreate, `{"role":"editor"}`)}, "[{dee editor []}]"},
		{"by role then login", []changeJSON{row("cy", ActionCreate, `{"role":"auditor"}`), row("bo", ActionCreate, `{"role":"auditor"}`), row("zed", ActionCreate, `{"role":"editor"}`)}, "[{zed editor []} {bo auditor []} {cy auditor []}]"},
	} {
		d := &Dump{ChangeLog: c.log}
		got, err := d.LoggedTeam()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		s := "[]"
		if len(got) > 0 {
			s = fmt.Sprint(got)
		}
		if s != c.want {
			t.Errorf("%s: got %s, want %s", c.name, s, c.want)
		}
	}
	if _, err := (&Dump{ChangeLog: []changeJSON{row("bo", ActionCreate, `{"role":`)}}).LoggedTeam(); err == nil {
		t.Error("an unreadable team row was taken")
	}
}
