package app

import (
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
)

// The test of every screen in every language: a French or Spanish text is
// some 20–30% longer than the English one, and a label that no longer
// fits is cut off without a word. The test shows each screen in a
// 1024×700 window — the smallest the app is laid out for — in each
// language, and fails where it can tell that a text does not fit or was
// never translated: a label, button or check box given less width than
// its text needs (one that truncates on purpose is left alone), a text
// that runs past the window's right edge, two neighbours of a row or grid
// drawn over each other, a screen whose smallest width is more than the
// window's (a real window would grow past the screen), and a text that is
// a message identifier (a message no catalogue holds).

// renderSize is the smallest window the app is laid out for.
var renderSize = fyne.NewSize(1024, 700)

// placed is an object with its position in the window.
type placed struct {
	o   fyne.CanvasObject
	pos fyne.Position
	// scrolled is set inside a container that scrolls sideways, whose
	// content may be wider than the window.
	scrolled bool
	path     string
}

// walkShown calls f on every visible object under o, o included, with
// its absolute position; a widget's parts are reached through its
// renderer.
func walkShown(o fyne.CanvasObject, pos fyne.Position, scrolled bool, path string, f func(placed)) {
	if o == nil || !o.Visible() {
		return
	}
	pos = pos.Add(o.Position())
	path += "/" + typeName(o)
	f(placed{o: o, pos: pos, scrolled: scrolled, path: path})
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walkShown(c, pos, scrolled, path, f)
		}
	case *container.Scroll:
		sideways := w.Direction != container.ScrollVerticalOnly && w.Direction != container.ScrollNone
		walkShown(w.Content, pos, scrolled || sideways, path, f)
	case *widget.Label, *widget.Button, *widget.Check, *widget.Hyperlink, *widget.Entry, *widget.Select, *widget.RichText:
		// A text's widget is checked whole, not the pieces it draws.
	case *widget.Table:
		// A table scrolls sideways: its columns may reach past the window.
		for _, c := range test.WidgetRenderer(w).Objects() {
			walkShown(c, pos, true, path, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			walkShown(c, pos, scrolled, path, f)
		}
	}
}

func typeName(o any) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", o), "*")
}

