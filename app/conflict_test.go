package app

import (
	"strings"
	"testing"

	"riskbook/i18n"
	"riskbook/risk"
)

// unnamed lists the fields of the record in the editor that the editor
// has no name for: the conflict choice would show them as field paths.
func (d *draftEditor[T]) unnamed(t *testing.T) (fields, names []string) {
	t.Helper()
	all, err := risk.DiffJSON("", recordJSON(d.draft))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		name := d.messages.fieldName(f.Field)
		names = append(names, name)
		if name == f.Field || strings.ContainsAny(name, "[_") {
			fields = append(fields, f.Field)
		}
	}
	return fields, names
}

// TestConflictNamesFields: the conflict choice names every field of every
// kind of record by the label its editor shows it under, in the person's
// language, with the item's number for a field of a list item; never by
// the change log's field path.
func TestConflictNamesFields(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.English, i18n.French} {
		t.Run(string(l), func(t *testing.T) {
			db := newTestWorkspace(t, "cctld")
			a := newTestApp(t, db)
			speak(t, a, l)
			check := func(kind string, fields, names []string) {
				t.Helper()
				if len(names) == 0 {
					t.Errorf("%s: no field to name", kind)
				}
				if len(fields) > 0 {
					t.Errorf("%s: no name for %s (names: %s)", kind, strings.Join(fields, ", "), strings.Join(names, " | "))
				}
			}
			for i, s := range a.sections {
				a.nav.Select(i)
				if _, ok := openFirst(s.scr); !ok {
					continue
				}
				var ed interface {
					unnamed(*testing.T) (fields, names []string)
				}
				var kind string
				switch scr := s.scr.(type) {
				case *activitiesScreen:
					ed, kind = scr.editor, "activity"
				case *playbooksScreen:
					ed, kind = scr.editor, "playbook"
				case *exercisesScreen:
					ed, kind = scr.editor, "exercise"
				case *contactsScreen:
					ed, kind = scr.editor, "contact"
				case *resourcesScreen:
					ed, kind = scr.editor, "resource"
				default:
					continue
				}
				f, n := ed.unnamed(t)
				check(kind, f, n)
			}
			a.selectSection("Risks")
			var withActions risk.Risk
			for _, r := range a.risks.rows {
				if len(r.risk.Actions) > 1 {
					withActions = *r.risk
					break
				}
			}
			if withActions.ID == 0 {
				t.Fatal("no risk of the starter workspace has two actions")
			}
			a.risks.openRisk(withActions.ID)
			f, n := a.risks.editor.unnamed(t)
			check("risk", f, n)
			due := a.risks.editor.messages.fieldName("actions[1].due")
			want := map[i18n.Lang]string{i18n.English: "Due (no. 2)", i18n.French: "Échéance (n° 2)"}[l]
			if due != want {
				t.Errorf("actions[1].due is named %q, want %q", due, want)
			}
		})
	}
}
