package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// placement is where the risk editor opens. Beside the register, the two
// share the width in a split the person can drag, and the register keeps
// the columns that matter however narrow it gets; in a tab, each has the
// whole width and the tabs switch between them; in a window of its own,
// the editor can go on a second screen. The choice is a preference, kept
// from one session to the next.
type placement string

// The editor's placements.
const (
	placeBeside placement = "beside"
	placeTab    placement = "tab"
	placeWindow placement = "window"
)

// placements name the placements in the View menu.
var placements = []struct {
	place placement
	label func() string
}{
	{placeBeside, func() string { return i18n.T("risks.place.beside") }},
	{placeTab, func() string { return i18n.T("risks.place.tab") }},
	{placeWindow, func() string { return i18n.T("risks.place.window") }},
}

// Preference keys of the risk editor.
const (
	prefRiskEditor   = "risks.editor"        // its placement
	prefRiskSplit    = "risks.split"         // the register's share of the width, beside
	prefEditorWidth  = "risks.editor.width"  // its window's size
	prefEditorHeight = "risks.editor.height" //
)

// riskEditorPlacement is the placement the person chose, beside by
// default.
func (a *App) riskEditorPlacement() placement {
	p := placement(a.fyne.Preferences().StringWithFallback(prefRiskEditor, string(placeBeside)))
	for _, x := range placements {
		if x.place == p {
			return p
		}
	}
	return placeBeside
}

// setRiskEditorPlacement remembers the placement and moves the editor
// there, with the risk it holds.
func (a *App) setRiskEditorPlacement(p placement) {
	a.fyne.Preferences().SetString(prefRiskEditor, string(p))
	if a.risks != nil {
		a.risks.setPlacement(p)
	}
	a.win.SetMainMenu(a.mainMenu())
}

// setPlacement moves the editor to p.
func (s *risksScreen) setPlacement(p placement) {
	if p == s.place {
		return
	}
	s.rememberSplit()
	if s.window != nil {
		s.window.SetContent(container.NewStack()) // the editor moves out
		s.window.Hide()
	}
	s.place = p
	s.arrange()
	if r, ok := s.find(s.selected); ok {
		s.showEditor(r.Ref, r.Title)
	}
}

// arrange builds the screen for the placement, the editor closed.
func (s *risksScreen) arrange() {
	ed := s.editor.view()
	s.split, s.tabs = nil, nil
	switch s.place {
	case placeTab:
		s.tabs = newEditorTabs(s.register, ed)
		s.root.Objects = []fyne.CanvasObject{s.tabs.root}
	case placeWindow:
		s.root.Objects = []fyne.CanvasObject{s.register}
	default:
		s.split = container.NewHSplit(s.register, ed)
		s.split.Offset = s.app.fyne.Preferences().FloatWithFallback(prefRiskSplit, 0.6)
		ed.Hide()
		s.root.Objects = []fyne.CanvasObject{s.split}
	}
	s.root.Refresh()
}

// showEditor shows the editor, which holds the risk ref (title), where it
// is placed.
func (s *risksScreen) showEditor(ref, title string) {
	ed := s.editor.view()
	switch s.place {
	case placeTab:
		s.retitle(ref, title)
		s.tabs.editor.Show()
		s.tabs.pick(true)
	case placeWindow:
		w := s.editorWindowFor()
		s.retitle(ref, title)
		w.Show()
		w.RequestFocus()
	default:
		ed.Show()
		s.split.Refresh()
	}
}

// hideEditor closes the editor where it is placed.
func (s *risksScreen) hideEditor() {
	switch s.place {
	case placeTab:
		s.tabs.editor.Hide()
		s.tabs.pick(false)
	case placeWindow:
		if s.window != nil {
			s.rememberWindow()
			s.window.Hide()
			s.app.win.RequestFocus()
		}
	default:
		s.rememberSplit()
		s.editor.view().Hide()
		s.split.Refresh()
	}
}

// retitle names the editor's tab or window after the risk.
func (s *risksScreen) retitle(ref, title string) {
	switch {
	case s.place == placeTab && s.tabs != nil:
		s.tabs.editor.SetText(ref + " — " + title)
	case s.place == placeWindow && s.window != nil:
		s.window.SetTitle(ref + " — " + title + " — Riskbook")
	}
}

// editorWindowFor is the editor's own window, made on first use with the
// Risk menu, so that its shortcuts work there too, and the size it had
// last time; closing it closes the editor.
func (s *risksScreen) editorWindowFor() fyne.Window {
	if s.window != nil {
		return s.window
	}
	prefs := s.app.fyne.Preferences()
	w := s.app.fyne.NewWindow(i18n.T("risks.window.title"))
	w.SetContent(s.editor.view())
	s.editor.view().Show()
	w.SetMainMenu(fyne.NewMainMenu(s.app.riskMenu()))
	w.Resize(fyne.NewSize(float32(prefs.FloatWithFallback(prefEditorWidth, 640)), float32(prefs.FloatWithFallback(prefEditorHeight, 820))))
	w.SetCloseIntercept(s.closeEditor)
	s.window = w
	return w
}

// editorWindow is the window the editor is in, for the dialogs it raises.
func (s *risksScreen) editorWindow() fyne.Window {
	if s.place == placeWindow && s.window != nil && s.selected != 0 {
		return s.window
	}
	return s.app.win
}

// rememberSplit keeps the share of the width the person gave the register.
func (s *risksScreen) rememberSplit() {
	if s.split != nil && s.editor.view().Visible() {
		s.app.fyne.Preferences().SetFloat(prefRiskSplit, s.split.Offset)
	}
}

func (s *risksScreen) rememberWindow() {
	size := s.window.Canvas().Size()
	if size.Width > 0 && size.Height > 0 {
		s.app.fyne.Preferences().SetFloat(prefEditorWidth, float64(size.Width))
		s.app.fyne.Preferences().SetFloat(prefEditorHeight, float64(size.Height))
	}
}

// dispose closes the editor's window with the workspace.
func (s *risksScreen) dispose() {
	if s.window != nil {
		s.rememberWindow()
		s.window.Close()
		s.window = nil
	}
}

// editorTabs shows the register or the editor over the whole width, with
// a tab for each above them: the editor's tab, named after the risk, is
// there while a risk is open.
type editorTabs struct {
	register, editor *widget.Button
	regView, edView  fyne.CanvasObject
	root             fyne.CanvasObject
}

func newEditorTabs(register, editor fyne.CanvasObject) *editorTabs {
	t := &editorTabs{regView: register, edView: editor}
	t.register = widget.NewButtonWithIcon(i18n.T("risks.tab.register"), theme.ListIcon(), func() { t.pick(false) })
	t.editor = widget.NewButtonWithIcon("", theme.DocumentIcon(), func() { t.pick(true) })
	t.editor.Hide()
	t.editor.Alignment = widget.ButtonAlignLeading
	bar := container.NewBorder(nil, nil, t.register, nil, container.NewHBox(t.editor))
	t.root = container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil,
		container.NewStack(register, editor))
	t.pick(false)
	return t
}

// pick shows the editor (true) or the register, and marks its tab.
func (t *editorTabs) pick(editor bool) {
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	show(t.regView, !editor)
	show(t.edView, editor)
	t.register.Importance, t.editor.Importance = widget.LowImportance, widget.LowImportance
	if editor {
		t.editor.Importance = widget.HighImportance
	} else {
		t.register.Importance = widget.HighImportance
	}
	t.register.Refresh()
	t.editor.Refresh()
}

// showing reports whether the editor is the tab shown.
func (t *editorTabs) showing() bool { return t.edView.Visible() }