// messageID matches a text that is a message identifier.
var messageID = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_]+)+$`)

// shownText is the text o shows a person, and whether it is one the
// checks read.
func shownText(o fyne.CanvasObject) (string, bool) {
	switch w := o.(type) {
	case *widget.Label:
		return w.Text, true
	case *widget.Button:
		return w.Text, true
	case *widget.Check:
		return w.Text, true
	case *widget.Hyperlink:
		return w.Text, true
	case *widget.Card:
		return w.Title + "\n" + w.Subtitle, true
	case *widget.Entry:
		return w.PlaceHolder, true
	case *widget.Select:
		return w.PlaceHolder, true
	case *canvas.Text:
		return w.Text, true
	}
	return "", false
}

// textWidth is the width a widget needs to show its one line of text
// whole — the text, its inset and any icon — or 0 for a widget that
// wraps or truncates its text on purpose.
func textWidth(o fyne.CanvasObject) float32 {
	measure := func(s string, style fyne.TextStyle, size fyne.ThemeSizeName) float32 {
		return fyne.MeasureText(s, theme.Size(size), style).Width
	}
	switch w := o.(type) {
	case *widget.Label:
		if w.Truncation != fyne.TextTruncateOff || w.Wrapping != fyne.TextWrapOff || strings.Contains(w.Text, "\n") {
			return 0
		}
		size := w.SizeName
		if size == "" {
			size = theme.SizeNameText
		}
		return measure(w.Text, w.TextStyle, size) + theme.InnerPadding()
	case *widget.Button:
		need := measure(w.Text, fyne.TextStyle{Bold: true}, theme.SizeNameText) + 2*theme.Padding()
		if w.Icon != nil {
			need += theme.IconInlineSize() + theme.Padding()
		}
		return need
	case *widget.Check:
		return measure(w.Text, fyne.TextStyle{}, theme.SizeNameText) + theme.IconInlineSize() + theme.InnerPadding()
	}
	return 0
}

// fitProblems lists what does not fit or was not translated on the canvas
// of win, each once.
func fitProblems(win fyne.Window, ids map[string]bool, seen map[string]bool) []string {
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	width, height := win.Canvas().Size().Width, win.Canvas().Size().Height
	// A real window never gets smaller than its content's smallest size:
	// wider or taller content makes the window grow past the screen it was
	// made for, its bottom (the status bar, a dialog's buttons) out of reach.
	need := win.Content().MinSize()
	if need.Width > width+1 {
		add(fmt.Sprintf("the window needs %.0f pixels across, more than its %.0f", need.Width, width))
	}
	if need.Height > height+1 {
		add(fmt.Sprintf("the window needs %.0f pixels down, more than its %.0f", need.Height, height))
	}
	check := func(p placed) {
		text, ok := shownText(p.o)
		if !ok {
			return
		}
		for _, line := range strings.Split(text, "\n") {
			if messageID.MatchString(line) && ids[strings.SplitN(line, ".", 2)[0]] {
				add(fmt.Sprintf("%q is a message identifier, not a text (%s)", line, p.path))
			}
		}
		size := p.o.Size()
		if size.Width <= 0 || strings.TrimSpace(text) == "" {
			return
		}
		if need := textWidth(p.o); size.Width+1 < need {
			add(fmt.Sprintf("%q needs %.0f pixels and has %.0f (%s)", text, need, size.Width, p.path))
		}
		if !p.scrolled && p.pos.X+size.Width > width+1 {
			add(fmt.Sprintf("%q runs past the window's right edge at %.0f (%s)", text, p.pos.X+size.Width, p.path))
		}
	}
	overlaps := func(p placed) {
		c, ok := p.o.(*fyne.Container)
		if !ok || c.Layout == nil {
			return
		}
		switch typeName(c.Layout) {
		case "layout.boxLayout", "layout.gridLayout", "layout.formLayout", "layout.gridWrapLayout":
		default:
			return // a stack or a custom layout may draw over on purpose
		}
		var shown []fyne.CanvasObject
		for _, o := range c.Objects {
			if o.Visible() && o.Size().Width > 0 && o.Size().Height > 0 {
				shown = append(shown, o)
			}
		}
		for i := range shown {
			for j := i + 1; j < len(shown); j++ {
				if overlap(shown[i], shown[j]) {
					a, _ := shownText(shown[i])
					b, _ := shownText(shown[j])
					add(fmt.Sprintf("%s %q and %s %q overlap (%s)", typeName(shown[i]), a, typeName(shown[j]), b, p.path))
				}
			}
		}
	}
	visit := func(p placed) { check(p); overlaps(p) }
	walkShown(win.Content(), fyne.Position{}, false, "", visit)
	for _, o := range win.Canvas().Overlays().List() {
		walkShown(o, fyne.Position{}, false, "", visit)
	}
	return out
}

// overlap reports whether two siblings' rectangles share more than a
// pixel each way.
func overlap(a, b fyne.CanvasObject) bool {
	ax, ay, bx, by := a.Position(), a.Size(), b.Position(), b.Size()
	dx := min(ax.X+ay.Width, bx.X+by.Width) - max(ax.X, bx.X)
	dy := min(ax.Y+ay.Height, bx.Y+by.Height) - max(ax.Y, bx.Y)
	return dx > 1 && dy > 1
}

// messageAreas are the first parts of every message identifier: the
// areas of the message files (AREA.LANG.json).
func messageAreas(t *testing.T) map[string]bool {
	t.Helper()
	files, err := fs.ReadDir(i18n.Files, i18n.Dir)
	if err != nil {
		t.Fatal(err)
	}
	areas := map[string]bool{"lang": true, "date": true, "number": true, "unit": true}
	for _, f := range files {
		area, _, _ := strings.Cut(f.Name(), ".")
		areas[area] = true
	}
	for _, l := range []string{"shell.menu.file", "risks.new", "dash.top", "ui.date.today", "compare.app.today", "export.dialog.done"} {
		if !i18n.Has(l) || !areas[strings.SplitN(l, ".", 2)[0]] {
			t.Fatalf("message %s is missing: the areas are wrong", l)
		}
	}
	return areas
}

// knownMisfits are the screens, by section name, whose misfits the test
// reports without failing, each with the reason; an entry goes as soon as
// its screen is fixed.
var knownMisfits = map[string]string{}

// TestEveryScreenInEveryLanguage shows every section, the editor of the
// first record of each list (risk, activity, resource, playbook, contact),
// the main dialogs (profile, backups, assessments, closing one, export,
// about) and the import wizard's steps in each language in a 1024×700 window, and the Compare window at
// the 1000×680 it opens with, and fails on a text that does not fit or is
// a message identifier.
func TestEveryScreenInEveryLanguage(t *testing.T) {
	ids := messageAreas(t)
	for _, l := range i18n.Langs() {
		t.Run(string(l), func(t *testing.T) {
			db := newTestWorkspace(t, "cctld")
			// A closed assessment, so that the dashboard's trends and the
			// Compare window have something to show.
			if _, err := db.CloseAssessment(context.Background(), "2025"); err != nil {
				t.Fatal(err)
			}
			a := newTestApp(t, db)
			speak(t, a, l)
			a.win.Resize(renderSize)
			seen := map[string]bool{}
			report := func(screen string, win fyne.Window) {
				t.Helper()
				for _, p := range fitProblems(win, ids, seen) {
					if why, ok := knownMisfits[screen]; ok {
						t.Logf("%s, %s (known: %s): %s", l, screen, why, p)
						continue
					}
					t.Errorf("%s, %s: %s", l, screen, p)
				}
			}
			for i, s := range a.sections {
				a.nav.Select(i)
				a.win.Content().Refresh()
				report(s.name, a.win)
				// The editor of the screen's first record, beside its list.
				if ref, ok := openFirst(s.scr); ok {
					a.win.Content().Refresh()
					report(s.name+" "+ref, a.win)
				}
			}
			a.selectSection("Risks")
			a.risks.openRisk(a.risks.rows[0].ID)
			report(a.risks.rows[0].Ref, a.win)
			for _, d := range []struct {
				name string
				open func()
			}{
				{"profile", a.profileDialog},
				{"backups", a.backupsDialog},
				{"assessments", a.assessmentsDialog},
				{"close assessment", a.closeAssessmentDialog},
				{"export", a.exportDialog},
				{"about", a.about},
			} {
				d.open()
				report(d.name, a.win)
				for a.dialogOpen() {
					a.dialogs.top().d.Hide()
				}
			}
			// The import wizard's five steps, on a register as people keep
			// them (its sheet, columns, values and review).
			w := openImport(t, a, writeImportFile(t, "register.csv", importCSV))
			for step := stepSheet; step <= stepReview; step++ {
				if step > stepSheet {
					w.goNext()
				}
				report(fmt.Sprintf("import step %d", step+1), a.win)
			}
			w.close()
			// The Compare window, at the smallest size it opens with.
			a.compareDialog()
			if a.comparing == nil || a.comparing.ch == nil {
				t.Fatalf("%s: the Compare window shows no comparison", l)
			}
			a.comparing.win.Resize(fyne.NewSize(1000, 680))
			report("compare", a.comparing.win)
			a.closeCompare()
		})
	}
}

// openFirst opens the first record of a screen that lists records beside
// their editor, and says which.
func openFirst(scr screen) (string, bool) {
	switch s := scr.(type) {
	case *activitiesScreen:
		return openFirstEntity(s.entityList, func(a *bcp.Activity) string { return a.Ref })
	case *playbooksScreen:
		return openFirstEntity(s.entityList, func(p *bcp.Playbook) string { return p.Ref })
	case *exercisesScreen:
		return openFirstEntity(s.entityList, func(e *bcp.Exercise) string { return e.Ref })
	case *contactsScreen:
		return openFirstEntity(s.entityList, func(c *bcp.Contact) string { return c.Ref })
	case *resourcesScreen:
		if len(s.data.bia.Resources) == 0 {
			return "", false
		}
		r := &s.data.bia.Resources[0]
		s.open(r.ID)
		return r.Ref, true
	}
	return "", false
}

func openFirstEntity[T any](l *entityList[T], ref func(*T) string) (string, bool) {
	items := l.items()
	if len(items) == 0 {
		return "", false
	}
	l.open(l.id(&items[0]))
	return ref(&items[0]), true
}

// TestFirstStartInEveryLanguage shows the first start's questions in each
// language in a 1024×700 window.
func TestFirstStartInEveryLanguage(t *testing.T) {
	ids := messageAreas(t)
	for _, l := range i18n.Langs() {
		t.Run(string(l), func(t *testing.T) {
			a := newTestApp(t, nil)
			speak(t, a, l)
			a.win.Resize(renderSize)
			a.setupDialog(t.TempDir()+"/w.riskbook", "cctld", true)
			for _, p := range fitProblems(a.win, ids, map[string]bool{}) {
				t.Errorf("%s, first start: %s", l, p)
			}
		})
	}
}
