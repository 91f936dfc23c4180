package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// The rows of the playbook editor: roles, the steps of each phase, and the
// communications. Each row's callbacks reach the draft by index; any
// change to the number or order of rows rebuilds them, so the indexes stay
// right.

// roleFields are the fields of one role.
type roleFields struct {
	name               *commitEntry
	primary, alternate *holderField
	// steps is the name the steps and declarers use for the role: renaming
	// the role renames them too, and clearing the name keeps it for when a
	// new one is typed.
	steps string
}

// stepFields are the fields of one step that change with the roles or
// must be committed before saving.
type stepFields struct {
	phase, step int
	what        *commitEntry
	who         *widget.Select
	when        *durationField
}

// fillRoles rebuilds the role rows from the draft.
func (e *playbookEditor) fillRoles() {
	e.roles = nil
	e.fillRows(e.roleBox, "roles", len(e.draft.Roles), e.roleRow,
		i18n.T("playbooks.roles.none"))
}

func (e *playbookEditor) roleRow(i int) fyne.CanvasObject {
	r := e.draft.Roles[i]
	key := func(field string) string { return fmt.Sprintf("roles[%d].%s", i, field) }
	f := &roleFields{steps: r.Name}
	e.roles = append(e.roles, f)
	f.name = e.entry(false, i18n.T("playbooks.role.name.hint"), func(v string) { e.renameRole(i, v) })
	f.name.TextStyle = fyne.TextStyle{Bold: true}
	duties := e.entry(true, i18n.T("playbooks.role.duties.hint"), func(v string) { e.draft.Roles[i].Responsibilities = v })
	people := e.people()
	f.primary = e.holderField(i, false, i18n.T("playbooks.role.primary.hint"))
	f.alternate = e.holderField(i, true, i18n.T("playbooks.role.alternate.hint"))
	f.name.setQuietly(r.Name)
	setProse(duties, r.Responsibilities, 2)
	f.primary.fill(people)
	f.alternate.fill(people)
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.removeRole(i) })
	remove.Importance = widget.LowImportance
	m := e.messages
	return container.NewVBox(formOf(
		m.row(i18n.T("playbooks.field.role"), container.NewBorder(nil, nil, nil, remove, f.name), key("name")),
		m.row(i18n.T("playbooks.field.duties"), duties, key("responsibilities")),
		m.row(i18n.T("playbooks.field.primary"), f.primary.view(), key("primary")),
		m.row(i18n.T("playbooks.field.alternate"), f.alternate.view(), key("alternate")),
	), widget.NewSeparator())
}

// renameRole renames role i, and the steps and declarers that use its
// name, unless another role has that name too.
func (e *playbookEditor) renameRole(i int, name string) {
	e.draft.Roles[i].Name = name
	f := e.roles[i]
	old, name := strings.TrimSpace(f.steps), strings.TrimSpace(name)
	if name == "" {
		return
	}
	f.steps = name
	if old == "" || e.otherRoleNamed(old, i) {
		e.fillRoleChoices()
		return
	}
	for pi := range e.draft.Phases {
		for si := range e.draft.Phases[pi].Steps {
			if s := &e.draft.Phases[pi].Steps[si]; strings.EqualFold(strings.TrimSpace(s.Who), old) {
				s.Who = name
			}
		}
	}
	for di, d := range e.draft.MayDeclare {
		if strings.EqualFold(strings.TrimSpace(d), old) {
			e.draft.MayDeclare[di] = name
		}
	}
	e.fillRoleChoices()
}

func (e *playbookEditor) otherRoleNamed(name string, except int) bool {
	for i, r := range e.draft.Roles {
		if i != except && strings.EqualFold(strings.TrimSpace(r.Name), name) {
			return true
		}
	}
	return false
}

// roleNames are the distinct names of the draft's roles, in their order.
func (e *playbookEditor) roleNames() []string {
	var out []string
	for _, r := range e.draft.Roles {
		name := strings.TrimSpace(r.Name)
		if name != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, name) }) {
			out = append(out, name)
		}
	}
	return out
}

