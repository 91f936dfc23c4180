package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// severityRamp colours impact scales of other lengths than the stored one,
// mildest (green) to worst (red).
var severityRamp = []string{"#2E7D32", "#689F38", "#9E9D24", "#F9A825", "#EF6C00", "#D84315", "#C62828"}

// biaSettingsForm is the compact editor of the BIA's impact criteria: plain
// text fields, one item a line, read back into bcp.Settings on Save.
type biaSettingsForm struct {
	stored      bcp.Settings
	categories  *widget.Entry
	horizons    *widget.Entry
	severities  *widget.Entry
	intolerable *widget.Select
	topPriority *widget.Select
	region      *widget.Entry
	problem     *widget.Label
	save        func(bcp.Settings) error
	dialog      *dialog.CustomDialog
}

func newBIASettingsForm(s bcp.Settings) *biaSettingsForm {
	f := &biaSettingsForm{stored: s, problem: fieldErrorLabel()}
	f.categories = multiLine(strings.Join(s.Categories, "\n"), 5)
	var hs []string
	for _, h := range s.Horizons {
		hs = append(hs, durationName(h))
	}
	f.horizons = widget.NewEntry()
	f.horizons.SetText(strings.Join(hs, ", "))
	var sevs []string
	for _, v := range s.Severities {
		line := v.Label
		if v.Description != "" {
			line += ": " + v.Description
		}
		sevs = append(sevs, line)
	}
	f.severities = multiLine(strings.Join(sevs, "\n"), 6)
	f.severities.Wrapping = fyne.TextWrapWord
	f.intolerable = widget.NewSelect(nil, nil)
	f.severities.OnChanged = func(string) { f.refreshIntolerable() }
	f.refreshIntolerable()
	if s.Intolerable >= 1 && s.Intolerable <= len(s.Severities) {
		f.intolerable.SetSelectedIndex(s.Intolerable - 1)
	}
	var ranks []string
	for i := 1; i <= max(9, s.TopPriority); i++ {
		ranks = append(ranks, strconv.Itoa(i))
	}
	f.topPriority = widget.NewSelect(ranks, nil)
	f.topPriority.SetSelected(strconv.Itoa(max(1, s.TopPriority)))
	f.region = widget.NewEntry()
	f.region.SetText(s.PrimaryRegion)
	f.region.SetPlaceHolder(i18n.T("bia.settings.region.hint"))
	return f
}

func multiLine(text string, rows int) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetText(text)
	e.SetMinRowsVisible(rows)
	return e
}

