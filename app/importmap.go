package app

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// ignoreLabel is the choice that maps a column to nothing.
func ignoreLabel() string { return i18n.T("wizard.map.ignore") }

// fieldLabels are the import fields as the wizard names them.
func fieldLabels() map[string]string {
	return map[string]string{
		importer.FieldRef:                 i18n.T("wizard.field.ref"),
		importer.FieldTitle:               i18n.T("wizard.field.title"),
		importer.FieldDescription:         i18n.T("wizard.field.description"),
		importer.FieldCategory:            i18n.T("wizard.field.category"),
		importer.FieldCause:               i18n.T("wizard.field.cause"),
		importer.FieldVulnerability:       i18n.T("wizard.field.vulnerability"),
		importer.FieldConsequence:         i18n.T("wizard.field.consequence"),
		importer.FieldOwner:               i18n.T("wizard.field.owner"),
		importer.FieldInherentLikelihood:  i18n.T("wizard.field.il"),
		importer.FieldInherentConsequence: i18n.T("wizard.field.ic"),
		importer.FieldResidualLikelihood:  i18n.T("wizard.field.rl"),
		importer.FieldResidualConsequence: i18n.T("wizard.field.rc"),
		importer.FieldTreatment:           i18n.T("wizard.field.treatment"),
		importer.FieldControls:            i18n.T("wizard.field.controls"),
		importer.FieldActions:             i18n.T("wizard.field.actions"),
		importer.FieldActionDue:           i18n.T("wizard.field.actiondue"),
		importer.FieldStatus:              i18n.T("wizard.field.status"),
		importer.FieldReviewFrequency:     i18n.T("wizard.field.reviewfrequency"),
		importer.FieldNextReview:          i18n.T("wizard.field.nextreview"),
		importer.FieldLastReview:          i18n.T("wizard.field.lastreview"),
		importer.FieldIdentified:          i18n.T("wizard.field.identified"),
		importer.FieldResidualLevel:       i18n.T("wizard.field.residuallevel"),
		importer.FieldResidualScore:       i18n.T("wizard.field.residualscore"),
		importer.FieldAchievableRTO:       i18n.T("wizard.field.achievablerto"),
		importer.FieldAchievableRPO:       i18n.T("wizard.field.achievablerpo"),
		importer.FieldSource:              i18n.T("wizard.field.source"),
		importer.FieldLevel:               i18n.T("wizard.field.level"),
		importer.FieldScore:               i18n.T("wizard.field.score"),
		importer.FieldActivity:            i18n.T("wizard.field.activity"),
		importer.FieldRTO:                 i18n.T("wizard.field.rto"),
		importer.FieldRPO:                 i18n.T("wizard.field.rpo"),
		importer.FieldMTPD:                i18n.T("wizard.field.mtpd"),
		importer.FieldSystem:              i18n.T("wizard.field.system"),
	}
}

func fieldLabel(f string) string {
	if l, ok := fieldLabels()[f]; ok {
		return l
	}
	if f == "" {
		return ignoreLabel()
	}
	return f
}

func fieldOptions() []string {
	out := []string{ignoreLabel()}
	for _, f := range importer.Fields {
		out = append(out, fieldLabel(f))
	}
	return out
}

func fieldOfLabel(label string) string {
	for _, f := range importer.Fields {
		if fieldLabel(f) == label {
			return f
		}
	}
	return ""
}

// columnStep is step 3: one row per source column with its first values
// and the field it imports as.
type columnStep struct {
	rows    *fyne.Container
	selects []*widget.Select
	note    *widget.Label
}