// fillRoleChoices offers the role names where a role is chosen: who may
// declare, who does each step, and the owner.
func (e *playbookEditor) fillRoleChoices() {
	names := e.roleNames()
	e.declare.Options = names
	var declared []string
	for _, d := range e.draft.MayDeclare {
		if n, ok := matchName(names, d); ok {
			declared = append(declared, n)
		}
	}
	e.declare.Selected = declared // set directly: SetSelected would report a change
	e.declare.Refresh()
	for _, f := range e.steps {
		f.who.Options = names
		e.selectRole(f.who, e.draft.Phases[f.phase].Steps[f.step].Who)
	}
	owners := slices.Clone(names)
	for _, p := range e.people() {
		owners = appendUnique(owners, p)
	}
	e.owner.SetOptions(owners)
}

// matchName finds name among names without regard to case or spaces.
func matchName(names []string, name string) (string, bool) {
	i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, strings.TrimSpace(name)) })
	if i < 0 {
		return "", false
	}
	return names[i], true
}

// selectRole shows the role named v in s, or nothing when there is no
// such role: Select keeps its old value when asked for one it lacks.
func (e *playbookEditor) selectRole(s *widget.Select, v string) {
	on := s.OnChanged
	s.OnChanged = nil
	s.ClearSelected()
	if n, ok := matchName(s.Options, v); ok {
		s.SetSelected(n)
	}
	s.OnChanged = on
}

// addRole adds a role with a name to replace and puts the cursor in it.
func (e *playbookEditor) addRole() {
	name := i18n.T("playbooks.role.new")
	for n := 2; e.otherRoleNamed(name, -1); n++ {
		name = i18n.T("playbooks.role.newn", i18n.Args{"N": n})
	}
	e.draft.Roles = append(e.draft.Roles, bcp.Role{Name: name})
	e.fillRoles()
	e.fillRoleChoices()
	e.edited(true)
	last := e.roles[len(e.roles)-1].name
	focusSelected(e.app.win.Canvas(), last)
}

// removeRole removes role i; a role that steps still use is kept, with the
// reason, rather than leave those steps to nobody.
func (e *playbookEditor) removeRole(i int) {
	name := strings.TrimSpace(e.draft.Roles[i].Name)
	used := 0
	for _, ph := range e.draft.Phases {
		for _, s := range ph.Steps {
			if name != "" && strings.EqualFold(strings.TrimSpace(s.Who), name) {
				used++
			}
		}
	}
	if used > 0 && !e.otherRoleNamed(name, i) {
		e.app.inform(e.app.win, i18n.T("playbooks.role.inuse.title"),
			i18n.N("playbooks.role.inuse", used, i18n.Args{"Name": name}))
		return
	}
	e.commitTimes()
	e.draft.Roles = slices.Delete(e.draft.Roles, i, i+1)
	e.draft.MayDeclare = slices.DeleteFunc(e.draft.MayDeclare, func(d string) bool {
		return strings.EqualFold(strings.TrimSpace(d), name) && !e.otherRoleNamed(name, -1)
	})
	e.fillRoles()
	e.fillRoleChoices()
	e.edited(true)
}

// phaseList is the order the accordion shows phases in: the six phases,
// then any other the draft has, so that its findings have a place.
func (e *playbookEditor) phaseList() []bcp.Phase {
	out := slices.Clone(bcp.Phases)
	for _, ph := range e.draft.Phases {
		if !slices.Contains(out, ph.Phase) {
			out = append(out, ph.Phase)
		}
	}
	return out
}

// phaseIndex is where the draft holds the phase's steps, or -1.
func (e *playbookEditor) phaseIndex(ph bcp.Phase) int {
	return slices.IndexFunc(e.draft.Phases, func(p bcp.PhaseSteps) bool { return p.Phase == ph })
}

// fillPhases rebuilds the phases and their steps, keeping open the phases
// that were.
func (e *playbookEditor) fillPhases() {
	e.quietly(func() {
		if e.phases != nil {
			for k, it := range e.phases.Items {
				e.open[e.phaseOrder[k]] = it.Open
			}
		}
		e.messages.forget("phases[")
		e.steps = nil
		e.phaseOrder = e.phaseList()
		acc := widget.NewAccordion()
		acc.MultiOpen = true
		for _, ph := range e.phaseOrder {
			item := widget.NewAccordionItem(e.phaseTitle(ph, 0), e.phaseDetail(ph))
			item.Open = e.open[ph]
			acc.Append(item)
		}
		e.phases = acc
		e.phaseBox.Objects = []fyne.CanvasObject{acc}
		e.phaseBox.Refresh()
	})
}

