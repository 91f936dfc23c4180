package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// importCSV is a register as people keep them: a title and a date above
// the header on row 3, Low/Medium/High levels, a written date column and a
// column Riskbook has no field for.
const importCSV = `Acme risk register,,,,,,,,,
Exported 2026-01-15,,,,,,,,,
Risk ID,Threat,Likelihood,Impact,Risk Rating,Owner,Status,Target Date,Site,Mitigation
R-01,Phishing attack,High,High,High,IT,Open,2026-07-03,HQ,Security awareness training
R-02,Ransomware,Medium,High,High,IT,In Progress,03/07/2026,DC1,Offline backups
R-03,Power cut,Low,Medium,Low,Facilities,Open,May 2027,,Generator
`

func writeImportFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// openImport opens the wizard on a file, as choosing it in the file dialog
// does.
func openImport(t *testing.T, a *App, path string) *importWizard {
	t.Helper()
	w := newImportWizard(a.ws, a)
	w.show()
	t.Cleanup(w.close)
	w.openFile(path)
	if w.step != stepSheet {
		t.Fatalf("after reading %s: step %d, message %q", path, w.step, w.message.Text)
	}
	return w
}

func TestImportWizard(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	path := writeImportFile(t, "register.csv", importCSV)
	w := openImport(t, a, path)

	// Step 2: the header is found on row 3 below the titles.
	if w.m.HeaderRow != 3 || w.sheet.header.Text != "3" || w.sheet.sheet.Selected != "register.csv" {
		t.Fatalf("header row %d (entry %q), sheet %q; want 3 on register.csv", w.m.HeaderRow, w.sheet.header.Text, w.sheet.sheet.Selected)
	}
	if r, c := w.previewSize(); r != 6 || c != 10 {
		t.Errorf("preview %d×%d, want 6×10", r, c)
	}
	w.sheet.header.SetText("1")
	if w.m.HeaderRow != 1 || w.m.Column(importer.FieldTitle) >= 0 {
		t.Errorf("header row 1: got row %d, mapping %+v; want row 1 with nothing mapped", w.m.HeaderRow, w.m.Columns)
	}
	w.stepHeader(2)
	if w.m.HeaderRow != 3 || w.m.Column(importer.FieldTitle) != 1 {
		t.Fatalf("back to row 3: got row %d, mapping %+v", w.m.HeaderRow, w.m.Columns)
	}

	// Step 3: the proposed mapping, then a remapped column.
	w.goNext()
	want := []string{"Reference", "Title", "Likelihood (inherent)", "Consequence (inherent)", "Level (cross-check only)",
		"Owner", "Status", "Target / action due date", ignoreLabel(), "Planned action (mitigation)"}
	for j, sel := range w.columns.selects {
		if sel.Selected != want[j] {
			t.Errorf("column %d proposed as %q, want %q", j, sel.Selected, want[j])
		}
	}
	w.columns.selects[8].SetSelected("Title") // Site: the title moves here, Threat goes to the notes
	if w.m.Columns[1].Field != "" || w.columns.selects[1].Selected != ignoreLabel() || !strings.Contains(w.columns.note.Text, "Threat") {
		t.Errorf("mapping Site to title left Threat as %q (select %q), note %q", w.m.Columns[1].Field, w.columns.selects[1].Selected, w.columns.note.Text)
	}
	w.columns.selects[1].SetSelected("Title")
	w.columns.selects[9].SetSelected("Description") // Mitigation is a description here
	if w.m.Columns[8].Field != "" || w.m.Columns[1].Field != importer.FieldTitle || w.m.Columns[9].Field != importer.FieldDescription {
		t.Fatalf("after remapping: %+v", w.m.Columns)
	}

	// Step 4: proposed values, one changed.
	w.goNext()
	lik := w.values.selects[importer.FieldInherentLikelihood]
	if lik["high"].Selected != "4 — Likely" || lik["low"].Selected != "2 — Unlikely" {
		t.Errorf("likelihood proposed high→%q low→%q, want 4 — Likely and 2 — Unlikely", lik["high"].Selected, lik["low"].Selected)
	}
	if got, want := w.values.selects[importer.FieldStatus]["in progress"].Selected, fixedName("status", risk.Treating); got != want {
		t.Errorf("status In Progress proposed as %q, want %q", got, want)
	}
	lik["low"].SetSelected("1 — Rare")

	// Step 5: the review.
	w.goNext()
	if w.review.tally.Create != 3 || w.review.tally.Update != 0 || len(w.review.tally.BlockingRows) != 0 || w.next.Disabled() {
		t.Fatalf("review: create %d, update %d, blocking %d, import disabled %v (%q); items %+v",
			w.review.tally.Create, w.review.tally.Update, len(w.review.tally.BlockingRows), w.next.Disabled(), w.message.Text, w.review.items)
	}
	if !strings.HasPrefix(w.review.counts.Text, "Create 3 risks · update 0 existing risks · skip 0 rows · 0 rows blocking") {
		t.Errorf("counts %q", w.review.counts.Text)
	}
	if !w.review.update.Hidden {
		t.Error("the update check shows though no row matches an existing risk")
	}

	// Step 6: the import.
	w.goNext()
	if !strings.Contains(a.status.label.Text, "Imported register.csv") {
		t.Errorf("status %q, want the import summary", a.status.label.Text)
	}
	got := map[string]risk.Risk{}
	rs, err := db.Risks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		got[r.Title] = r
	}
	phishing, cut := got["Phishing attack"], got["Power cut"]
	if phishing.Ref != "R-01" || phishing.Inherent != (risk.Score{Likelihood: 4, Consequence: 4}) || phishing.Owner != "IT" || phishing.Status != risk.Open {
		t.Errorf("R-01 stored as %+v", phishing)
	}
	for _, line := range []string{"Security awareness training", "Site: HQ", "Target Date: 2026-07-03"} {
		if !strings.Contains(phishing.Description, line) {
			t.Errorf("R-01 description %q lacks %q", phishing.Description, line)
		}
	}
	if cut.Inherent.Likelihood != 1 || got["Ransomware"].Status != risk.Treating {
		t.Errorf("Power cut likelihood %d (want 1, as remapped), Ransomware status %q", cut.Inherent.Likelihood, got["Ransomware"].Status)
	}

	// The same file again: its references now match, and it was imported
	// before, so Import waits for the update check.
	w2 := openImport(t, a, path)
	w2.goNext()
	w2.goNext()
	w2.goNext()
	if w2.review.tally.Update != 3 || !w2.imported || w2.review.update.Hidden || !w2.next.Disabled() {
		t.Fatalf("again: updates %d, imported %v, check hidden %v, import disabled %v", w2.review.tally.Update, w2.imported, w2.review.update.Hidden, w2.next.Disabled())
	}
	if w2.review.before.Hidden || !strings.Contains(w2.review.before.Text, "already imported") {
		t.Errorf("imported-before note %q (hidden %v)", w2.review.before.Text, w2.review.before.Hidden)
	}
	w2.review.update.SetChecked(true)
	if w2.next.Disabled() {
		t.Fatalf("import still disabled after the update check: %q %+v", w2.message.Text, w2.plan.Problems)
	}
	w2.goNext()
	rs2, _ := db.Risks(context.Background())
	if len(rs2) != len(rs) {
		t.Errorf("importing again with updates: %d risks, want %d (no duplicates)", len(rs2), len(rs))
	}
}

