package app

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/risk"
)

// playbooksStore is what the Playbooks screen needs: the playbooks, and
// the BIA and risks they link to and are checked against.
type playbooksStore interface {
	biaRiskReader
	ActivationStore
	Playbooks(ctx context.Context) ([]bcp.Playbook, error)
	Contacts(ctx context.Context) ([]bcp.Contact, error)
	CreatePlaybook(ctx context.Context, p *bcp.Playbook) error
	UpdatePlaybook(ctx context.Context, p *bcp.Playbook) error
	DeletePlaybook(ctx context.Context, id int64) error
	CreatePlaybookFromTemplate(ctx context.Context, name string) (*bcp.Playbook, error)
}

// playbooksModel is what the screen loads, with the number of errors the
// rules find in each playbook worked out once.
type playbooksModel struct {
	playbooks []bcp.Playbook
	bia       *bcp.BIA
	risks     []risk.Risk
	errors    map[string]int // by upper-cased playbook ref
	// activations are the records of playbooks declared, of every playbook.
	activations []bcp.Activation
	// contacts are suggested for the playbooks' roles.
	contacts []bcp.Contact
}

func newPlaybooksModel(pbs []bcp.Playbook, b *bcp.BIA, risks []risk.Risk, today risk.Date) playbooksModel {
	m := playbooksModel{playbooks: pbs, bia: b, risks: risks, errors: map[string]int{}}
	// The key-person check reports every step of a role without an
	// alternate; the list counts it once.
	keyPerson := map[string]bool{}
	for _, f := range bcp.CheckPlaybooks(pbs, b, today) {
		ref := strings.ToUpper(f.Ref)
		if f.Rule == "key-person" {
			if keyPerson[ref] {
				continue
			}
			keyPerson[ref] = true
		}
		if f.Severity == risk.SeverityError || f.Blocking {
			m.errors[ref]++
		}
	}
	return m
}

// playbookTemplate is a built-in template as the dialog offers it.
type playbookTemplate struct {
	name            string // the template's file name, "" for a blank playbook
	ref, title, why string
}

// playbookTemplates reads the titles and scenarios of the built-in
// templates, in the order of their references: the order the templates
// were written in, most likely scenario first.
func playbookTemplates() []playbookTemplate {
	names, bodies := assets.PlaybookTemplates()
	var out []playbookTemplate
	for i, body := range bodies {
		var head struct{ Ref, Title, Scenario string }
		if err := json.Unmarshal(body, &head); err != nil || head.Title == "" {
			continue // a broken template fails the assets tests, not the screen
		}
		out = append(out, playbookTemplate{name: names[i], ref: head.Ref, title: head.Title, why: head.Scenario})
	}
	slices.SortFunc(out, func(a, b playbookTemplate) int {
		return cmp.Or(risk.CompareRefs(a.ref, b.ref), strings.Compare(a.title, b.title))
	})
	return append(out, playbookTemplate{title: "Blank playbook",
		why: "An empty playbook with the usual three roles (incident lead, technical lead, communications), for a scenario no template covers."})
}

// playbooksScreen lists the continuity playbooks and edits the selected
// one.
type playbooksScreen struct {
	store     playbooksStore
	app       *App
	today     func() risk.Date
	templates []playbookTemplate

	data     playbooksModel
	shown    []int // indexes into data.playbooks
	selected int64 // ID of the playbook in the editor, 0 when closed

	search *widget.Entry
	count  *widget.Label
	list   *widget.List
	empty  *widget.Label
	editor *playbookEditor
	split  *container.Split
	// activationView takes the editor's place while an activation is open.
	activationView *activationView
	clock          func() time.Time // the time of an activation; nil for now
	root           fyne.CanvasObject
}