// phaseTitle names a phase with its number of steps and of problems.
func (e *playbookEditor) phaseTitle(ph bcp.Phase, problems int) string {
	n := 0
	if i := e.phaseIndex(ph); i >= 0 {
		n = len(e.draft.Phases[i].Steps)
	}
	title := i18n.N("playbooks.phase.title", n, i18n.Args{"Phase": bcp.PhaseName(ph)})
	if problems > 0 {
		title = i18n.N("playbooks.phase.problems", problems, i18n.Args{"Title": title})
	}
	return title
}

// showPhaseTitles counts each phase's findings in its title, so a closed
// phase still says it needs attention.
func (e *playbookEditor) showPhaseTitles(fs []risk.Finding) {
	if e.phases == nil {
		return
	}
	changed := false
	for k, ph := range e.phaseOrder {
		problems := 0
		if i := e.phaseIndex(ph); i >= 0 {
			prefix := fmt.Sprintf("phases[%d]", i)
			for _, f := range fs {
				if strings.HasPrefix(f.Field, prefix) && f.Severity != risk.SeverityInfo {
					problems++
				}
			}
		}
		if t := e.phaseTitle(ph, problems); k < len(e.phases.Items) && e.phases.Items[k].Title != t {
			e.phases.Items[k].Title = t
			changed = true
		}
	}
	if changed {
		e.phases.Refresh()
	}
}

// phaseDetail is what an open phase shows: its steps and a button to add
// one.
func (e *playbookEditor) phaseDetail(ph bcp.Phase) fyne.CanvasObject {
	box := container.NewVBox()
	i := e.phaseIndex(ph)
	if i >= 0 {
		box.Add(e.messages.label(fmt.Sprintf("phases[%d].phase", i)))
		for j := range e.draft.Phases[i].Steps {
			box.Add(e.stepRow(i, j))
		}
	}
	if i < 0 || len(e.draft.Phases[i].Steps) == 0 {
		box.Add(lowLabel(i18n.T("playbooks.phase.nostep")))
	}
	add := widget.NewButtonWithIcon(i18n.T("playbooks.phase.addstep", i18n.Args{"Phase": bcp.PhaseName(ph)}), theme.ContentAddIcon(), func() { e.addStep(ph) })
	box.Add(container.NewHBox(add))
	return box
}

func (e *playbookEditor) step(i, j int) *bcp.Step { return &e.draft.Phases[i].Steps[j] }

// stepRow is one step: its number and buttons to move or remove it, over
// its fields.
func (e *playbookEditor) stepRow(i, j int) fyne.CanvasObject {
	s := e.step(i, j)
	key := func(field string) string { return fmt.Sprintf("phases[%d].steps[%d].%s", i, j, field) }
	f := &stepFields{phase: i, step: j}
	f.what = e.entry(false, i18n.T("playbooks.step.what.hint"), func(v string) { e.step(i, j).What = v })
	f.who = widget.NewSelect(e.roleNames(), func(v string) {
		if !e.loading {
			e.step(i, j).Who = v
			e.edited(true)
		}
	})
	f.who.PlaceHolder = i18n.T("playbooks.step.who.hint")
	e.selectRole(f.who, s.Who)
	f.when = newDurationField(i18n.T("playbooks.step.when.hint"), func() { e.edited(false) },
		func(d bcp.Duration) { e.step(i, j).When = d }, e.flush)
	f.when.set(s.When)
	e.messages.showsAs(f.when.view(), durationShown)
	where := e.entry(false, i18n.T("playbooks.step.where.hint"), func(v string) { e.step(i, j).Where = v })
	how := e.entry(true, i18n.T("playbooks.step.how.hint"), func(v string) { e.step(i, j).How = v })
	checklist := e.entry(true, i18n.T("playbooks.step.checklist.hint"), func(v string) { e.step(i, j).Checklist = strings.Split(v, "\n") })
	f.what.setQuietly(s.What)
	where.setQuietly(s.Where)
	setProse(how, s.How, 2)
	setProse(checklist, strings.Join(s.Checklist, "\n"), 2)
	e.steps = append(e.steps, f)

	number := widget.NewLabelWithStyle(i18n.T("playbooks.step.number", i18n.Args{"N": j + 1}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.moveStep(i, j, -1) })
	down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.moveStep(i, j, 1) })
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.confirmRemoveStep(i, j) })
	for _, b := range []*widget.Button{up, down, remove} {
		b.Importance = widget.LowImportance
	}
	if j == 0 {
		up.Disable()
	}
	if j == len(e.draft.Phases[i].Steps)-1 {
		down.Disable()
	}
	m := e.messages
	return container.NewVBox(
		container.NewBorder(nil, nil, number, container.NewHBox(up, down, remove)),
		formOf(
			m.row(i18n.T("playbooks.field.what"), f.what, key("what")),
			m.row(i18n.T("playbooks.field.who"), f.who, key("who")),
			m.row(i18n.T("playbooks.field.when"), f.when.view(), key("when")),
			m.row(i18n.T("playbooks.field.restores"), e.restoresField(i, j), key("restores")),
			m.row(i18n.T("playbooks.field.where"), where, key("where")),
			m.row(i18n.T("playbooks.field.how"), how, key("how")),
			m.row(i18n.T("playbooks.field.checklist"), checklist, key("checklist")),
		),
		widget.NewSeparator())
}

