package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
)

// activationWriter is what the activation view writes through.
type activationWriter interface {
	UpdateActivation(ctx context.Context, a *bcp.Activation) error
	Actor(ctx context.Context) (string, error)
}

// activationView runs one activation of a playbook: the step checklist
// phase by phase, each step ticked when done (stamped with the time and
// the user's name) and with a note, the decision log, and closing the
// incident. Ticks, log entries and closing are saved at once, notes when
// the field is left or typing pauses.
type activationView struct {
	draftEditor[bcp.Activation]
	store   activationWriter
	app     *App
	now     func() time.Time
	onClose func()

	title string // the playbook's title, for the heading
	user  string // who ticks and writes in the log

	trigger  *widget.Label
	declared *widget.Label
	status   *widget.Label
	closeBtn *widget.Button
	stepBox  *fyne.Container
	checks   []*widget.Check
	stamps   []*widget.Label
	notes    []*commitEntry
	logBox   *fyne.Container
	logEntry *widget.Entry
}

func newActivationView(store activationWriter, a *App, onSaved func(bcp.Activation), onClose func()) *activationView {
	v := &activationView{store: store, app: a, now: time.Now, onClose: onClose}
	v.init(draftSpec[bcp.Activation]{
		dates: a.dates,
		key:   func(a *bcp.Activation) any { return a.ID },
		clone: bcp.Activation.Clone,
		title: func(a *bcp.Activation) string {
			return strings.TrimSpace(a.Ref + " — " + a.Playbook + " " + v.title)
		},
		fill:     v.fill,
		derived:  v.fillHeader,
		store:    store.UpdateActivation,
		copyBack: func(draft *bcp.Activation, stored bcp.Activation) { draft.Updated = stored.Updated },
		stamp:    func(x *bcp.Activation) *time.Time { return &x.Updated },
		awaiting: a.awaitChoice,
		onSaved:  onSaved,
	})
	v.build()
	return v
}

func (v *activationView) build() {
	v.trigger = wrapLabel("")
	v.declared = wrapLabel("")
	v.status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.closeBtn = widget.NewButtonWithIcon(i18n.T("playbooks.activation.close"), theme.ConfirmIcon(), v.askClose)
	v.stepBox = container.NewVBox()
	v.logBox = container.NewVBox()
	v.logEntry = widget.NewMultiLineEntry()
	v.logEntry.Wrapping = fyne.TextWrapWord
	v.logEntry.SetMinRowsVisible(2)
	v.logEntry.SetPlaceHolder(i18n.T("playbooks.activation.log.hint"))
	addLog := widget.NewButtonWithIcon(i18n.T("playbooks.activation.addlog"), theme.ContentAddIcon(), func() { v.addLog(v.logEntry.Text) })
	body := container.NewVBox(
		formOf(
			formRow{label: widget.NewLabel(i18n.T("playbooks.activation.trigger")), field: v.trigger},
			formRow{label: widget.NewLabel(i18n.T("playbooks.activation.declared")), field: v.declared},
			formRow{label: widget.NewLabel(i18n.T("playbooks.activation.status")), field: container.NewBorder(nil, nil, nil, v.closeBtn, v.status)},
		),
		heading(i18n.T("playbooks.activation.steps")),
		wrapLabel(i18n.T("playbooks.activation.steps.explain")),
		v.stepBox,
		heading(i18n.T("playbooks.activation.log")),
		v.logBox,
		container.NewBorder(nil, nil, nil, container.NewVBox(addLog), v.logEntry),
	)
	back := widget.NewButtonWithIcon(i18n.T("playbooks.activation.back"), theme.NavigateBackIcon(), func() {
		v.flush()
		v.onClose()
	})
	back.Importance = widget.LowImportance
	record := widget.NewButtonWithIcon(i18n.T("playbooks.activation.record"), theme.DocumentPrintIcon(), func() {
		v.flush()
		v.app.exportDialogFor(kindIncident, v.draft.Ref)
	})
	v.frame(body, nil, nil, record, back)
}

// show loads an activation of the playbook with the title.
func (v *activationView) show(a bcp.Activation, title string) {
	if v.user == "" {
		name, err := v.store.Actor(context.Background())
		if err != nil || strings.TrimSpace(name) == "" {
			name = i18n.T("playbooks.activation.unknownuser")
		}
		v.user = name
	}
	if !v.dirty || v.draft.ID != a.ID {
		v.title = title
	}
	v.load(a)
}