// severityLines are the non-empty lines of the severities field.
func (f *biaSettingsForm) severityLines() []string {
	var out []string
	for _, l := range strings.Split(f.severities.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// refreshIntolerable offers the severities as typed, keeping the choice by
// position.
func (f *biaSettingsForm) refreshIntolerable() {
	at := f.intolerable.SelectedIndex()
	var labels []string
	for i, l := range f.severityLines() {
		label, _, _ := strings.Cut(l, ":")
		labels = append(labels, fmt.Sprintf("%d %s", i+1, strings.TrimSpace(label)))
	}
	f.intolerable.Options = labels
	if at >= len(labels) {
		at = len(labels) - 1
	}
	if at >= 0 {
		f.intolerable.SetSelectedIndex(at)
	}
	f.intolerable.Refresh()
}

// settings reads the fields; durations that cannot be read are an error.
// The rules of bcp.Settings.Validate are left to the store.
func (f *biaSettingsForm) settings() (bcp.Settings, error) {
	s := bcp.Settings{Intolerable: f.intolerable.SelectedIndex() + 1, PrimaryRegion: strings.TrimSpace(f.region.Text)}
	s.TopPriority, _ = strconv.Atoi(f.topPriority.Selected)
	for _, c := range strings.Split(f.categories.Text, "\n") {
		if c = strings.TrimSpace(c); c != "" {
			s.Categories = append(s.Categories, c)
		}
	}
	for _, h := range splitHorizons(f.horizons.Text) {
		if strings.TrimSpace(h) == "" {
			continue
		}
		d, err := bcp.ParseDuration(h)
		if err != nil {
			return s, risk.Errorf(risk.EINVALID, "%s", i18n.T("bia.settings.horizons.invalid", i18n.Args{"Reason": risk.ErrorMessage(err)}))
		}
		s.Horizons = append(s.Horizons, bcp.Duration(d))
	}
	lines := f.severityLines()
	for i, l := range lines {
		label, desc, _ := strings.Cut(l, ":")
		s.Severities = append(s.Severities, bcp.Severity{Label: strings.TrimSpace(label),
			Description: strings.TrimSpace(desc), Colour: severityColour(f.stored, i, len(lines))})
	}
	return s, nil
}

// severityColour keeps the stored colours while the scale keeps its length,
// and spreads the ramp over a scale of another length.
func severityColour(stored bcp.Settings, i, n int) string {
	if n == len(stored.Severities) {
		return stored.Severities[i].Colour
	}
	if n == 1 {
		return severityRamp[0]
	}
	return severityRamp[i*(len(severityRamp)-1)/(n-1)]
}

// submit reads and saves the criteria and closes the dialog; when they
// cannot be read or the store refuses them, the dialog stays open with the
// reason and nothing is stored.
func (f *biaSettingsForm) submit() {
	st, err := f.settings()
	if err == nil {
		err = f.save(st)
	}
	if err != nil {
		f.problem.SetText(message(err))
		f.problem.Show()
		return
	}
	f.dialog.Hide()
}

// showBIASettings opens the impact criteria in a dialog; save stores them.
func showBIASettings(a *App, s bcp.Settings, save func(bcp.Settings) error) *biaSettingsForm {
	win := a.win
	f := newBIASettingsForm(s)
	f.save = save
	hint := func(text string) *widget.Label {
		l := wrapLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("bia.settings.categories"), container.NewVBox(f.categories,
			hint(i18n.T("bia.settings.categories.hint")))),
		widget.NewFormItem(i18n.T("bia.settings.horizons"), container.NewVBox(f.horizons,
			hint(i18n.T("bia.settings.horizons.hint")))),
		widget.NewFormItem(i18n.T("bia.settings.scale"), container.NewVBox(f.severities,
			hint(i18n.T("bia.settings.scale.hint")))),
		widget.NewFormItem(i18n.T("bia.settings.intolerable"), f.intolerable),
		widget.NewFormItem(i18n.T("bia.settings.top"), container.NewVBox(f.topPriority,
			hint(i18n.T("bia.settings.top.hint")))),
		widget.NewFormItem(i18n.T("bia.settings.region"), container.NewVBox(f.region,
			hint(i18n.T("bia.settings.region.explain")))),
	)
	saveBtn := widget.NewButton(i18n.T("bia.settings.save"), f.submit)
	saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("bia.settings.cancel"), func() { f.dialog.Hide() })
	body := container.NewBorder(nil, container.NewVBox(f.problem, container.NewHBox(layout.NewSpacer(), cancel, saveBtn)), nil, nil,
		container.NewVScroll(form))
	f.dialog = dialog.NewCustomWithoutButtons(i18n.T("bia.settings.title"), body, win)
	f.dialog.Resize(fyne.NewSize(min(760, win.Canvas().Size().Width-40), min(680, win.Canvas().Size().Height-40)))
	a.present(win, f.dialog, nil, f.horizons)
	return f
}

// splitHorizons cuts the time horizons at their commas, but not at a
// decimal comma between two digits ("1,5 h, 4 h" in French is two).
func splitHorizons(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ',' {
			continue
		}
		if i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
			continue
		}
		out = append(out, s[start:i])
		start = i + 1
	}
	return append(out, s[start:])
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
