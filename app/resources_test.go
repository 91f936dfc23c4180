package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/risk"
	"riskbook/workspace"
)

// openResource shows the Resources screen with the editor on ref.
func openResource(t *testing.T, a *App, db *workspace.Workspace, ref string) *resourceEditor {
	t.Helper()
	a.showResource(storedResource(t, db, ref).ID)
	if a.resources == nil || a.resources.editor.draft.Ref != ref {
		t.Fatalf("editor does not show %s", ref)
	}
	return a.resources.editor
}

func TestResourcesGroupedByKind(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Resources")
	s := a.resources
	var headers []bcp.Kind
	last := -1
	for _, row := range s.rows {
		if row.header {
			headers = append(headers, row.kind)
			continue
		}
		k := slices.Index(bcp.Kinds, s.data.bia.Resources[row.index].Kind)
		if k < last || row.kind != s.data.bia.Resources[row.index].Kind {
			t.Fatalf("resource %s is out of its kind's group", s.data.bia.Resources[row.index].Ref)
		}
		last = k
	}
	if !slices.Equal(headers, bcp.Kinds) {
		t.Errorf("kind headers: got %v, want %v", headers, bcp.Kinds)
	}
	// A header is not selectable: the editor stays closed.
	s.list.Select(0)
	if s.editor.view().Visible() {
		t.Error("selecting a kind header opened the editor")
	}
}

func TestResourceEditorShowsFieldsOfItsKind(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	for _, tt := range []struct {
		ref        string
		shown, not []string
	}{
		{"RES-01", []string{"Contacts"}, []string{"Achievable RTO", "Region", "SLA"}},
		{"RES-06", []string{"Region"}, []string{"Contacts", "Achievable RTO"}},
		{"RES-11", []string{"Achievable RTO", "Achievable RPO", "Backup interval", "Stand-by", "Runs at"}, []string{"Contacts", "SLA"}},
		{"RES-18", []string{"SLA", "Contract RTO", "Contacts", "Capacity confirmed"}, []string{"Region", "Stand-by"}},
		{"RES-23", nil, []string{"Contacts", "Region", "SLA", "Achievable RTO"}},
	} {
		t.Run(tt.ref, func(t *testing.T) {
			e := openResource(t, a, db, tt.ref)
			visible := map[string]bool{}
			for _, r := range e.rows {
				l := r.row.label.(*fyne.Container).Objects[1].(*widget.Label)
				visible[l.Text] = r.row.label.Visible()
			}
			for _, f := range tt.shown {
				if !visible[f] {
					t.Errorf("%s hidden, want shown", f)
				}
			}
			for _, f := range tt.not {
				if visible[f] {
					t.Errorf("%s shown, want hidden", f)
				}
			}
		})
	}
}

func TestNewSupplierConfirmedToday(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Resources")
	s := a.resources
	today := risk.Date{Year: 2030, Month: 5, Day: 17}
	onDay(db, today) // the store judges dates against the same day as the screen
	s.today = func() risk.Date { return today }
	s.newResource(bcp.Supplier)
	e := s.editor
	if e.draft.Ref != "RES-26" || e.draft.Kind != bcp.Supplier {
		t.Fatalf("new resource: %s of kind %s, want RES-26, a supplier", e.draft.Ref, e.draft.Kind)
	}
	if msg := e.messages.label("capacity_confirmed"); !msg.Visible() || !strings.Contains(msg.Text, "never confirmed") {
		t.Errorf("capacity finding: visible %v, %q", msg.Visible(), msg.Text)
	}
	test.Tap(e.confirmedToday)
	if got := storedResource(t, db, "RES-26").CapacityConfirmed; got != today {
		t.Errorf("stored confirmation: got %s, want %s", got, today)
	}
	if e.messages.label("capacity_confirmed").Visible() {
		t.Error("capacity finding still shown after confirming today")
	}
	s.confirmDelete(e.draft.ID, "RES-26")
	for _, r := range storedBIA(t, db).Resources {
		if r.Ref == "RES-26" {
			t.Error("RES-26 still stored after delete")
		}
	}
}
