package app

import (
	"context"
	"errors"
	"log"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// Preference keys.
const (
	prefLastWorkspace = "workspace.last"
	prefRecent        = "workspace.recent"
	prefWidth         = "window.width"
	prefHeight        = "window.height"
	maxRecent         = 8
)

// screen is one section of the main window.
type screen interface {
	// view returns the screen's content; it is built once.
	view() fyne.CanvasObject
	// reload fetches the screen's data from the workspace and shows it.
	reload()
}

// section is a navigation entry.
type section struct {
	// name is the section's key in the code (selectSection), its title
	// the name a person reads.
	name  string
	title func() string
	icon  fyne.Resource
	make  func(ws Workspace) screen
	scr   screen
	stale bool
}

// App is the Riskbook main window and everything it shows.
type App struct {
	fyne       fyne.App
	win        fyne.Window
	workspaces Workspaces
	version    string

	ws       Workspace
	sections []*section
	current  int
	nav      *widget.List
	navWide  bool // the navigation shows names beside the icons
	body     *fyne.Container
	// opening is the bar that moves while a workspace opens; it is
	// stopped once the body shows anything else, or it would go on
	// redrawing the window (a core's worth of work) until the toolkit
	// drops it.
	opening *widget.ProgressBarInfinite
	status  *statusBar
	dialogs modals
	// dates is the one date format of the app: every list, label and date
	// field writes and reads days in it.
	dates dateFormat
	// lastChange is when this session last saved a change.
	lastChange time.Time
	// roBar says, above every screen, why a read-only workspace cannot
	// be changed.
	roBar  *fyne.Container
	roText *widget.Label
	// noClosingBackup keeps the automatic backup of the day as it is when
	// the workspace closes: a restore or a damaged file is replacing it.
	noClosingBackup bool

	// viewing marks the window of a closed assessment, opened from the
	// main window, which keeps viewers to close them when it quits.
	viewing bool
	// stopWatch ends following the changes others make to the workspace
	// open (watch.go); nil when nothing is followed.
	stopWatch func()
	// livePaused: the server cannot be reached, so others' changes are
	// not shown as they happen until it answers again.
	livePaused bool
	// waiting are the edits that wait for the person to choose between
	// their version and another person's, in the order they came.
	waiting []waitingEdit
	viewers []*App
	// comparing is the Compare window of the open workspace, if open.
	comparing *compareWindow
	// viewState is the status bar's line in an assessment's window.
	viewState func() string
	roCopy    *widget.Button

	// setup is the first start's questions, while they are asked.
	setup *setupForm

	risks      *risksScreen
	activities *activitiesScreen
	resources  *resourcesScreen

	// background runs slow work off the UI goroutine; results come back
	// through fyne.Do. Tests replace it to run work inline.
	background func(func())
	// loads are the screens' loads waiting for their turn (async).
	loads loadQueue
	// opened counts the workspaces set in this window, so that a workspace
	// opened in the background arrives only if no other was set meanwhile.
	opened int
}

// New builds the main window. Call Start to open a workspace and show it.
func New(a fyne.App, workspaces Workspaces, version string) *App {
	app := &App{fyne: a, workspaces: workspaces, version: version,
		background: func(f func()) { go f() }, navWide: true}
	app.useLanguage(chosenLanguage(a.Preferences()))
	app.win = a.NewWindow("Riskbook")
	app.win.SetIcon(a.Metadata().Icon)
	app.status = newStatusBar(app.workspaceState)
	app.body = container.NewStack()
	app.sections = []*section{
		{name: "Dashboard", title: func() string { return i18n.T("shell.section.dashboard") }, icon: theme.HomeIcon(), make: func(ws Workspace) screen { return newDashboard(ws, app) }},
		{name: "Risks", title: func() string { return i18n.T("shell.section.risks") }, icon: theme.ListIcon(), make: func(ws Workspace) screen {
			app.risks = newRisksScreen(ws, app)
			return app.risks
		}},
		{name: "Heat map", title: func() string { return i18n.T("shell.section.heatmap") }, icon: theme.GridIcon(), make: func(ws Workspace) screen { return newHeatMapScreen(ws, app) }},
		{name: "Controls & SoA", title: func() string { return i18n.T("shell.section.controls") }, icon: theme.DocumentIcon(), make: func(ws Workspace) screen { return newControlsScreen(ws, app) }},
		{name: "Activities", title: func() string { return i18n.T("shell.section.activities") }, icon: theme.HistoryIcon(), make: func(ws Workspace) screen {
			app.activities = newActivitiesScreen(ws, app)
			return app.activities
		}},
		{name: "Resources", title: func() string { return i18n.T("shell.section.resources") }, icon: theme.StorageIcon(), make: func(ws Workspace) screen {
			app.resources = newResourcesScreen(ws, app)
			return app.resources
		}},
		{name: "Readiness", title: func() string { return i18n.T("shell.section.readiness") }, icon: theme.ConfirmIcon(), make: func(ws Workspace) screen { return newReadinessScreen(ws, app) }},
		{name: "Playbooks", title: func() string { return i18n.T("shell.section.playbooks") }, icon: theme.FileTextIcon(), make: func(ws Workspace) screen { return newPlaybooksScreen(ws, app) }},
		{name: "Exercises", title: func() string { return i18n.T("shell.section.exercises") }, icon: theme.MediaPlayIcon(), make: func(ws Workspace) screen { return newExercisesScreen(ws, app) }},
		{name: "Contacts", title: func() string { return i18n.T("shell.section.contacts") }, icon: theme.AccountIcon(), make: func(ws Workspace) screen { return newContactsScreen(ws, app) }},
		{name: "Criteria", title: func() string { return i18n.T("shell.section.criteria") }, icon: theme.SettingsIcon(), make: func(ws Workspace) screen { return newCriteriaScreen(ws, app) }},
	}
	app.nav = widget.NewList(
		func() int { return len(app.sections) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(app.sections[id].icon)
			label := box.Objects[1].(*widget.Label)
			label.SetText(app.sections[id].title())
			label.Hidden = !app.navWide
		})
	app.nav.OnSelected = func(id widget.ListItemID) { app.show(id) }
	main := container.New(&navLayout{app: app}, app.nav, widget.NewSeparator(), app.body)
	app.win.SetContent(container.NewBorder(container.NewPadded(app.readOnlyBar()), container.NewPadded(app.status.label), nil, nil, main))
	app.win.SetMainMenu(app.mainMenu())
	app.win.SetCloseIntercept(app.quit)
	w := a.Preferences().FloatWithFallback(prefWidth, 1280)
	h := a.Preferences().FloatWithFallback(prefHeight, 800)
	app.win.Resize(fyne.NewSize(float32(max(w, 960)), float32(max(h, 640))))
	app.showEmpty()
	return app
}

// Window returns the main window.
func (a *App) Window() fyne.Window { return a.win }

// Start opens path, or the last workspace, or on the very first run a new
// workspace from the ccTLD starter kit in the documents folder. A workspace
// that cannot be opened is explained in a dialog offering Open, New and Quit.
func (a *App) Start(path string) {
	prefs := a.fyne.Preferences()
	if path == "" {
		path = prefs.String(prefLastWorkspace)
	}
	if path == "" {
		a.firstRun()
		return
	}
	a.openInBackground(path)
}

// openInBackground opens path off the UI goroutine: opening reads the
// whole file to make sure it is sound, a second or more for a register of
// 50,000 risks, and the window shows at once, saying what it is opening.
// A workspace set meanwhile (File → Open, New) wins; this one is closed.
func (a *App) openInBackground(path string) {
	path = a.shownPath(path)
	a.showOpening(path)
	seq := a.opened
	a.background(func() {
		ws, err := a.workspaces.Open(context.Background(), path)
		fyne.Do(func() {
			switch {
			case a.opened != seq:
				if err == nil {
					ws.Close()
				}
			case err != nil && a.workspaces.IsServer(path):
				// The server asks for a password, or refuses: ask again.
				log.Printf("open workspace: %v", err)
				a.cannotOpen(nil)
				a.connectDialog(path, message(err))
			case err != nil:
				a.cannotOpen(err)
			default:
				a.setWorkspace(ws)
			}
		})
	})
}

// showOpening shows, while a workspace opens, which one.
func (a *App) showOpening(path string) {
	a.win.SetTitle(workspaceName(path) + " — Riskbook")
	msg := widget.NewLabel(i18n.T("opening.workspace", i18n.Args{"Name": workspaceName(path)}))
	msg.Alignment = fyne.TextAlignCenter
	bar := widget.NewProgressBarInfinite()
	a.setBody(container.NewCenter(container.NewVBox(msg, bar)))
	a.opening = bar
}

// setBody shows o as the window's body, stopping the opening bar.
func (a *App) setBody(o fyne.CanvasObject) {
	if a.opening != nil {
		a.opening.Stop()
		a.opening = nil
	}
	a.body.Objects = []fyne.CanvasObject{o}
	a.body.Refresh()
}

// openPath opens a workspace file and makes it the current one.
func (a *App) openPath(path string) error {
	ws, err := a.workspaces.Open(context.Background(), a.shownPath(path))
	if err != nil {
		return err
	}
	a.setWorkspace(ws)
	return nil
}

// setWorkspace closes the current workspace, remembers the new one and
// builds every screen on it.
func (a *App) setWorkspace(ws Workspace) {
	a.closeWorkspace()
	a.opened++
	a.ws = ws
	if !a.viewing {
		prefs := a.fyne.Preferences()
		prefs.SetString(prefLastWorkspace, ws.Path())
		prefs.SetStringList(prefRecent, addRecent(prefs.StringList(prefRecent), ws.Path()))
	}
	title := strings.TrimSuffix(filepath.Base(ws.Path()), workspaceExt)
	if where, _ := ws.Connection(); where != "" {
		title = where
	}
	a.win.SetTitle(title + " — Riskbook")
	a.waiting = nil
	for _, s := range a.sections {
		s.scr = s.make(ws)
		s.stale = true
	}
	a.win.SetMainMenu(a.mainMenu())
	a.lastChange = time.Time{}
	a.status.idle()
	a.nav.Select(a.current)
	a.show(a.current)
	a.showReadOnly()
	a.keepSafe()
	a.watch(ws)
}

func addRecent(list []string, path string) []string {
	out := []string{path}
	for _, p := range list {
		if p != path && len(out) < maxRecent {
			out = append(out, p)
		}
	}
	return out
}

func (a *App) closeWorkspace() {
	if a.ws == nil {
		return
	}
	a.unwatch()
	a.flush()
	a.closeCompare()
	a.backUpOnClosing()
	if err := a.ws.Close(); err != nil {
		log.Printf("close workspace: %v", err)
	}
	if a.risks != nil {
		a.risks.dispose()
	}
	a.ws, a.risks, a.activities, a.resources = nil, nil, nil, nil
	a.waiting = nil
	for _, s := range a.sections {
		s.scr = nil
	}
}

// flush saves the edits every screen still holds, before the workspace is
// closed or copied.
func (a *App) flush() {
	for _, s := range a.sections {
		if f, ok := s.scr.(interface{ flush() }); ok {
			f.flush()
		}
	}
}

// show switches to section i, reloading it if the workspace changed since
// it was last shown.
func (a *App) show(i int) {
	if i < 0 || i >= len(a.sections) {
		return
	}
	a.current = i
	a.status.left(i)
	s := a.sections[i]
	if s.scr == nil {
		return
	}
	a.setBody(s.scr.view())
	if s.stale {
		s.stale = false
		s.scr.reload()
	}
	a.freeze()
}

// changed tells the app the workspace's content changed: every other screen
// reloads when next shown, the visible one at once.
func (a *App) changed(from screen) {
	a.lastChange = time.Now()
	if a.status.owner == -1 {
		a.status.idle()
	}
	for i, s := range a.sections {
		if s.scr == nil || s.scr == from {
			continue
		}
		if i == a.current {
			s.scr.reload()
		} else {
			s.stale = true
		}
	}
}

// showRisk opens the Risks section with the editor on the risk.
func (a *App) showRisk(id int64) {
	a.selectSection("Risks")
	if a.risks != nil {
		a.risks.openRisk(id)
	}
}

// showRisks opens the Risks section with a filter applied.
func (a *App) showRisks(f risk.Filter) {
	a.selectSection("Risks")
	if a.risks != nil {
		a.risks.setFilter(f)
	}
}

// showActivity opens the Activities section with the editor on the
// activity.
func (a *App) showActivity(id int64) {
	a.selectSection("Activities")
	if a.activities != nil {
		a.activities.open(id)
	}
}

// showResource opens the Resources section with the editor on the resource.
func (a *App) showResource(id int64) {
	a.selectSection("Resources")
	if a.resources != nil {
		a.resources.open(id)
	}
}

// openRef opens the activity or resource of b, or the risk of risks, whose
// reference is ref, and reports whether there is one; b and risks may be
// nil.
func (a *App) openRef(ref string, b *bcp.BIA, risks []risk.Risk) bool {
	if b != nil {
		if x := b.Activity(ref); x != nil {
			a.showActivity(x.ID)
			return true
		}
		if x := b.Resource(ref); x != nil {
			a.showResource(x.ID)
			return true
		}
	}
	for _, r := range risks {
		if strings.EqualFold(r.Ref, ref) {
			a.showRisk(r.ID)
			return true
		}
	}
	return false
}

func (a *App) selectSection(name string) {
	for i, s := range a.sections {
		if s.name == name {
			a.nav.Select(i)
			a.show(i)
		}
	}
}

// notify shows a short message in the status bar for a few seconds; it
// belongs to the screen shown now.
func (a *App) notify(msg string) { a.status.say(a.current, msg) }

// async runs fetch off the UI goroutine and apply with its result on it.
// Fetches take turns, in the order asked (see loads).
func async[T any](a *App, fetch func(context.Context) (T, error), apply func(T, error)) {
	a.loads.run(a.background, func() {
		v, err := fetch(context.Background())
		fyne.Do(func() {
			apply(v, err)
			a.freeze()
		})
	})
}

// loadQueue runs the screens' loads one after the other, first asked
// first run. In a large workspace each of them reads the whole register
// or the whole change log: the dashboard's check, its trend and the
// register screen of 50,000 risks held 540 MB when they ran at once, 370 MB
// in turn, on two processor cores that gave little time back for it.
type loadQueue struct {
	mu      sync.Mutex
	waiting []func()
	running bool // a background run drains waiting
}

// run queues load and, unless a run is draining the queue already, starts
// one with background.
func (q *loadQueue) run(background func(func()), load func()) {
	q.mu.Lock()
	q.waiting = append(q.waiting, load)
	if q.running {
		q.mu.Unlock()
		return
	}
	q.running = true
	q.mu.Unlock()
	background(q.drain)
}

func (q *loadQueue) drain() {
	for {
		q.mu.Lock()
		if len(q.waiting) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		load := q.waiting[0]
		q.waiting[0] = nil
		q.waiting = q.waiting[1:]
		q.mu.Unlock()
		load()
	}
}

// showEmpty shows what to do when no workspace is open.
func (a *App) showEmpty() {
	msg := widget.NewLabel(i18n.T("shell.empty"))
	msg.Alignment = fyne.TextAlignCenter
	buttons := container.NewHBox(
		widget.NewButtonWithIcon(i18n.T("shell.open"), theme.FolderOpenIcon(), a.openDialog),
		widget.NewButtonWithIcon(i18n.T("shell.new_starter"), theme.DocumentCreateIcon(), func() { a.newDialog("cctld") }),
		widget.NewButtonWithIcon(i18n.T("shell.new_blank"), theme.FileIcon(), func() { a.newDialog("blank") }),
	)
	a.setBody(container.NewCenter(container.NewVBox(msg, container.NewCenter(buttons))))
}

// cannotOpen explains why a workspace could not be opened and offers a way on;
// with a nil err it only shows that none is open, and the caller says why.
func (a *App) cannotOpen(err error) {
	if err != nil {
		log.Printf("open workspace: %v", err)
	}
	a.closeWorkspace()
	a.win.SetTitle("Riskbook")
	a.status.idle()
	a.roBar.Hide()
	a.useViewingTheme(false)
	a.showEmpty()
	if err == nil {
		return // the caller says why
	}
	if fe := (*risk.FileError)(nil); errors.As(err, &fe) && fe.Fault == risk.FaultDamaged {
		a.damaged(fe)
		return
	}
	msg := widget.NewLabel(message(err))
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	buttons := container.NewHBox(
		widget.NewButton(i18n.T("shell.quit"), func() { d.Hide(); a.quit() }),
		widget.NewButton(i18n.T("shell.new"), func() { d.Hide(); a.newDialog("cctld") }),
		widget.NewButtonWithIcon(i18n.T("shell.open"), theme.FolderOpenIcon(), func() { d.Hide(); a.openDialog() }),
	)
	open := buttons.Objects[2].(*widget.Button)
	open.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(i18n.T("shell.cannot_open"),
		container.NewBorder(nil, container.NewCenter(buttons), nil, nil, msg), a.win)
	d.Resize(fyne.NewSize(520, 200))
	a.present(a.win, d, open.OnTapped, nil)
}

// quit saves pending edits, remembers the window size and exits.
func (a *App) quit() {
	size := a.win.Canvas().Size()
	prefs := a.fyne.Preferences()
	prefs.SetFloat(prefWidth, float64(size.Width))
	prefs.SetFloat(prefHeight, float64(size.Height))
	a.closeViewers()
	a.closeWorkspace()
	a.fyne.Quit()
}

// navNarrowBelow is the window width under which the navigation shows
// icons only, leaving the width to the register and the editor.
const navNarrowBelow = 1200

// navLayout puts the navigation at the left at its own width, a separator,
// and the section on the rest; under navNarrowBelow the navigation folds to
// its icons.
type navLayout struct{ app *App }

func (l *navLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	nav, sep, body := objs[0], objs[1], objs[2]
	if wide := size.Width >= navNarrowBelow; wide != l.app.navWide {
		l.app.navWide = wide
		l.app.nav.Refresh()
	}
	w := l.navWidth()
	nav.Move(fyne.NewPos(0, 0))
	nav.Resize(fyne.NewSize(w, size.Height))
	sep.Move(fyne.NewPos(w, 0))
	sep.Resize(fyne.NewSize(theme.SeparatorThicknessSize(), size.Height))
	x := w + theme.SeparatorThicknessSize()
	body.Move(fyne.NewPos(x, 0))
	body.Resize(fyne.NewSize(size.Width-x, size.Height))
}

// navWidth fits the widest section name, or the icons alone.
func (l *navLayout) navWidth() float32 {
	w := theme.IconInlineSize() + 4*theme.InnerPadding()
	if l.app.navWide {
		widest := float32(0)
		for _, s := range l.app.sections {
			widest = max(widest, fyne.MeasureText(s.title(), theme.TextSize(), fyne.TextStyle{}).Width)
		}
		w += widest + 3*theme.InnerPadding()
	}
	return w
}

func (l *navLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	body := objs[2].MinSize()
	// The smallest window is measured with the navigation folded, as it
	// is in a narrow window.
	folded := theme.IconInlineSize() + 4*theme.InnerPadding()
	return fyne.NewSize(folded+theme.SeparatorThicknessSize()+body.Width, max(body.Height, objs[0].MinSize().Height))
}