func TestImportWizardBlockingRow(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	text := strings.Replace(importCSV, "R-02,", "R-01,", 1)
	w := openImport(t, a, writeImportFile(t, "dup.csv", text))
	for range 3 {
		w.goNext()
	}
	if len(w.review.tally.BlockingRows) != 1 || !w.next.Disabled() {
		t.Fatalf("blocking %d, import disabled %v; want 1 and disabled", len(w.review.tally.BlockingRows), w.next.Disabled())
	}
	if !strings.Contains(w.message.Text, "row 5") || w.message.Hidden {
		t.Errorf("message %q, want it to name row 5", w.message.Text)
	}
	found := false
	for _, it := range w.review.items {
		found = found || it.row == 5 && it.blocking && strings.Contains(it.msg, "also on row 4")
	}
	if !found {
		t.Errorf("no blocking item for row 5 in %+v", w.review.items)
	}
	w.goNext()
	if rs, _ := db.Risks(context.Background()); len(rs) != 0 {
		t.Errorf("a blocked import stored %d risks", len(rs))
	}
}

func TestImportWizardMappingFile(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	w := openImport(t, a, writeImportFile(t, "register.csv", importCSV))
	w.goNext()
	w.columns.selects[8].SetSelected("Category")
	saved := filepath.Join(t.TempDir(), "map.json")
	w.saveMapping(saved)
	w.columns.selects[8].SetSelected(ignoreLabel())
	w.loadMapping(saved)
	if w.m.Columns[8].Field != importer.FieldCategory || w.columns.selects[8].Selected != "Category" {
		t.Errorf("after loading: Site maps to %q (select %q)", w.m.Columns[8].Field, w.columns.selects[8].Selected)
	}
	other := writeImportFile(t, "other.csv", "Name,Colour\nA,red\nB,blue\nC,green\n")
	w2 := openImport(t, a, other)
	w2.loadMapping(saved)
	if w2.message.Hidden || !strings.Contains(w2.message.Text, "layout has changed") {
		t.Errorf("loading a mapping for another layout: message %q", w2.message.Text)
	}
}