func (w *importWizard) buildColumns() fyne.CanvasObject {
	c := &w.columns
	intro := wrapLabel(i18n.T("wizard.map.intro", i18n.Args{"Ignore": ignoreLabel()}))
	c.rows = container.NewVBox()
	c.note = wrapLabel("")
	c.note.Hide()
	load := widget.NewButtonWithIcon(i18n.T("wizard.map.load"), theme.FolderOpenIcon(), w.chooseMapping)
	save := widget.NewButtonWithIcon(i18n.T("wizard.map.save"), theme.DocumentSaveIcon(), w.saveMappingDialog)
	heading := container.NewGridWithColumns(3, boldLabel(i18n.T("wizard.map.column")), boldLabel(i18n.T("wizard.map.first")), boldLabel(i18n.T("wizard.map.importsas")))
	top := container.NewVBox(intro, container.NewHBox(load, save), c.note, heading)
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(c.rows))
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// showColumns builds one row per column of the mapping.
func (w *importWizard) showColumns() {
	c := &w.columns
	c.rows.Objects, c.selects = nil, nil
	options := fieldOptions()
	for j, col := range w.m.Columns {
		header := boldLabel(columnTitle(col.Header, j))
		header.Truncation = fyne.TextTruncateEllipsis
		samples := widget.NewLabel(strings.Join(w.samples(j, 3), " · "))
		samples.Truncation = fyne.TextTruncateEllipsis
		sel := widget.NewSelect(options, nil)
		selectQuietly(sel, fieldLabel(col.Field))
		sel.OnChanged = func(v string) { w.mapColumn(j, fieldOfLabel(v)) }
		c.selects = append(c.selects, sel)
		c.rows.Add(container.NewGridWithColumns(3, header, samples, sel))
	}
	c.rows.Refresh()
}

// columnTitle names a column by its header, or by its letter when blank.
func columnTitle(header string, j int) string {
	if h := strings.TrimSpace(header); h != "" {
		return h
	}
	letters := ""
	for j++; j > 0; j = (j - 1) / 26 {
		letters = string(rune('A'+(j-1)%26)) + letters
	}
	return i18n.T("wizard.map.columnletters", i18n.Args{"Letters": letters})
}

// dataRows are the sheet's rows below the header.
func (w *importWizard) dataRows() [][]importer.SourceCell {
	sh := w.src.Sheet(w.m.Sheet)
	if sh == nil || w.m.HeaderRow < 1 || w.m.HeaderRow > len(sh.Rows) {
		return nil
	}
	return sh.Rows[w.m.HeaderRow:]
}

// samples returns up to n distinct non-empty values of column j.
func (w *importWizard) samples(j, n int) []string {
	var out []string
	for _, v := range w.distinct(j) {
		if len(out) == n {
			break
		}
		out = append(out, strings.ReplaceAll(v.text, "\n", " "))
	}
	return out
}

// sourceValue is one distinct value of a column: its key in
// Mapping.Values (lower-cased, trimmed) and its text as first written.
type sourceValue struct{ key, text string }

func (w *importWizard) distinct(j int) []sourceValue {
	seen := map[string]bool{}
	var out []sourceValue
	for _, r := range w.dataRows() {
		if j >= len(r) {
			continue
		}
		text := strings.TrimSpace(r[j].Text)
		key := strings.ToLower(text)
		if key != "" && !seen[key] {
			seen[key] = true
			out = append(out, sourceValue{key, text})
		}
	}
	return out
}

// mapColumn maps column j to field f. A field takes one column: another
// column mapped to it goes back to the notes, and the note says so.
func (w *importWizard) mapColumn(j int, f string) {
	c := &w.columns
	old := w.m.Columns[j].Field
	msg := ""
	for k := range w.m.Columns {
		if k != j && f != "" && w.m.Columns[k].Field == f {
			w.m.Columns[k].Field = ""
			selectQuietly(c.selects[k], ignoreLabel())
			msg = i18n.T("wizard.map.moved", i18n.Args{"Column": columnTitle(w.m.Columns[k].Header, k), "Field": fieldLabel(f)})
		}
	}
	w.m.Columns[j].Field = f
	// A score column moved to another score keeps its value mapping or
	// bands; the evidence was about the proposal, which no longer holds.
	if vals := w.m.Values[old]; old != f && vals != nil {
		if isScoreField(old) && isScoreField(f) && w.m.Values[f] == nil {
			w.m.Values[f] = vals
		}
		delete(w.m.Values, old)
	}
	if b, ok := w.m.Bands[old]; ok && old != f {
		delete(w.m.Bands, old)
		if isScoreField(f) && w.m.Bands[f].Upper == nil {
			w.m.Bands[f] = b
		}
	}
	if old != f {
		w.m.Evidence = nil
	}
	w.note(msg)
}

