package app

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

func TestExportFormJob(t *testing.T) {
	dir := t.TempDir()
	at := func(n string) string { return filepath.Join(dir, n) }
	tests := []struct {
		name    string
		form    exportForm
		want    exportJob
		refused string
	}{
		{"Both", exportForm{pdf: true, xlsx: true, level: export.Full, folder: dir, name: "Register"},
			exportJob{req: export.Request{Level: export.Full, PDF: at("Register.pdf"), XLSX: at("Register.xlsx")}}, ""},
		{"SummaryPDF", exportForm{pdf: true, level: export.Summary, folder: dir, name: "Summary"},
			exportJob{req: export.Request{Level: export.Summary, PDF: at("Summary.pdf")}}, ""},
		{"Pack", exportForm{kind: kindPack, folder: dir, name: "Pack"},
			exportJob{req: export.Request{Level: export.Full, Pack: at("Pack.pdf")}}, ""},
		{"Tabletop", exportForm{kind: kindTabletop, subject: "PB-02", folder: dir, name: "Kit"},
			exportJob{req: export.Request{Level: export.Full, PDF: at("Kit.pdf"), Tabletop: "PB-02"}}, ""},
		{"Incident", exportForm{kind: kindIncident, subject: "ACV-01", folder: dir, name: "Record"},
			exportJob{req: export.Request{Level: export.Full, PDF: at("Record.pdf"), Incident: "ACV-01"}}, ""},
		{"Scoring", exportForm{kind: kindScoring, subject: "Ana Silva", folder: dir, name: "Ana"},
			exportJob{owner: "Ana Silva", scoring: at("Ana.xlsx")}, ""},
		{"NoFormat", exportForm{folder: dir, name: "x"}, exportJob{}, "Choose PDF, Excel or both"},
		{"NoName", exportForm{pdf: true, folder: dir, name: "  "}, exportJob{}, "file name"},
		{"FolderInName", exportForm{pdf: true, folder: dir, name: "a/b"}, exportJob{}, "without folders"},
		{"NoPlaybook", exportForm{kind: kindTabletop, folder: dir, name: "Kit"}, exportJob{}, "Choose the playbook"},
		{"NoIncident", exportForm{kind: kindIncident, folder: dir, name: "Record"}, exportJob{}, "Choose the incident"},
		{"NoOwner", exportForm{kind: kindScoring, subject: " ", folder: dir, name: "S"}, exportJob{}, "Choose the owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.form.job()
			if tt.refused != "" {
				if risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(risk.ErrorMessage(err), tt.refused) {
					t.Fatalf("got %v, want a refusal saying %q", err, tt.refused)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// exportApp is an app on a starter workspace with one incident recorded,
// whose exports and scoring workbooks are recorded.
func exportApp(t *testing.T) (*App, *[]export.Request, *[]string) {
	t.Helper()
	db := newTestWorkspace(t, "cctld")
	ctx := context.Background()
	pbs, err := db.Playbooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	declarer := bcp.Declarers(&pbs[0])[0]
	act := bcp.Activation{Playbook: pbs[0].Ref, Trigger: "Resolution fails from two monitoring points", DeclaredBy: declarer,
		DeclaredAt: time.Date(2026, time.November, 21, 14, 2, 0, 0, time.UTC)}
	if err := db.CreateActivation(ctx, &act); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, nil)
	var exports []export.Request
	var scorings []string
	a.setWorkspace(testWorkspace{Workspace: db, exports: &exports, scorings: &scorings})
	return a, &exports, &scorings
}

// TestExportDialogWritesEveryKind chooses each kind of document in the
// Export dialog, as a person would, and presses Export: the dialog asks the
// workspace for exactly what riskbook export would write.
func TestExportDialogWritesEveryKind(t *testing.T) {
	a, exports, scorings := exportApp(t)
	dir := filepath.Dir(a.ws.Path())
	today := time.Now().Format("2006-01-02")
	tests := []struct {
		kind    string
		subject string // the choice in the subject drop-down, when the kind has one
		want    export.Request
		scoring string
	}{
		{kind: "Risk register and continuity document (PDF, Excel)",
			want: export.Request{Level: export.Full, PDF: filepath.Join(dir, "w risk register "+today+".pdf"), XLSX: filepath.Join(dir, "w risk register "+today+".xlsx"), Lang: i18n.English}},
		{kind: "Network-down pack to print (PDF)",
			want: export.Request{Level: export.Full, Pack: filepath.Join(dir, "w network-down pack "+today+".pdf"), Lang: i18n.English}},
		{kind: "Tabletop exercise kit of a playbook (PDF)", subject: "PB-03 Registry database loss or corruption",
			want: export.Request{Level: export.Full, PDF: filepath.Join(dir, "w PB-03 tabletop kit "+today+".pdf"), Tabletop: "PB-03", Lang: i18n.English}},
		{kind: "Record of an incident (PDF)", subject: "ACV-01",
			want: export.Request{Level: export.Full, PDF: filepath.Join(dir, "w ACV-01 incident record "+today+".pdf"), Incident: "ACV-01", Lang: i18n.English}},
		{kind: "Scoring workbook for a risk owner (Excel)", subject: "Security officer",
			scoring: "Security officer → " + filepath.Join(dir, "w Security officer scoring workbook "+today+".xlsx")},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			*exports, *scorings = nil, nil
			choices, err := a.exportChoices(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			d := newExportDialog(a, choices)
			d.setKind(kindDocument, "")
			d.show()
			defer d.dlg.Hide()
			d.what.SetSelected(tt.kind)
			if tt.subject != "" {
				var sel = map[exportKind]func() []string{
					kindTabletop: func() []string { return d.playbook.Options },
					kindIncident: func() []string { return d.incident.Options },
					kindScoring:  func() []string { return d.owner.Options },
				}[d.form.kind]
				i := slices.IndexFunc(sel(), func(o string) bool { return strings.HasPrefix(o, tt.subject) })
				if i < 0 {
					t.Fatalf("the dialog offers %q, not %q", sel(), tt.subject)
				}
				map[exportKind]func(string){
					kindTabletop: d.playbook.SetSelected, kindIncident: d.incident.SetSelected, kindScoring: d.owner.SetSelected,
				}[d.form.kind](sel()[i])
			}
			if d.run.Disabled() {
				t.Fatalf("Export is disabled: %q", d.problem.Text)
			}
			test.Tap(d.run)
			if tt.scoring != "" {
				if len(*exports) != 0 || !slices.Equal(*scorings, []string{tt.scoring}) {
					t.Fatalf("got exports %+v and scorings %q, want the scoring workbook %q", *exports, *scorings, tt.scoring)
				}
			} else if len(*scorings) != 0 || len(*exports) != 1 || (*exports)[0] != tt.want {
				t.Fatalf("got exports %+v and scorings %q, want %+v", *exports, *scorings, tt.want)
			}
			if !strings.Contains(a.status.label.Text, "Wrote ") {
				t.Errorf("status: got %q", a.status.label.Text)
			}
		})
	}
}

// TestExportDialogLanguage: the document's language is chosen in the
// dialog, independently of the app's; the suggested file name follows it,
// the request carries it, and the dialog offers it first next time for
// the same workspace.
func TestExportDialogLanguage(t *testing.T) {
	a, exports, _ := exportApp(t)
	ctx := context.Background()
	choices, err := a.exportChoices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if choices.lang != i18n.English {
		t.Fatalf("an English workspace offers %q first", choices.lang)
	}
	d := newExportDialog(a, choices)
	d.setKind(kindDocument, "")
	d.lang.SetSelected(i18n.French.Name())
	if !strings.Contains(d.name.Text, "registre des risques") {
		t.Errorf("French file name %q", d.name.Text)
	}
	test.Tap(d.run)
	if len(*exports) != 1 || (*exports)[0].Lang != i18n.French || !strings.HasSuffix((*exports)[0].PDF, ".pdf") {
		t.Fatalf("exports %+v, want one in French", *exports)
	}
	again, err := a.exportChoices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.lang != i18n.French {
		t.Errorf("next time the dialog offers %q, want fr", again.lang)
	}
	if got := newExportDialog(a, again).lang.Selected; got != "Français" {
		t.Errorf("the language list shows %q", got)
	}
}

// TestExportDialogSaysWhatIsMissing: a kind with nothing to choose, or a
// form that cannot be written, disables Export and says why in the dialog.
func TestExportDialogSaysWhatIsMissing(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	choices, err := a.exportChoices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := newExportDialog(a, choices)
	d.setKind(kindIncident, "")
	if !d.run.Disabled() || !strings.Contains(d.problem.Text, "Choose the incident") || !d.incident.Disabled() {
		t.Errorf("no incident: Export disabled %v, problem %q, drop-down disabled %v", d.run.Disabled(), d.problem.Text, d.incident.Disabled())
	}
	d.setKind(kindDocument, "")
	d.pdf.SetChecked(false)
	d.xlsx.SetChecked(false)
	if !d.run.Disabled() || !strings.Contains(d.problem.Text, "Choose PDF, Excel or both") {
		t.Errorf("no format: Export disabled %v, problem %q", d.run.Disabled(), d.problem.Text)
	}
	d.xlsx.SetChecked(true)
	if d.run.Disabled() || d.problem.Visible() {
		t.Errorf("a form that can be written: Export disabled %v, problem %q", d.run.Disabled(), d.problem.Text)
	}
	// A name typed by the person is kept when the level changes.
	d.name.SetText("Board pack")
	d.level.SetSelected(exportLevels()[1].label)
	if d.name.Text != "Board pack" {
		t.Errorf("typed name replaced by %q", d.name.Text)
	}
}

func TestExportRunsInTheBackgroundAndReports(t *testing.T) {
	a, exports, _ := exportApp(t)
	pdf, xlsx := filepath.Join(t.TempDir(), "r.pdf"), filepath.Join(t.TempDir(), "r.xlsx")
	a.runExport(exportJob{req: export.Request{Level: export.Summary, PDF: pdf, XLSX: xlsx}})
	if len(*exports) != 1 || (*exports)[0] != (export.Request{Level: export.Summary, PDF: pdf, XLSX: xlsx}) {
		t.Fatalf("exports: got %+v, want one summary to %s and %s", *exports, pdf, xlsx)
	}
	if !strings.Contains(a.status.label.Text, "Wrote r.pdf and r.xlsx") {
		t.Errorf("status: got %q", a.status.label.Text)
	}
}

// findButton returns the button with the text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	dashWalk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// overlaySelected returns the choices of the drop-downs in the window's top
// overlay, the dialog open.
func overlaySelected(t *testing.T, a *App) []string {
	t.Helper()
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	var out []string
	dashWalk(top, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok {
			out = append(out, s.Selected)
		}
	})
	return out
}

// TestScreensOpenTheirExports: the Playbooks screen prints the pack and a
// playbook's kit, an incident its record and an exercise its playbook's
// kit, each through the Export dialog set on what it is about.
func TestScreensOpenTheirExports(t *testing.T) {
	a, _, _ := exportApp(t)
	s := playbooksOf(t, a)
	pbs, err := a.ws.Playbooks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.open(pbs[1].ID)
	kit := findButton(t, s.editor.view(), "Tabletop kit to exercise it…")
	test.Tap(kit)
	if got := overlaySelected(t, a); len(got) < 2 || got[0] != exportKinds()[kindTabletop].label || !strings.HasPrefix(got[1], pbs[1].Ref+" ") {
		t.Errorf("the playbook's kit opens the dialog on %q", got)
	}
	a.win.Canvas().Overlays().Top().Hide()
	a.win.Canvas().Overlays().Remove(a.win.Canvas().Overlays().Top())

	test.Tap(findButton(t, s.view(), "Print pack…"))
	if got := overlaySelected(t, a); len(got) < 1 || got[0] != exportKinds()[kindPack].label {
		t.Errorf("the pack button opens the dialog on %q", got)
	}
	a.win.Canvas().Overlays().Remove(a.win.Canvas().Overlays().Top())

	acts, err := a.ws.Activations(context.Background())
	if err != nil || len(acts) == 0 {
		t.Fatalf("activations: %v, %v", acts, err)
	}
	s.openActivation(acts[0].ID)
	test.Tap(findButton(t, s.activationView.view(), "Export record…"))
	if got := overlaySelected(t, a); len(got) < 2 || got[0] != exportKinds()[kindIncident].label || !strings.HasPrefix(got[1], acts[0].Ref+" ") {
		t.Errorf("the incident's record opens the dialog on %q", got)
	}
	a.win.Canvas().Overlays().Remove(a.win.Canvas().Overlays().Top())

	x := exercisesOf(t, a)
	x.newExercise()
	e := x.editor
	for _, ref := range e.draft.Playbooks { // a new exercise plays the playbook exercised longest ago
		e.played.unlink(ref)
	}
	if !e.kit.Disabled() {
		t.Error("an exercise of no playbook offers a kit")
	}
	e.played.link(pbs[2].Ref)
	if e.kit.Disabled() {
		t.Fatal("the kit stays disabled once a playbook is exercised")
	}
	test.Tap(e.kit)
	if got := overlaySelected(t, a); len(got) < 2 || got[0] != exportKinds()[kindTabletop].label || !strings.HasPrefix(got[1], pbs[2].Ref+" ") {
		t.Errorf("the exercise's kit opens the dialog on %q", got)
	}
}
