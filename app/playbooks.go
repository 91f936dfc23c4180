package app

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/i18n"
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
	// ContentLanguage is the language the workspace's starter content and
	// playbook templates are written in.
	ContentLanguage(ctx context.Context) (string, error)
	holderContacts
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
// templates written in a language, in the order of their references: the
// order the templates were written in, most likely scenario first.
func playbookTemplates(lang string) []playbookTemplate {
	names, bodies, _ := assets.PlaybookTemplatesIn(lang) // a workspace's language is one of them

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
	return append(out, playbookTemplate{title: i18n.T("playbooks.template.blank"),
		why: i18n.T("playbooks.template.blank.why")})
}

// contentLanguage is the language of the workspace's starter content,
// English when it cannot be read (the screen then says why it cannot load).
func contentLanguage(store playbooksStore) string {
	lang, err := store.ContentLanguage(context.Background())
	if err != nil || lang == "" {
		return assets.DefaultLanguage
	}
	return lang
}

// playbooksScreen lists the continuity playbooks and edits the selected
// one.
type playbooksScreen struct {
	*entityList[bcp.Playbook]
	store     playbooksStore
	today     func() risk.Date
	templates []playbookTemplate
	// content writes the texts of a new blank playbook, in the language
	// of the workspace's starter content, like the templates.
	content *i18n.Printer

	data   playbooksModel
	editor *playbookEditor
	// activationView takes the editor's place while an activation is open.
	activationView *activationView
	clock          func() time.Time // the time of an activation; nil for now
	root           fyne.CanvasObject
}

func newPlaybooksScreen(store playbooksStore, a *App) *playbooksScreen {
	lang := contentLanguage(store)
	s := &playbooksScreen{store: store, today: func() risk.Date { return risk.DateOf(time.Now()) },
		templates: playbookTemplates(lang), content: i18n.For(i18n.Lang(lang)),
		data: playbooksModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.entityList = &entityList[bcp.Playbook]{app: a, owner: s,
		words: entityWords{kind: playbookKind,
			search: i18n.T("playbooks.search"),
			none:   i18n.T("playbooks.none"),
			// A row: the reference, the title over the steps and the last
			// exercise, and the marker of errors the rules find.
			refSample: "PB-00", titleSample: i18n.T("playbooks.sample.title"), detailSample: i18n.T("playbooks.sample.detail"),
			markerSample: errorCount(2), marker: widget.DangerImportance,
			deleted: i18n.T("playbooks.deleted")},
		items:  func() []bcp.Playbook { return s.data.playbooks },
		id:     func(p *bcp.Playbook) int64 { return p.ID },
		ref:    func(p *bcp.Playbook) string { return p.Ref },
		title:  func(p *bcp.Playbook) string { return p.Title },
		detail: func(p *bcp.Playbook) string { return playbookSummary(p, a.dates) },
		match:  func(p *bcp.Playbook) string { return p.Ref + " " + p.Title + " " + p.Scenario + " " + p.Owner },
		marker: func(p *bcp.Playbook) (string, bool) {
			n := s.data.errors[strings.ToUpper(p.Ref)]
			return errorCount(n), n > 0
		},
		show:   s.fillEditor,
		closed: func() { s.activationView.view().Hide() },
		remove: store.DeletePlaybook,
		reload: s.reload,
	}
	s.build()
	return s
}

func (s *playbooksScreen) build() {
	add := widget.NewButtonWithIcon(i18n.T("playbooks.new"), theme.ContentAddIcon(), s.chooseTemplate)
	add.Importance = widget.HighImportance
	pack := widget.NewButtonWithIcon(i18n.T("playbooks.pack"), theme.DocumentPrintIcon(), func() { s.app.exportDialogFor(kindPack, "") })
	s.editor = newPlaybookEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteSelected)
	s.editor.today = func() risk.Date { return s.today() }
	s.activationView = newActivationView(s.store, s.app, s.activationSaved, s.closeActivation)
	s.activationView.now = s.now
	s.editor.onContact = s.contactSaved
	s.editor.activations.onActivate = s.activatePlaybook
	s.editor.activations.onOpen = s.openActivation
	s.ed = s.editor
	s.buildSplit(container.NewHBox(pack, add), container.NewStack(s.editor.view(), s.activationView.view()), 0.36)
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
	if s.failed(err) {
		return
	}
	s.data = m
	s.refilter()
	if s.reshowActivation() {
		return
	}
	s.reopen()
}

