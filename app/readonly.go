package app

import (
	"context"
	"image/color"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// A workspace that cannot be written — on a write-protected stick, a
// read-only share, open for writing in another Riskbook — is shown
// read-only: every screen can be viewed, checked and exported, and what
// would change it is disabled, with one sentence at the top of the window
// saying why and a way to a copy that can be edited.

// editing is a screen with parts that change the workspace: its editors
// and the buttons that make new records. In a read-only workspace their
// inputs are disabled.
type editing interface {
	editAreas() []fyne.CanvasObject
}

// readOnly says why the current workspace cannot be changed, or "" when
// it can (or none is open).
func (a *App) readOnly() string {
	if a.ws == nil {
		return ""
	}
	return a.ws.ReadOnly()
}

// readOnlyBar is the strip at the top of the window that says a workspace
// is read-only; hidden otherwise.
func (a *App) readOnlyBar() fyne.CanvasObject {
	a.roText = widget.NewLabel("")
	a.roText.Wrapping = fyne.TextWrapWord
	a.roText.Importance = widget.WarningImportance
	a.roCopy = widget.NewButtonWithIcon(i18n.T("shell.readonly.edit_copy"), theme.DocumentSaveIcon(), a.editCopy)
	a.roBar = container.NewBorder(nil, widget.NewSeparator(), widget.NewIcon(theme.WarningIcon()), a.roCopy, a.roText)
	a.roBar.Hide()
	return a.roBar
}

// showReadOnly shows or hides the read-only strip for the current
// workspace and disables what would change it.
func (a *App) showReadOnly() {
	why := a.readOnly()
	a.useViewingTheme(why != "")
	if why == "" {
		a.roBar.Hide()
		return
	}
	if a.viewing {
		a.roText.SetText(viewingSentence(why))
		a.roCopy.Hide()
	} else {
		name := filepath.Base(a.ws.Path())
		if where, _ := a.ws.Connection(); where != "" {
			name = where
		}
		a.roText.SetText(readOnlySentence(name, why))
		a.roCopy.Show()
	}
	a.roBar.Show()
	a.freeze()
}

// readOnlySentence is the one sentence why: "registry.riskbook is
// read-only here because its disk is read-only: you can view, check and
// export it, but not change it."
func readOnlySentence(name, why string) string {
	return i18n.T("shell.readonly.why", i18n.Args{"Name": name, "Why": strings.TrimSuffix(why, ".")})
}

// editCopy saves a copy of the read-only workspace where the user
// chooses, and opens the copy for editing.
func (a *App) editCopy() {
	if a.ws == nil {
		return
	}
	base := strings.TrimSuffix(filepath.Base(a.ws.Path()), workspaceExt)
	a.saveDialog(i18n.T("shell.readonly.copy.title"), i18n.T("shell.readonly.copy.file_name", i18n.Args{"Name": base})+workspaceExt, func(path string) error {
		if err := a.ws.Backup(context.Background(), path); err != nil {
			return err
		}
		if err := a.openPath(path); err != nil {
			return err
		}
		a.notify(i18n.T("shell.readonly.copy.done", i18n.Args{"Path": path}))
		return nil
	})
}

// freeze disables the inputs of every edit area of the screens built, in
// a read-only workspace. Screens build their widgets as they show records,
// so the app freezes again after every load.
func (a *App) freeze() {
	if a.readOnly() == "" {
		return
	}
	for _, s := range a.sections {
		if e, ok := s.scr.(editing); ok {
			for _, area := range e.editAreas() {
				disableInputs(area)
			}
		}
	}
}

// disableInputs disables every input under o and hides the buttons that
// change something — a button that does nothing would only puzzle — but
// keeps those that only move about (close, back, open another record),
// which a person viewing still needs.
func disableInputs(o fyne.CanvasObject) {
	if o == nil {
		return
	}
	switch v := o.(type) {
	case *widget.Button:
		if !navigates(v) {
			v.Disable()
			v.Hide()
		}
		return
	case fyne.Disableable:
		v.Disable()
	}
	for _, child := range children(o) {
		disableInputs(child)
	}
}

// navigates tells a button that moves about from one that changes
// something, by its icon.
func navigates(b *widget.Button) bool {
	if b.Icon == nil {
		return false
	}
	switch b.Icon.Name() {
	case theme.CancelIcon().Name(), theme.NavigateBackIcon().Name(), theme.NavigateNextIcon().Name(),
		theme.ListIcon().Name(), theme.SearchIcon().Name():
		return true
	}
	return false
}

// children are the objects a container or a container-like widget holds.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch v := o.(type) {
	case *fyne.Container:
		return v.Objects
	case *container.Scroll:
		return []fyne.CanvasObject{v.Content}
	case *container.Split:
		return []fyne.CanvasObject{v.Leading, v.Trailing}
	case *container.AppTabs:
		var out []fyne.CanvasObject
		for _, it := range v.Items {
			out = append(out, it.Content)
		}
		return out
	case *widget.Card:
		return []fyne.CanvasObject{v.Content}
	case *widget.Form:
		var out []fyne.CanvasObject
		for _, it := range v.Items {
			out = append(out, it.Widget)
		}
		return out
	case *widget.Accordion:
		var out []fyne.CanvasObject
		for _, it := range v.Items {
			out = append(out, it.Detail)
		}
		return out
	}
	return nil
}

// The edit areas of the screens that change the workspace.

func (l *entityList[T]) editAreas() []fyne.CanvasObject { return l.edits }

func (s *risksScreen) editAreas() []fyne.CanvasObject {
	return []fyne.CanvasObject{s.newBtn, s.editor.view()}
}

func (s *resourcesScreen) editAreas() []fyne.CanvasObject {
	return []fyne.CanvasObject{s.add, s.editor.view()}
}

func (s *criteriaScreen) editAreas() []fyne.CanvasObject { return []fyne.CanvasObject{s.root} }

func (s *controlsScreen) editAreas() []fyne.CanvasObject { return []fyne.CanvasObject{s.detail.view()} }

// viewingTheme draws disabled text almost as strongly as other text: in a
// read-only workspace the disabled fields are there to be read.
type viewingTheme struct{ fyne.Theme }

func (t viewingTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if name == theme.ColorNameDisabled {
		r, g, b, _ := t.Theme.Color(theme.ColorNameForeground, v).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xc8}
	}
	return t.Theme.Color(name, v)
}

// useViewingTheme switches the viewing theme on for a read-only workspace
// and off again.
func (a *App) useViewingTheme(on bool) {
	s := a.fyne.Settings()
	current := s.Theme()
	vt, active := current.(viewingTheme)
	switch {
	case on && !active:
		s.SetTheme(viewingTheme{current})
	case !on && active:
		s.SetTheme(vt.Theme)
	}
}