// restoresField is the activities of the playbook that are running again
// once step j of phase i is done: its target time is held to their RTOs.
func (e *playbookEditor) restoresField(i, j int) fyne.CanvasObject {
	if len(e.draft.Activities) == 0 {
		return lowLabel(i18n.T("playbooks.step.restores.none"))
	}
	group := widget.NewCheckGroup(e.draft.Activities, nil)
	group.Horizontal = true
	group.Selected = append([]string(nil), e.step(i, j).Restores...)
	group.OnChanged = func(refs []string) {
		if !e.loading {
			e.step(i, j).Restores = append([]string(nil), refs...)
			e.edited(true)
		}
	}
	return group
}

// commitTimes takes the target times typed but not yet committed into the
// draft, before saving or rebuilding the steps.
func (e *playbookEditor) commitTimes() {
	for _, f := range e.steps {
		f.when.commit()
	}
}

// addStep adds a step at the end of the phase, done by the role of the
// step before it, and puts the cursor in its text.
func (e *playbookEditor) addStep(ph bcp.Phase) {
	e.commitTimes()
	i := e.phaseIndex(ph)
	if i < 0 {
		// Keep the phases in the order a team goes through them.
		rank := slices.Index(bcp.Phases, ph)
		i = slices.IndexFunc(e.draft.Phases, func(p bcp.PhaseSteps) bool {
			r := slices.Index(bcp.Phases, p.Phase)
			return r < 0 || r > rank
		})
		if i < 0 {
			i = len(e.draft.Phases)
		}
		e.draft.Phases = slices.Insert(e.draft.Phases, i, bcp.PhaseSteps{Phase: ph})
	}
	who := ""
	if steps := e.draft.Phases[i].Steps; len(steps) > 0 {
		who = steps[len(steps)-1].Who
	} else if names := e.roleNames(); len(names) > 0 {
		who = names[0]
	}
	e.draft.Phases[i].Steps = append(e.draft.Phases[i].Steps, bcp.Step{What: i18n.T("playbooks.step.new"), Who: who})
	e.open[ph] = true
	e.fillPhases()
	e.edited(true)
	what := e.steps[slices.IndexFunc(e.steps, func(f *stepFields) bool {
		return f.phase == i && f.step == len(e.draft.Phases[i].Steps)-1
	})].what
	focusSelected(e.app.win.Canvas(), what)
}

// moveStep moves step j of phase i by delta places within the phase.
func (e *playbookEditor) moveStep(i, j, delta int) {
	steps := e.draft.Phases[i].Steps
	if k := j + delta; k >= 0 && k < len(steps) {
		e.commitTimes()
		steps[j], steps[k] = steps[k], steps[j]
		e.fillPhases()
		e.edited(true)
	}
}

func (e *playbookEditor) confirmRemoveStep(i, j int) {
	s := e.step(i, j)
	e.app.confirm(e.app.win, i18n.T("playbooks.step.remove.title"),
		i18n.T("playbooks.step.remove.message", i18n.Args{"N": j + 1, "Phase": bcp.PhaseName(e.draft.Phases[i].Phase), "What": s.What}),
		i18n.T("playbooks.remove"), func() { e.removeStep(i, j) })
}

// removeStep removes step j of phase i.
func (e *playbookEditor) removeStep(i, j int) {
	e.commitTimes()
	e.draft.Phases[i].Steps = slices.Delete(e.draft.Phases[i].Steps, j, j+1)
	e.fillPhases()
	e.edited(true)
}

// lowLabel is a quiet, wrapping line saying what an empty list means.
func lowLabel(text string) *widget.Label {
	l := wrapLabel(text)
	l.Importance = widget.LowImportance
	return l
}
