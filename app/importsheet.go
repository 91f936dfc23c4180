package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/importer"
)

// previewRows is how many rows of the sheet the preview shows at least.
const previewRows = 30

// sheetStep is step 2: which sheet, which row holds the column names, and
// a preview of the sheet with that row highlighted.
type sheetStep struct {
	sheet   *widget.Select
	header  *widget.Entry
	hint    *widget.Label
	preview *widget.Table
	rows    [][]importer.SourceCell // the previewed rows of the sheet
	width   int
	// problem is why no header row was found, shown until one is chosen.
	problem string
}

func (w *importWizard) buildSheet() fyne.CanvasObject {
	s := &w.sheet
	s.sheet = widget.NewSelect(nil, w.setSheet)
	s.header = widget.NewEntry()
	s.header.OnChanged = w.onHeaderText
	less := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { w.stepHeader(-1) })
	more := widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() { w.stepHeader(1) })
	s.hint = wrapLabel("")
	s.preview = widget.NewTable(w.previewSize, w.previewCell, w.updatePreviewCell)
	s.preview.ShowHeaderRow = true
	s.preview.ShowHeaderColumn = true
	headerRow := container.NewHBox(widget.NewLabel(i18n.T("wizard.sheet.header")),
		container.NewGridWrap(fyne.NewSize(70, s.header.MinSize().Height), s.header), less, more)
	top := container.NewBorder(nil, nil, widget.NewLabel(i18n.T("wizard.sheet.sheet")), headerRow, s.sheet)
	return container.NewBorder(container.NewVBox(top, s.hint), nil, nil, nil, s.preview)
}

// proposeSheet fills the sheet choice for a new file and selects the sheet
// that looks most like a register.
func (w *importWizard) proposeSheet() {
	var names []string
	for _, sh := range w.src.Sheets {
		names = append(names, sh.Name)
	}
	w.sheet.sheet.SetOptions(names)
	name := importer.ProposeSheet(w.src)
	selectQuietly(w.sheet.sheet, name)
	w.setSheet(name)
}

// setSheet proposes the mapping of another sheet, header row included.
func (w *importWizard) setSheet(name string) {
	m, err := importer.ProposeMapping(w.src, name, &w.crit)
	w.m, w.sheet.problem = m, ""
	if err != nil {
		w.m = w.blankMapping(name, 1)
		w.sheet.problem = i18n.T("wizard.sheet.problem", i18n.Args{"Problem": errSentence(err)})
	}
	w.showSheet()
}

// setHeaderRow proposes the columns again for header row n (1-based).
func (w *importWizard) setHeaderRow(n int) {
	sh := w.src.Sheet(w.m.Sheet)
	if sh == nil || n < 1 || n > len(sh.Rows) {
		return
	}
	// ProposeMapping finds the header itself: hand it the sheet from row n
	// on, and keep its proposal only if it takes row n as the header.
	part := &importer.Source{Name: w.src.Name, SHA256: w.src.SHA256,
		Sheets: []importer.Sheet{{Name: sh.Name, Rows: sh.Rows[n-1:]}}}
	if m, err := importer.ProposeMapping(part, sh.Name, &w.crit); err == nil && m.HeaderRow == 1 {
		m.HeaderRow = n
		w.m = m
	} else {
		w.m = w.blankMapping(sh.Name, n)
	}
	w.sheet.problem = ""
	w.say("")
	w.showSheet()
}

// blankMapping maps every column of header row n to nothing: a header
// Riskbook does not recognise is mapped by hand on the next step.
func (w *importWizard) blankMapping(sheet string, n int) importer.Mapping {
	m := importer.Mapping{Sheet: sheet, Values: map[string]map[string]string{}}
	sh := w.src.Sheet(sheet)
	if sh == nil || len(sh.Rows) == 0 {
		return m
	}
	n = min(max(n, 1), len(sh.Rows))
	m.HeaderRow = n
	for _, c := range sh.Rows[n-1] {
		m.Columns = append(m.Columns, importer.ColumnMap{Header: c.Text})
	}
	return m
}

func (w *importWizard) onHeaderText(text string) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	sh := w.src.Sheet(w.m.Sheet)
	if sh == nil {
		return
	}
	if err != nil || n < 1 || n > len(sh.Rows) {
		w.say(i18n.T("wizard.sheet.headerrange", i18n.Args{"Max": len(sh.Rows)}))
		return
	}
	if n != w.m.HeaderRow {
		w.setHeaderRow(n)
	}
}

func (w *importWizard) stepHeader(by int) {
	if w.src != nil {
		w.setHeaderRow(w.m.HeaderRow + by)
	}
}

// showSheet shows the current sheet and header row.
func (w *importWizard) showSheet() {
	s := &w.sheet
	sh := w.src.Sheet(w.m.Sheet)
	if sh == nil {
		return
	}
	s.header.OnChanged = nil
	s.header.SetText(strconv.Itoa(w.m.HeaderRow))
	s.header.OnChanged = w.onHeaderText
	n := min(len(sh.Rows), max(previewRows, w.m.HeaderRow+10))
	s.rows, s.width = sh.Rows[:n], sh.Width()
	data := 0
	for _, r := range sh.Rows[w.m.HeaderRow:] {
		if !blankSourceRow(r) {
			data++
		}
	}
	hint := i18n.N("wizard.sheet.hint", data, i18n.Args{"Row": w.m.HeaderRow})
	if n < len(sh.Rows) {
		hint = i18n.T("wizard.sheet.preview", i18n.Args{"Hint": hint, "N": n, "Total": len(sh.Rows)})
	}
	s.hint.SetText(hint)
	for j := 0; j < s.width; j++ {
		s.preview.SetColumnWidth(j, 150)
	}
	s.preview.Refresh()
	s.preview.ScrollToTop()
	if s.problem != "" {
		w.say(s.problem)
	}
}

func (w *importWizard) previewSize() (int, int) { return len(w.sheet.rows), w.sheet.width }

func (w *importWizard) previewCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(canvas.NewRectangle(theme.Color(theme.ColorNameSelection)), l)
}

// updatePreviewCell highlights the header row and greys the rows above it,
// which the import skips.
func (w *importWizard) updatePreviewCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	bg, l := box.Objects[0].(*canvas.Rectangle), box.Objects[1].(*widget.Label)
	text := ""
	if row := w.sheet.rows[id.Row]; id.Col < len(row) {
		text = row[id.Col].Text
	}
	l.Text = strings.ReplaceAll(text, "\n", " ")
	header := id.Row+1 == w.m.HeaderRow
	l.TextStyle.Bold = header
	l.Importance = widget.MediumImportance
	if id.Row+1 < w.m.HeaderRow {
		l.Importance = widget.LowImportance
	}
	bg.Hidden = !header
	bg.FillColor = theme.Color(theme.ColorNameSelection)
	bg.Refresh()
	l.Refresh()
}

func blankSourceRow(r []importer.SourceCell) bool {
	for _, c := range r {
		if strings.TrimSpace(c.Text) != "" {
			return false
		}
	}
	return true
}

// errSentence is an error's message as one sentence. It is not
// capitalised: import messages may start with a file name.
func errSentence(err error) string {
	msg := strings.TrimSpace(message(err))
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
