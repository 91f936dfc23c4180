package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// refOption is something a reference picker can link: an activity, a
// resource or a site.
type refOption struct {
	Ref, Name string
	Detail    string // shown after the name, e.g. a resource's kind
}

func (o refOption) line() string {
	text := o.Ref + "  " + o.Name
	if o.Detail != "" {
		text += " (" + o.Detail + ")"
	}
	return text
}

// refPicker edits a list of references: each linked item with a button to
// unlink it, and a field to link more that suggests matching items as the
// person types. Linked items open elsewhere when open is set.
type refPicker struct {
	options  []refOption
	refs     []string
	empty    string
	onChange func([]string)
	open     func(ref string) // nil: items are plain text
	loading  bool

	list *fyne.Container
	pick *widget.SelectEntry
	root fyne.CanvasObject
}

// newRefPicker returns a picker whose placeholder invites linking and whose
// empty text says what no link means. onChange gets the new list after each
// link or unlink.
func newRefPicker(placeholder, empty string, onChange func([]string)) *refPicker {
	p := &refPicker{empty: empty, onChange: onChange, list: container.NewVBox()}
	p.pick = widget.NewSelectEntry(nil)
	p.pick.SetPlaceHolder(placeholder)
	p.pick.OnChanged = p.onPicked
	p.root = container.NewVBox(p.list, p.pick)
	return p
}

func (p *refPicker) view() fyne.CanvasObject { return p.root }

// set shows the linked references and what can be linked, without
// reporting a change.
func (p *refPicker) set(refs []string, options []refOption) {
	p.refs, p.options = slices.Clone(refs), options
	p.fill()
	p.clearPick()
}

func (p *refPicker) fill() {
	p.list.RemoveAll()
	for _, ref := range p.refs {
		p.list.Add(p.item(ref))
	}
	if len(p.refs) == 0 {
		none := widget.NewLabel(p.empty)
		none.Importance = widget.LowImportance
		none.Wrapping = fyne.TextWrapWord
		p.list.Add(none)
	}
}

// item is one linked reference with its unlink button. A reference that no
// longer exists still shows, so it can be unlinked.
func (p *refPicker) item(ref string) fyne.CanvasObject {
	text := i18n.T("ui.ref.not_found", i18n.Args{"Ref": ref})
	for _, o := range p.options {
		if strings.EqualFold(o.Ref, ref) {
			text = o.line()
		}
	}
	unlink := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { p.unlink(ref) })
	unlink.Importance = widget.LowImportance
	var label fyne.CanvasObject
	if p.open != nil {
		l := widget.NewHyperlink(text, nil)
		l.Truncation = fyne.TextTruncateEllipsis
		l.OnTapped = func() { p.open(ref) }
		label = l
	} else {
		l := widget.NewLabel(text)
		l.Truncation = fyne.TextTruncateEllipsis
		label = l
	}
	return container.NewBorder(nil, nil, nil, unlink, label)
}

// onPicked links a suggestion when one is chosen; typing filters them.
func (p *refPicker) onPicked(v string) {
	if p.loading {
		return
	}
	for _, o := range p.options {
		if v == o.line() {
			p.link(o.Ref)
			return
		}
	}
	p.filter(v)
}

func (p *refPicker) filter(text string) {
	text = strings.ToLower(strings.TrimSpace(text))
	var lines []string
	for _, o := range p.options {
		if slices.Contains(p.refs, o.Ref) {
			continue
		}
		if line := o.line(); text == "" || strings.Contains(strings.ToLower(line), text) {
			lines = append(lines, line)
		}
	}
	p.pick.SetOptions(lines)
}

func (p *refPicker) link(ref string) {
	if !slices.Contains(p.refs, ref) {
		p.refs = append(p.refs, ref)
		slices.SortFunc(p.refs, risk.CompareRefs)
	}
	p.clearPick()
	p.fill()
	p.onChange(slices.Clone(p.refs))
}

func (p *refPicker) unlink(ref string) {
	p.refs = slices.DeleteFunc(p.refs, func(r string) bool { return r == ref })
	p.clearPick()
	p.fill()
	p.onChange(slices.Clone(p.refs))
}

func (p *refPicker) clearPick() {
	p.loading = true
	p.pick.SetText("")
	p.loading = false
	p.filter("")
}
