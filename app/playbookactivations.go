package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
)

// The Playbooks screen's side of activations: the editor's "Activate
// playbook…" button and its list of the playbook's activations, and the
// activation view that takes the editor's place while an incident runs.

// playbookActivations is what the playbook editor shows of activations.
type playbookActivations struct {
	activate *widget.Button
	box      *fyne.Container
	// onActivate and onOpen are set by the screen.
	onActivate func()
	onOpen     func(id int64)
	dates      dateFormat
}

func newPlaybookActivations(dates dateFormat) *playbookActivations {
	pa := &playbookActivations{box: container.NewVBox(), dates: dates}
	pa.activate = widget.NewButtonWithIcon(i18n.T("playbooks.activate.button"), theme.MediaPlayIcon(), func() {
		if pa.onActivate != nil {
			pa.onActivate()
		}
	})
	pa.activate.Importance = widget.DangerImportance
	pa.box.Hide()
	return pa
}

// show lists the activations of the playbook in the editor, newest first.
func (pa *playbookActivations) show(as []bcp.Activation) {
	pa.box.RemoveAll()
	if len(as) == 0 {
		pa.box.Hide()
		return
	}
	pa.box.Add(heading(i18n.T("playbooks.activations")))
	for i := len(as) - 1; i >= 0; i-- {
		a := as[i]
		line := widget.NewLabel(activationLine(&a, pa.dates))
		if a.Open() {
			line.Importance = widget.WarningImportance
			line.TextStyle = fyne.TextStyle{Bold: true}
		}
		open := widget.NewButtonWithIcon(i18n.T("playbooks.activations.open"), theme.NavigateNextIcon(), func() {
			if pa.onOpen != nil {
				pa.onOpen(a.ID)
			}
		})
		open.Importance = widget.LowImportance
		pa.box.Add(container.NewBorder(nil, nil, nil, open, line))
	}
	pa.box.Show()
}

// activationsOf returns the activations of the playbook with the ref, in
// reference order.
func (m *playbooksModel) activationsOf(ref string) []bcp.Activation {
	var out []bcp.Activation
	for _, a := range m.activations {
		if strings.EqualFold(a.Playbook, ref) {
			out = append(out, a)
		}
	}
	return out
}

func (m *playbooksModel) activation(id int64) (*bcp.Activation, bool) {
	for i := range m.activations {
		if m.activations[i].ID == id {
			return &m.activations[i], true
		}
	}
	return nil, false
}

// activatePlaybook asks for the trigger and the declarer of the playbook
// in the editor, then activates it.
func (s *playbooksScreen) activatePlaybook() {
	s.editor.flush()
	p, ok := s.find(s.selected)
	if !ok {
		return
	}
	pb := p.Clone()
	s.app.activateDialog(&pb, s.now(), func(trigger, by string) { s.activate(&pb, trigger, by) })
}

// activate stores a new activation of p and opens it.
func (s *playbooksScreen) activate(p *bcp.Playbook, trigger, by string) {
	a := bcp.NewActivation(p, trigger, by, s.now())
	if err := s.store.CreateActivation(context.Background(), &a); err != nil {
		s.app.showError(err)
		return
	}
	s.data.activations = append(s.data.activations, a)
	s.showActivations()
	s.openActivation(a.ID)
	s.app.changed(s)
	s.app.notify(i18n.T("playbooks.activated", i18n.Args{"Ref": p.Ref, "Activation": a.Ref}))
}

// openActivation shows the activation in place of the editor.
func (s *playbooksScreen) openActivation(id int64) {
	a, ok := s.data.activation(id)
	if !ok {
		return
	}
	s.editor.flush()
	title := ""
	for _, p := range s.data.playbooks {
		if strings.EqualFold(p.Ref, a.Playbook) {
			title = p.Title
		}
	}
	s.activationView.show(*a, title)
	s.editor.view().Hide()
	s.activationView.view().Show()
	s.showPick()
	s.split.Refresh()
}

// closeActivation goes back from the activation to the playbook's editor.
func (s *playbooksScreen) closeActivation() {
	s.activationView.view().Hide()
	if s.selected != 0 {
		s.showEditor()
	}
	s.showPick()
	s.split.Refresh()
}

// activationSaved puts a stored activation back in the model.
func (s *playbooksScreen) activationSaved(a bcp.Activation) {
	if cur, ok := s.data.activation(a.ID); ok {
		*cur = a
	}
	s.showActivations()
	s.app.changed(s)
}

// showActivations lists the activations of the playbook in the editor.
func (s *playbooksScreen) showActivations() {
	if p, ok := s.find(s.selected); ok {
		s.editor.activations.show(s.data.activationsOf(p.Ref))
	}
}

// now is the time an activation is declared at.
func (s *playbooksScreen) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

// reshowActivation refreshes an open activation view after a reload and
// reports whether one is open; an edit in progress is kept.
func (s *playbooksScreen) reshowActivation() bool {
	if !s.activationView.view().Visible() {
		return false
	}
	if _, ok := s.data.activation(s.activationView.draft.ID); !ok {
		s.closeActivation()
		return false
	}
	s.openActivation(s.activationView.draft.ID)
	return true
}