func (v *activationView) fill() {
	v.fillSteps()
	v.fillLog()
}

// fillHeader shows the trigger, the declaration and the status.
func (v *activationView) fillHeader() {
	a := &v.draft
	v.trigger.SetText(a.Trigger)
	v.declared.SetText(i18n.T("playbooks.activation.declaredby", i18n.Args{"When": v.spec.dates.stamp(a.DeclaredAt), "Who": a.DeclaredBy}))
	if a.Open() {
		v.status.SetText(i18n.N("playbooks.activation.open", len(a.Steps), i18n.Args{"Done": a.DoneCount()}))
		v.status.Importance = widget.WarningImportance
		v.closeBtn.SetText(i18n.T("playbooks.activation.close"))
		v.closeBtn.Importance = widget.HighImportance
	} else {
		v.status.SetText(i18n.N("playbooks.activation.closed", len(a.Steps), i18n.Args{"Done": a.DoneCount(), "When": v.spec.dates.stamp(a.ClosedAt)}))
		v.status.Importance = widget.SuccessImportance
		v.closeBtn.SetText(i18n.T("playbooks.activation.reopen"))
		v.closeBtn.Importance = widget.LowImportance
	}
	v.status.Refresh()
	v.closeBtn.Refresh()
}

// fillSteps builds a row per step under a heading per phase.
func (v *activationView) fillSteps() {
	v.stepBox.RemoveAll()
	v.checks, v.stamps, v.notes = nil, nil, nil
	var phase bcp.Phase = "-"
	for i := range v.draft.Steps {
		s := &v.draft.Steps[i]
		if s.Phase != phase {
			phase = s.Phase
			l := widget.NewLabelWithStyle(bcp.PhaseName(phase), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			v.stepBox.Add(l)
		}
		check := widget.NewCheck("", nil)
		check.SetChecked(!s.Done.IsZero())
		check.OnChanged = func(on bool) {
			if v.loading {
				return
			}
			if on {
				v.tick(i)
			} else {
				v.askUntick(i)
			}
		}
		what := wrapLabel(fmt.Sprintf("%d. %s", s.Index, s.What))
		stamp := widget.NewLabel("")
		stamp.SizeName = theme.SizeNameCaptionText
		note := v.entry(false, i18n.T("playbooks.activation.note"), func(text string) { v.draft.Steps[i].Note = text })
		note.setQuietly(s.Note)
		v.checks, v.stamps, v.notes = append(v.checks, check), append(v.stamps, stamp), append(v.notes, note)
		v.stepBox.Add(container.NewBorder(nil, nil, container.NewVBox(check), nil,
			container.New(layout.NewCustomPaddedVBoxLayout(0), what, stamp, note)))
		v.fillStamp(i)
	}
}

// fillStamp shows who does a step and when it was done, by whom.
func (v *activationView) fillStamp(i int) {
	s := &v.draft.Steps[i]
	text := s.Who
	if !s.Done.IsZero() {
		text = i18n.T("playbooks.activation.done", i18n.Args{"Who": s.Who, "When": v.spec.dates.stamp(s.Done), "By": s.By})
		v.stamps[i].Importance = widget.SuccessImportance
	} else {
		v.stamps[i].Importance = widget.LowImportance
	}
	v.stamps[i].SetText(strings.TrimPrefix(text, " · "))
}

func (v *activationView) fillLog() {
	v.logBox.RemoveAll()
	if len(v.draft.Log) == 0 {
		empty := wrapLabel(i18n.T("playbooks.activation.nolog"))
		empty.Importance = widget.LowImportance
		v.logBox.Add(empty)
		return
	}
	for _, e := range v.draft.Log {
		when := widget.NewLabelWithStyle(v.spec.dates.stamp(e.At)+" · "+e.By, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		when.SizeName = theme.SizeNameCaptionText
		v.logBox.Add(container.New(layout.NewCustomPaddedVBoxLayout(0), when, wrapLabel(e.Text)))
	}
}

// tick marks step i done now by the user and saves.
func (v *activationView) tick(i int) {
	v.draft.Tick(i, v.user, v.now())
	v.fillStamp(i)
	v.fillHeader()
	v.edited(true)
}

// askUntick asks before clearing a step's done time: it is part of the
// record.
func (v *activationView) askUntick(i int) {
	s := v.draft.Steps[i]
	v.app.ask(v.app.win, i18n.T("playbooks.activation.untick.title"),
		i18n.T("playbooks.activation.untick.message", i18n.Args{"N": s.Index, "What": s.What, "When": v.spec.dates.stamp(s.Done), "By": s.By}),
		i18n.T("playbooks.activation.untick"), func(ok bool) {
			if ok {
				v.untick(i)
				return
			}
			v.quietly(func() { v.checks[i].SetChecked(true) })
		})
}

func (v *activationView) untick(i int) {
	v.draft.Untick(i)
	v.quietly(func() { v.checks[i].SetChecked(false) })
	v.fillStamp(i)
	v.fillHeader()
	v.edited(true)
}

// addLog appends text to the decision log, stamped, and saves.
func (v *activationView) addLog(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	v.draft.AddLog(v.user, strings.TrimSpace(text), v.now())
	v.logEntry.SetText("")
	v.fillLog()
	v.edited(true)
}

func (v *activationView) askClose() {
	if !v.draft.Open() {
		v.reopen()
		return
	}
	left := len(v.draft.Steps) - v.draft.DoneCount()
	msg := i18n.T("playbooks.activation.close.message")
	if left > 0 {
		msg = i18n.N("playbooks.activation.close.left", left)
	}
	v.app.confirm(v.app.win, i18n.T("playbooks.activation.close.title", i18n.Args{"Ref": v.draft.Ref}), msg,
		i18n.T("playbooks.activation.close.confirm"), v.closeIncident)
}

func (v *activationView) closeIncident() {
	v.draft.ClosedAt = v.now()
	v.fillHeader()
	v.edited(true)
}

func (v *activationView) reopen() {
	v.draft.ClosedAt = time.Time{}
	v.fillHeader()
	v.edited(true)
}

// activationLine is how an activation is listed: ACV-01 2026-11-21 14:02
// open.
func activationLine(a *bcp.Activation, dates dateFormat) string {
	args := i18n.Args{"Ref": a.Ref, "Declared": dates.stamp(a.DeclaredAt), "Done": a.DoneCount(), "Steps": len(a.Steps)}
	if !a.Open() {
		args["Closed"] = dates.stamp(a.ClosedAt)
		return i18n.T("playbooks.activation.line.closed", args)
	}
	return i18n.T("playbooks.activation.line.open", args)
}

// activateDialog asks for the trigger and who declares p, then calls
// activate with them; the time is now.
func (a *App) activateDialog(p *bcp.Playbook, now time.Time, activate func(trigger, by string)) {
	win := a.win
	declarers := bcp.Declarers(p)
	if len(declarers) == 0 {
		a.inform(win, i18n.T("playbooks.activate.title", i18n.Args{"Ref": p.Ref}), i18n.T("playbooks.activate.noroles"))
		return
	}
	trigger := a.newDialogText()
	trigger.SetMinRowsVisible(3)
	trigger.SetPlaceHolder(i18n.T("playbooks.activate.trigger.hint"))
	trigger.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(i18n.T("playbooks.activate.trigger.empty"))
		}
		return nil
	}
	who := widget.NewSelect(declarers, nil)
	who.SetSelected(declarers[0])
	criteria := wrapLabel(p.ActivationCriteria)
	criteria.TextStyle = fyne.TextStyle{Italic: true}
	items := []*widget.FormItem{
		{Text: i18n.T("playbooks.activation.trigger"), Widget: trigger},
		{Text: i18n.T("playbooks.activate.by"), Widget: who, HintText: i18n.T("playbooks.activate.by.hint")},
		{Text: i18n.T("playbooks.activate.time"), Widget: widget.NewLabel(i18n.T("playbooks.activate.now", i18n.Args{"Time": a.dates.stamp(now)}))},
	}
	if strings.TrimSpace(p.ActivationCriteria) != "" {
		items = append([]*widget.FormItem{{Text: i18n.T("playbooks.activate.criteria"), Widget: criteria}}, items...)
	}
	d := dialog.NewForm(i18n.T("playbooks.activate.dialog", i18n.Args{"Ref": p.Ref, "Title": p.Title}),
		i18n.T("playbooks.activate.ok"), i18n.T("playbooks.activate.cancel"), items, func(ok bool) {
			if ok {
				activate(trigger.Text, who.Selected)
			}
		}, win)
	d.Resize(fyne.NewSize(640, 460))
	a.present(win, d, d.Submit, trigger)
}