func TestImportWizardBadFile(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	w := newImportWizard(a.ws, a)
	w.show()
	defer w.close()
	w.openFile(writeImportFile(t, "notes.xlsx", "just some text"))
	if w.step != stepFile || w.message.Hidden || w.message.Text == "" || !w.next.Disabled() {
		t.Errorf("bad file: step %d, message %q, next disabled %v", w.step, w.message.Text, w.next.Disabled())
	}
}

// openShape opens a register of one shape from the importer's test data
// and goes to the review step.
func openShape(t *testing.T, a *App, name string) *importWizard {
	t.Helper()
	w := openImport(t, a, filepath.Join("..", "importer", "testdata", "shapes", name))
	for range 3 {
		w.goNext()
	}
	if w.step != stepReview || w.plan == nil {
		t.Fatalf("%s: step %d, plan %v, message %q", name, w.step, w.plan != nil, w.message.Text)
	}
	return w
}

// TestImportWizardQuestions checks that each question the import asks is a
// question in the wizard: Import waits for the answer, and the answer is
// the command line's (one engine decides).
func TestImportWizardQuestions(t *testing.T) {
	t.Run("Disagreements", func(t *testing.T) {
		db := newTestWorkspace(t, "blank")
		w := openShape(t, newTestApp(t, db), "disagree.csv")
		q := w.review.questions
		if !w.next.Disabled() || !strings.Contains(w.message.Text, `does not reproduce the sheet's own "Rating" and "Score" on 5 of 5 rows`) {
			t.Fatalf("import disabled %v, message %q", w.next.Disabled(), w.message.Text)
		}
		if !slices.Contains(q.box.Objects, fyne.CanvasObject(q.disagree)) || !strings.Contains(q.disagree.Text, "5 rows") {
			t.Fatalf("no disagreement question: %q", q.disagree.Text)
		}
		q.disagree.SetChecked(true)
		if w.next.Disabled() {
			t.Fatalf("import still disabled: %q", w.message.Text)
		}
		w.goNext()
		if rs, _ := db.Risks(context.Background()); len(rs) != 5 {
			t.Errorf("got %d risks, want 5", len(rs))
		}
	})
	t.Run("Quantitative", func(t *testing.T) {
		db := newTestWorkspace(t, "blank")
		w := openShape(t, newTestApp(t, db), "quantitative.csv")
		q := w.review.questions
		if !w.next.Disabled() || !strings.Contains(w.message.Text, "choose above whether to score them in the bands") ||
			!strings.Contains(q.bands.Text, "up to 20% → 1 Rare") {
			t.Fatalf("import disabled %v, message %q, bands %q", w.next.Disabled(), w.message.Text, q.bands.Text)
		}
		w.review.questions.quant.SetSelected(unscoredLabel())
		if w.m.Quantitative != importer.QuantitativeUnscored || w.review.tally.Unscored != 6 || !strings.Contains(w.review.counts.Text, "(6 UNSCORED)") {
			t.Fatalf("unscored: answer %q, tally %+v, counts %q", w.m.Quantitative, w.review.tally, w.review.counts.Text)
		}
		w.review.questions.quant.SetSelected(bandLabel())
		if w.next.Disabled() || w.plan.Risks[0].Risk.Inherent != (risk.Score{Likelihood: 2, Consequence: 4}) {
			t.Fatalf("banded: import disabled %v (%q), Q1 %v", w.next.Disabled(), w.message.Text, w.plan.Risks[0].Risk.Inherent)
		}
	})
	t.Run("Damage", func(t *testing.T) {
		db := newTestWorkspace(t, "blank")
		w := openShape(t, newTestApp(t, db), "ragged.csv")
		if !w.next.Disabled() || !strings.Contains(w.message.Text, "damaged in 2 places, the first at line 3") {
			t.Fatalf("import disabled %v, message %q", w.next.Disabled(), w.message.Text)
		}
		found := false
		for _, it := range w.review.items {
			found = found || it.row == 4 && it.blocking && strings.HasPrefix(it.msg, "Damaged — ")
		}
		if !found {
			t.Errorf("no damage item for row 4 in %+v", w.review.items)
		}
		w.review.questions.damage.SetChecked(true)
		if w.next.Disabled() {
			t.Fatalf("import still disabled: %q", w.message.Text)
		}
	})
	t.Run("Systems", func(t *testing.T) {
		db := newTestWorkspace(t, "blank")
		w := openShape(t, newTestApp(t, db), "systems.csv")
		q := w.review.questions
		if q.bia.Selected != activitiesLabel() || len(w.plan.Activities) != 3 || len(w.plan.Needs) != 3 {
			t.Fatalf("got %q, %d activities", q.bia.Selected, len(w.plan.Activities))
		}
		q.bia.SetSelected(systemsLabel())
		if w.m.BIA != importer.BIASystems || len(w.plan.Activities) != 0 || len(w.plan.Resources) != 3 {
			t.Fatalf("systems: bia %q, %d activities, %d systems", w.m.BIA, len(w.plan.Activities), len(w.plan.Resources))
		}
	})
}

