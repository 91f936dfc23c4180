package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"riskbook/export"
	"riskbook/i18n"
)

// profileField is one organisation or document setting.
type profileField struct {
	label, key, hint string
	options          []string // suggestions, for a select entry
}

// profileFields are the settings in the order the dialog asks for them,
// in the language in use.
func profileFields() []profileField {
	return []profileField{
		{label: i18n.T("shell.profile.user"), key: export.SettingUserName, hint: i18n.T("shell.profile.user.hint")},
		{label: i18n.T("shell.profile.org"), key: export.SettingOrganisation, hint: i18n.T("shell.setup.org.hint")},
		{label: i18n.T("shell.profile.tlds"), key: export.SettingTLDs, hint: i18n.T("shell.setup.tlds.hint")},
		{label: i18n.T("shell.profile.title"), key: export.SettingTitle, hint: i18n.T("shell.profile.title.hint")},
		{label: i18n.T("shell.profile.version"), key: export.SettingVersion, hint: i18n.T("shell.profile.version.hint")},
		{label: i18n.T("shell.profile.classification"), key: export.SettingClassification, hint: i18n.T("shell.profile.confidential"),
			options: []string{i18n.T("shell.profile.public"), i18n.T("shell.profile.internal"), i18n.T("shell.profile.confidential"), i18n.T("shell.profile.restricted")}},
		{label: i18n.T("shell.profile.owner"), key: export.SettingOwner, hint: i18n.T("shell.profile.owner.hint")},
		{label: i18n.T("shell.profile.approver"), key: export.SettingApprover, hint: i18n.T("shell.profile.approver.hint")},
	}
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
	fields := profileFields()
	entries := make([]*widget.Entry, len(fields))
	var items []*widget.FormItem
	for i, f := range fields {
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
	d := dialog.NewForm(i18n.T("shell.profile.dialog"), i18n.T("shell.save"), i18n.T("shell.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		for i, f := range fields {
			if err := a.ws.SetSetting(context.Background(), f.key, entries[i].Text); err != nil {
				a.showError(err)
				return
			}
		}
		a.changed(nil)
		a.notify(i18n.T("shell.profile.saved"))
	}, a.win)
	d.Resize(fyne.NewSize(640, 460))
	a.present(a.win, d, d.Submit, nil)
}
