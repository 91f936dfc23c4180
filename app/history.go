package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// Historian reads a record's history from the change log.
type Historian interface {
	// History lists what happened to one record, oldest first, through its
	// renames: entity is the change-log entity ("risk", "playbook"…), key
	// its reference now.
	History(ctx context.Context, entity, key string) ([]risk.HistoryEntry, error)
}

// historyText is a record's history as a person reads it, newest first:
// who, when, and each field from its old value to its new one, named and
// written as fields does (the record's editor).
func historyText(h []risk.HistoryEntry, fields fieldShower, dates dateFormat) string {
	if len(h) == 0 {
		return i18n.T("shell.history.none")
	}
	var b strings.Builder
	for i := len(h) - 1; i >= 0; i-- {
		e := h[i]
		b.WriteString(historyLine(e, dates.stamp(e.At)) + "\n")
		for _, f := range e.Fields {
			switch e.Action {
			case "create":
				b.WriteString("    " + i18n.T("history.field.set", i18n.Args{"Field": fields.fieldName(f.Field),
					"Value": oneLine(fields.fieldValue(f.Field, f.After))}) + "\n")
			case "delete":
			default:
				b.WriteString("    " + i18n.T("history.field.changed", i18n.Args{"Field": fields.fieldName(f.Field),
					"Old": orDash(oneLine(fields.fieldValue(f.Field, f.Before))), "New": orDash(oneLine(fields.fieldValue(f.Field, f.After)))}) + "\n")
			}
		}
		if i > 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// oneLine shortens a value to one line of reasonable length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return s
}

// showHistory opens the history of one record, its fields named and
// written as fields does.
func (a *App) showHistory(entity, key string, fields fieldShower) {
	if a.ws == nil || key == "" {
		return
	}
	ws := a.ws
	async(a, func(ctx context.Context) ([]risk.HistoryEntry, error) {
		return ws.History(ctx, entity, key)
	}, func(h []risk.HistoryEntry, err error) {
		if err != nil {
			a.showError(err)
			return
		}
		text := widget.NewLabel(historyText(h, fields, a.dates))
		text.Wrapping = fyne.TextWrapWord
		text.TextStyle = fyne.TextStyle{Monospace: false}
		d := dialog.NewCustom(i18n.T("shell.history.title", i18n.Args{"Key": key}), i18n.T("shell.close"), container.NewVScroll(text), a.win)
		d.Resize(fyne.NewSize(760, 520))
		a.present(a.win, d, d.Hide, nil)
	})
}

// historyLine says who did what to the record, and when.
func historyLine(e risk.HistoryEntry, when string) string {
	args := i18n.Args{"When": when, "Who": or(e.Actor, i18n.T("shell.history.someone")), "Key": e.Key}
	switch e.Action {
	case "create":
		return i18n.T("shell.history.created", args)
	case "delete":
		return i18n.T("shell.history.deleted", args)
	}
	return i18n.T("shell.history.changed", args)
}