// In a French window the value step offers the workspace's values as the
// editors show them — the default scale names and the statuses in French,
// never a stored code — and still proposes them from the sheet's English
// words; the mapping records the stored values.
func TestImportWizardValuesInFrench(t *testing.T) {
	inLanguage(t, i18n.French)
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	w := openImport(t, a, writeImportFile(t, "register.csv", importCSV))
	w.goNext()
	w.goNext()
	lik := w.values.selects[importer.FieldInherentLikelihood]
	if got := lik["high"].Selected; got != "4 — Probable" {
		t.Errorf("likelihood High proposed as %q, want 4 — Probable", got)
	}
	if got := w.values.selects[importer.FieldStatus]["in progress"].Selected; got != "en traitement" {
		t.Errorf("status In Progress proposed as %q, want en traitement", got)
	}
	for _, o := range w.values.selects[importer.FieldStatus]["open"].Options {
		if slices.Contains(names(risk.Statuses), o) && o != "ouvert" {
			t.Errorf("status list offers the stored code %q", o)
		}
	}
	if got := w.m.Values[importer.FieldStatus]["in progress"]; got != string(risk.Treating) {
		t.Errorf("the mapping records %q for In Progress, want %q", got, risk.Treating)
	}
	if got := w.m.Values[importer.FieldInherentLikelihood]["high"]; got != "4" {
		t.Errorf("the mapping records %q for High, want 4", got)
	}
}