func (w *importWizard) note(msg string) {
	w.columns.note.SetText(msg)
	w.columns.note.Hidden = msg == ""
	w.columns.note.Refresh()
}

// chooseMapping asks for a mapping saved earlier.
func (w *importWizard) chooseMapping() {
	w.app.chooseFile(filepath.Dir(w.path), []string{".json"}, w.loadMapping)
}

// loadMapping applies a saved mapping when it fits the file's layout.
func (w *importWizard) loadMapping(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		w.say(i18n.T("wizard.map.unreadable", i18n.Args{"File": filepath.Base(path), "Reason": err.Error()}))
		return
	}
	m, err := importer.LoadMapping(data)
	if err == nil && w.src.Sheet(m.Sheet) == nil && len(w.src.Sheets) == 1 {
		// A CSV's only sheet is named after the file: a mapping saved for
		// last month's file fits this one.
		m.Sheet = w.src.Sheets[0].Name
	}
	if err == nil {
		_, err = importer.Plan(w.src, m, &w.crit, nil, risk.Date{})
	}
	if err != nil {
		w.say(errSentence(err))
		return
	}
	if m.Values == nil {
		m.Values = map[string]map[string]string{}
	}
	w.m, w.sheet.problem = m, ""
	selectQuietly(w.sheet.sheet, m.Sheet)
	w.showSheet()
	w.showColumns()
	w.say("")
	w.note(i18n.T("wizard.map.loaded", i18n.Args{"File": filepath.Base(path)}))
}

// saveMappingDialog asks for a folder and name and writes the mapping as
// JSON, for the next import or riskbook import --map. Fyne's save dialog
// is not used: it empties the chosen file before Riskbook sees it.
func (w *importWizard) saveMappingDialog() {
	folder := filepath.Dir(w.path)
	stem := strings.TrimSuffix(filepath.Base(w.path), filepath.Ext(w.path))
	name := w.app.newDialogEntry()
	name.SetText(i18n.T("wizard.map.filename", i18n.Args{"Stem": stem}))
	where := widget.NewLabel(folder)
	where.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButtonWithIcon(i18n.T("wizard.map.choose"), theme.FolderOpenIcon(), func() {
		w.app.chooseFolder(folder, func(dir string) { folder = dir; where.SetText(dir) })
	})
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("wizard.map.name"), name),
		widget.NewFormItem(i18n.T("wizard.map.folder"), container.NewBorder(nil, nil, nil, choose, where)),
	}
	d := dialog.NewForm(i18n.T("wizard.map.savetitle"), i18n.T("wizard.map.saveok"), i18n.T("wizard.cancel"), items, func(ok bool) {
		if ok {
			w.confirmSaveMapping(mappingPath(folder, name.Text))
		}
	}, w.app.win)
	d.Resize(fyne.NewSize(620, 220))
	w.app.present(w.app.win, d, d.Submit, name)
}

func mappingPath(folder, name string) string {
	path := filepath.Join(folder, strings.TrimSpace(name))
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		path += ".json"
	}
	return path
}

func (w *importWizard) confirmSaveMapping(path string) {
	if _, err := os.Stat(path); err == nil {
		w.app.confirm(w.app.win, i18n.T("wizard.map.replace.title", i18n.Args{"File": filepath.Base(path)}), i18n.T("wizard.map.replace.message"),
			i18n.T("wizard.map.replace"), func() { w.saveMapping(path) })
		return
	}
	w.saveMapping(path)
}

// saveMapping writes the mapping atomically.
func (w *importWizard) saveMapping(path string) {
	err := export.WriteFile(path, func(out io.Writer) error {
		_, err := out.Write(w.m.JSON())
		return err
	})
	if err != nil {
		w.say(errSentence(err))
		return
	}
	w.note(i18n.T("wizard.map.saved", i18n.Args{"Path": path}))
}
