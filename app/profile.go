package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"riskbook/export"
)

// profileField is one organisation or document setting.
type profileField struct {
	label, key, hint string
	options          []string // suggestions, for a select entry
}

var profileFields = []profileField{
	{label: "Your name", key: export.SettingUserName, hint: "recorded with every change and printed as who exported a document"},
	{label: "Organisation", key: export.SettingOrganisation, hint: "e.g. Registry of .xx"},
	{label: "Top-level domains", key: export.SettingTLDs, hint: "e.g. .xx, .xn--…"},
	{label: "Document title", key: export.SettingTitle, hint: "Risk register and Statement of Applicability"},
	{label: "Document version", key: export.SettingVersion, hint: "e.g. 1.0"},
	{label: "Classification", key: export.SettingClassification, hint: "Confidential",
		options: []string{"Public", "Internal", "Confidential", "Restricted"}},
	{label: "Document owner", key: export.SettingOwner, hint: "who is accountable for the register"},
	{label: "Approved by", key: export.SettingApprover, hint: "e.g. Board of directors"},
}

// profileDialog edits the organisation profile that exports print on their
// cover page, headers and properties. Each changed value is one change in
// the change log.
func (a *App) profileDialog() {
	if a.ws == nil {
		return
	}
	settings, err := a.ws.Settings(context.Background())
	if err != nil {
		a.showError(err)
		return
	}
	entries := make([]*widget.Entry, len(profileFields))
	var items []*widget.FormItem
	for i, f := range profileFields {
		var obj fyne.CanvasObject
		if f.options != nil {
			s := widget.NewSelectEntry(f.options)
			entries[i], obj = &s.Entry, s
		} else {
			e := a.newDialogEntry()
			entries[i], obj = &e.Entry, e
		}
		entries[i].SetPlaceHolder(f.hint)
		entries[i].SetText(settings[f.key])
		items = append(items, widget.NewFormItem(f.label, obj))
	}
	d := dialog.NewForm("Organisation and document", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		for i, f := range profileFields {
			if err := a.ws.SetSetting(context.Background(), f.key, entries[i].Text); err != nil {
				a.showError(err)
				return
			}
		}
		a.changed(nil)
		a.notify("Saved the organisation and document details.")
	}, a.win)
	d.Resize(fyne.NewSize(640, 460))
	a.present(a.win, d, d.Submit, nil)
}