// playbookSummary is the line under a playbook's title.
func playbookSummary(p *bcp.Playbook, dates dateFormat) string {
	exercised := i18n.T("playbooks.summary.never")
	if !p.LastExercised.IsZero() {
		exercised = i18n.T("playbooks.summary.last", i18n.Args{"Date": dates.show(p.LastExercised)})
	}
	return i18n.N("playbooks.summary.steps", p.StepCount(), i18n.Args{"Exercised": exercised})
}

// fillEditor puts the playbook, its contacts and activations in the
// editor, which takes the activation's place.
func (s *playbooksScreen) fillEditor(p *bcp.Playbook) {
	s.editor.contacts = s.data.contacts
	s.editor.show(*p, s.data.bia, s.data.risks)
	s.editor.activations.show(s.data.activationsOf(p.Ref))
	s.activationView.view().Hide()
}

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

// contactSaved keeps a contact written from a role in the screen's
// contacts and tells the other screens, the Contacts screen among them.
func (s *playbooksScreen) contactSaved(bcp.Contact) {
	s.data.contacts = slices.Clone(s.editor.contacts)
	s.app.changed(s)
}

// chooseTemplate offers the built-in templates and a blank playbook, with
// the scenario of the one selected shown under the list.
func (s *playbooksScreen) chooseTemplate() {
	s.editor.flush()
	var titles []string
	for _, t := range s.templates {
		titles = append(titles, s.templateTitle(t))
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
	intro := wrapLabel(i18n.T("playbooks.template.intro"))
	content := container.NewBorder(container.NewVBox(intro, choice), nil, nil, nil, container.NewVScroll(why))
	d := dialog.NewCustomConfirm(i18n.T("playbooks.template.title"), i18n.T("playbooks.template.create"), i18n.T("playbooks.template.cancel"), content, func(ok bool) {
		if i := slices.Index(titles, choice.Selected); ok && i >= 0 {
			s.createFromTemplate(s.templates[i].name)
		}
	}, s.app.win)
	d.Resize(fyne.NewSize(640, min(660, s.app.win.Canvas().Size().Height-40)))
	s.app.present(s.app.win, d, d.Confirm, nil)
}

// alreadyHere is the reference of a playbook of the template's title, ""
// when there is none.
func (s *playbooksScreen) alreadyHere(t playbookTemplate) string {
	for _, p := range s.data.playbooks {
		if t.name != "" && strings.EqualFold(p.Title, t.title) {
			return p.Ref
		}
	}
	return ""
}

// templateTitle is the template's title in the dialog, noting that a
// playbook of that title exists, so a second copy is made knowingly.
func (s *playbooksScreen) templateTitle(t playbookTemplate) string {
	if ref := s.alreadyHere(t); ref != "" {
		return i18n.T("playbooks.template.here", i18n.Args{"Title": t.title, "Ref": ref})
	}
	return t.title
}

// createFromTemplate stores a new playbook from the template with the
// name, or a blank one when name is empty, and opens it.
func (s *playbooksScreen) createFromTemplate(name string) {
	s.editor.flush()
	var p bcp.Playbook
	if name == "" {
		p = blankPlaybook(s.content)
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
	s.created(p.ID, func() {
		m := newPlaybooksModel(s.data.playbooks, s.data.bia, s.data.risks, s.today())
		m.activations, m.contacts = s.data.activations, s.data.contacts
		s.apply(m, nil)
	})
	if name == "" {
		s.editor.focusTitle()
		s.app.notify(i18n.T("playbooks.created.blank", i18n.Args{"Ref": p.Ref}))
		return
	}
	s.app.notify(i18n.T("playbooks.created.template", i18n.Args{"Ref": p.Ref}))
}

// blankPlaybook is a playbook with the roles nearly every team has,
// written by p: the language of the workspace's content.
func blankPlaybook(p *i18n.Printer) bcp.Playbook {
	lead := p.T("playbooks.blank.incidentlead")
	return bcp.Playbook{Title: p.T("playbooks.blank.title"), Version: "0.1",
		Roles: []bcp.Role{
			{Name: lead, Responsibilities: p.T("playbooks.blank.incidentlead.does")},
			{Name: p.T("playbooks.blank.techlead"), Responsibilities: p.T("playbooks.blank.techlead.does")},
			{Name: p.T("playbooks.blank.comms"), Responsibilities: p.T("playbooks.blank.comms.does")},
		},
		MayDeclare: []string{lead}}
}