func newPlaybooksScreen(store playbooksStore, a *App) *playbooksScreen {
	s := &playbooksScreen{store: store, app: a, today: func() risk.Date { return risk.DateOf(time.Now()) },
		templates: playbookTemplates(), data: playbooksModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.build()
	return s
}

func (s *playbooksScreen) build() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search reference, title, scenario or owner")
	s.search.OnChanged = func(string) { s.refilter() }
	s.count = widget.NewLabel("")
	add := widget.NewButtonWithIcon("New playbook from template…", theme.ContentAddIcon(), s.chooseTemplate)
	add.Importance = widget.HighImportance
	s.list = widget.NewList(func() int { return len(s.shown) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(s.shown) {
			s.open(s.data.playbooks[s.shown[id]].ID)
		}
	}
	s.empty = wrapLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Hide()
	s.editor = newPlaybookEditor(s.store, s.app, s.saved, s.closeEditor, s.deletePlaybook)
	s.editor.today = func() risk.Date { return s.today() }
	s.activationView = newActivationView(s.store, s.app, s.activationSaved, s.closeActivation)
	s.activationView.now = s.now
	s.editor.activations.onActivate = s.activatePlaybook
	s.editor.activations.onOpen = s.openActivation
	top := container.NewVBox(container.NewBorder(nil, nil, nil, add, s.count), s.search)
	left := container.NewBorder(top, nil, nil, nil,
		container.NewStack(s.list, container.NewVBox(layout.NewSpacer(), s.empty, layout.NewSpacer())))
	s.split = container.NewHSplit(left, container.NewStack(s.editor.view(), s.activationView.view()))
	s.split.Offset = 0.36
	s.editor.view().Hide()
	s.activationView.view().Hide()
	s.root = s.split
}

func (s *playbooksScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the playbooks, the BIA and the risks; an edit in progress
// is kept.
func (s *playbooksScreen) reload() { async(s.app, s.fetch, s.apply) }

func (s *playbooksScreen) fetch(ctx context.Context) (playbooksModel, error) {
	pbs, err := s.store.Playbooks(ctx)
	if err != nil {
		return playbooksModel{}, err
	}
	acts, err := s.store.Activations(ctx)
	if err != nil {
		return playbooksModel{}, err
	}
	cs, err := s.store.Contacts(ctx)
	if err != nil {
		return playbooksModel{}, err
	}
	today := s.today()
	return fetchBIAModel(ctx, s.store, func(b *bcp.BIA, rs []risk.Risk) playbooksModel {
		m := newPlaybooksModel(pbs, b, rs, today)
		m.activations, m.contacts = acts, cs
		return m
	})
}

func (s *playbooksScreen) apply(m playbooksModel, err error) {
	if err != nil {
		s.count.SetText("The playbooks could not be read.")
		s.app.showError(err)
		return
	}
	s.data = m
	s.refilter()
	if s.reshowActivation() {
		return
	}
	if s.selected == 0 {
		return
	}
	if _, ok := s.find(s.selected); ok {
		s.showEditor()
	} else {
		s.closeEditor()
	}
}

func (s *playbooksScreen) find(id int64) (*bcp.Playbook, bool) {
	for i := range s.data.playbooks {
		if s.data.playbooks[i].ID == id {
			return &s.data.playbooks[i], true
		}
	}
	return nil, false
}

// refilter recomputes the rows the search shows.
func (s *playbooksScreen) refilter() {
	text := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.shown = s.shown[:0]
	for i, p := range s.data.playbooks {
		hay := strings.ToLower(p.Ref + " " + p.Title + " " + p.Scenario + " " + p.Owner)
		if text == "" || strings.Contains(hay, text) {
			s.shown = append(s.shown, i)
		}
	}
	total := len(s.data.playbooks)
	s.count.SetText(fmt.Sprintf("%d of %s", len(s.shown), countOf(total, "playbook", "playbooks")))
	switch {
	case total == 0:
		s.empty.SetText("No playbook yet.\nChoose New playbook from template… to start from a complete draft for a ccTLD scenario,\nready for your people and numbers.")
		s.empty.Show()
	case len(s.shown) == 0:
		s.empty.SetText("No playbook matches the search. Clear the search field to see them all.")
		s.empty.Show()
	default:
		s.empty.Hide()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	s.markSelection()
}

func (s *playbooksScreen) markSelection() {
	for row, i := range s.shown {
		if s.data.playbooks[i].ID == s.selected {
			on := s.list.OnSelected
			s.list.OnSelected = nil
			s.list.Select(row)
			s.list.OnSelected = on
			return
		}
	}
}

// createRow builds a row: the reference, the title over the steps and the
// last exercise, and the marker of errors the rules find.
func (s *playbooksScreen) createRow() fyne.CanvasObject {
	ref := widget.NewLabelWithStyle("PB-00", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title := widget.NewLabel("Title")
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("Steps · last exercised")
	detail.SizeName = theme.SizeNameCaptionText
	detail.Truncation = fyne.TextTruncateEllipsis
	warn := widget.NewLabelWithStyle("2 errors", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	warn.Importance = widget.DangerImportance
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), title, detail)
	return container.NewBorder(nil, nil, atLeastWide(refSlotWidth("PB-000"), ref), warn, lines)
}

func (s *playbooksScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.shown) {
		return
	}
	p := &s.data.playbooks[s.shown[id]]
	row := o.(*fyne.Container)
	lines := row.Objects[0].(*fyne.Container)
	lines.Objects[0].(*widget.Label).SetText(p.Title)
	lines.Objects[1].(*widget.Label).SetText(playbookSummary(p))
	row.Objects[1].(*fyne.Container).Objects[1].(*widget.Label).SetText(p.Ref)
	warn := row.Objects[2].(*widget.Label)
	n := s.data.errors[strings.ToUpper(p.Ref)]
	warn.SetText(countOf(n, "error", "errors"))
	warn.Hidden = n == 0
	warn.Refresh()
}

// playbookSummary is the line under a playbook's title.
func playbookSummary(p *bcp.Playbook) string {
	exercised := "never exercised"
	if !p.LastExercised.IsZero() {
		exercised = "last exercised " + p.LastExercised.String()
	}
	return capitalise(countOf(p.StepCount(), "step", "steps")) + " · " + exercised
}

// open shows the playbook in the editor; before the list is loaded it is
// remembered and opened once it is.
func (s *playbooksScreen) open(id int64) {
	if s.selected != 0 && s.selected != id {
		s.editor.flush()
	}
	s.selected = id
	if _, ok := s.find(id); !ok {
		return
	}
	s.showEditor()
	s.markSelection()
	for row, i := range s.shown {
		if s.data.playbooks[i].ID == id {
			s.list.ScrollTo(row)
		}
	}
}

func (s *playbooksScreen) showEditor() {
	p, _ := s.find(s.selected)
	s.editor.contacts = s.data.contacts
	s.editor.show(*p, s.data.bia, s.data.risks)
	s.editor.activations.show(s.data.activationsOf(p.Ref))
	s.activationView.view().Hide()
	s.editor.view().Show()
	s.split.Refresh()
}

// closeEditor saves what is pending and hides the editor.
func (s *playbooksScreen) closeEditor() {
	s.editor.flush()
	s.selected = 0
	s.editor.view().Hide()
	s.activationView.view().Hide()
	s.list.UnselectAll()
	s.split.Refresh()
}

// flush saves what the editor holds; the app calls it before closing.
func (s *playbooksScreen) flush() { s.editor.flush() }

// saved puts a stored playbook back in the list and tells other screens.
func (s *playbooksScreen) saved(p bcp.Playbook) {
	if cur, ok := s.find(p.ID); ok {
		*cur = p
	}
	acts, cs := s.data.activations, s.data.contacts
	s.data = newPlaybooksModel(s.data.playbooks, s.data.bia, s.data.risks, s.today())
	s.data.activations, s.data.contacts = acts, cs
	s.list.Refresh()
	s.app.changed(s)
}

// chooseTemplate offers the built-in templates and a blank playbook, with
// the scenario of the one selected shown under the list.
func (s *playbooksScreen) chooseTemplate() {
	s.editor.flush()
	var titles []string
	for _, t := range s.templates {
		titles = append(titles, t.title+s.alreadyHere(t))
	}
	why := wrapLabel("")
	why.TextStyle = fyne.TextStyle{Italic: true}
	choice := widget.NewRadioGroup(titles, func(title string) {
		if i := slices.Index(titles, title); i >= 0 {
			why.SetText(s.templates[i].why)
		}
	})
	choice.Required = true
	// The first template not yet used is the likeliest next one.
	first := slices.IndexFunc(s.templates, func(t playbookTemplate) bool { return s.alreadyHere(t) == "" })
	choice.SetSelected(titles[max(first, 0)])
	intro := wrapLabel("Each template is a complete draft for a ccTLD scenario. Assign your people to its roles, check its steps and numbers, and have its statements approved.")
	content := container.NewBorder(container.NewVBox(intro, choice), nil, nil, nil, container.NewVScroll(why))
	d := dialog.NewCustomConfirm("New playbook from template", "Create", "Cancel", content, func(ok bool) {
		if i := slices.Index(titles, choice.Selected); ok && i >= 0 {
			s.createFromTemplate(s.templates[i].name)
		}
	}, s.app.win)
	d.Resize(fyne.NewSize(640, 660))
	d.Show()
}

// alreadyHere notes that a playbook of the template's title exists, so a
// second copy is made knowingly.
func (s *playbooksScreen) alreadyHere(t playbookTemplate) string {
	for _, p := range s.data.playbooks {
		if t.name != "" && strings.EqualFold(p.Title, t.title) {
			return " (already here as " + p.Ref + ")"
		}
	}
	return ""
}

// createFromTemplate stores a new playbook from the template with the
// name, or a blank one when name is empty, and opens it.
func (s *playbooksScreen) createFromTemplate(name string) {
	s.editor.flush()
	var p bcp.Playbook
	if name == "" {
		p = blankPlaybook()
		if err := s.store.CreatePlaybook(context.Background(), &p); err != nil {
			s.app.showError(err)
			return
		}
	} else {
		made, err := s.store.CreatePlaybookFromTemplate(context.Background(), name)
		if err != nil {
			s.app.showError(err)
			return
		}
		p = *made
	}
	s.data.playbooks = append(s.data.playbooks, p)
	s.search.SetText("")
	s.selected = p.ID
	m := newPlaybooksModel(s.data.playbooks, s.data.bia, s.data.risks, s.today())
	m.activations, m.contacts = s.data.activations, s.data.contacts
	s.apply(m, nil)
	s.open(p.ID)
	s.app.changed(s)
	if name == "" {
		s.editor.focusTitle()
		s.app.notify(fmt.Sprintf("Created %s. Name the scenario, assign people to the roles, then write the steps of each phase.", p.Ref))
		return
	}
	s.app.notify(fmt.Sprintf("Created %s from the template. Assign a primary and an alternate to each role, then check the steps and numbers.", p.Ref))
}

// blankPlaybook is a playbook with the roles nearly every team has.
func blankPlaybook() bcp.Playbook {
	return bcp.Playbook{Title: "New playbook", Version: "0.1",
		Roles: []bcp.Role{
			{Name: "Incident lead", Responsibilities: "Declares the incident, keeps the decision log and decides on escalation and stand-down."},
			{Name: "Technical lead", Responsibilities: "Assesses the damage and leads the technical response and recovery."},
			{Name: "Communications", Responsibilities: "Sends the pre-approved statements and answers registrars, the public and the authorities."},
		},
		MayDeclare: []string{"Incident lead"}}
}

// deletePlaybook asks, then deletes the playbook in the editor.
func (s *playbooksScreen) deletePlaybook() {
	p, ok := s.find(s.selected)
	if !ok {
		return
	}
	id, ref := p.ID, p.Ref
	dialog.ShowConfirm("Delete "+ref+"?",
		fmt.Sprintf("%s — %s\n\nThe playbook, its roles, steps and statements are removed.\nThe change log keeps a record of what it was.", ref, p.Title),
		func(ok bool) {
			if ok {
				s.confirmDelete(id, ref)
			}
		}, s.app.win)
}

func (s *playbooksScreen) confirmDelete(id int64, ref string) {
	s.editor.discard()
	if err := s.store.DeletePlaybook(context.Background(), id); err != nil {
		s.app.showError(err)
		return
	}
	s.selected = 0
	s.editor.view().Hide()
	s.split.Refresh()
	s.reload()
	s.app.changed(s)
	s.app.notify(fmt.Sprintf("Deleted %s.", ref))
}
