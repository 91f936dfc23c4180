package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"riskbook/bcp"
	"riskbook/i18n"
)

// In a French window the grid of an English-made workspace shows the
// default categories and severities in French and the MTPD as DMIA, and
// still records a changed impact under the stored category name.
func TestImpactGridShowsDefaultsInTheReadersLanguage(t *testing.T) {
	i18n.SetDefault(i18n.French)
	t.Cleanup(func() { i18n.SetDefault(i18n.English) })
	var changed []string
	g := NewImpactGrid(func(c string, h, s int) { changed = append(changed, c) })
	s := bcp.DefaultSettings()
	s.Categories = append(s.Categories, "Staff safety") // the organisation's own
	g.Set(s, []bcp.Impact{{Category: "Reputation", Severities: []int{4, 5}}})
	test.NewTempApp(t)
	w := test.NewTempWindow(t, g)
	w.Resize(g.MinSize().Add(fyne.NewSquareSize(40)))
	r := test.WidgetRenderer(g).(*impactRenderer)
	rep := 2 // Reputation
	if got := g.CellText(rep, 0); got != "Majeur" {
		t.Errorf("cell: got %q, want Majeur", got)
	}
	if got := g.menu(rep, 0).Items[5].Label; got != "Critique" {
		t.Errorf("menu: got %q, want Critique", got)
	}
	if got := strings.TrimSpace(r.rows[rep][0].Text + " " + r.rows[rep][1].Text); got != "Réputation" {
		t.Errorf("row label: got %q, want Réputation", got)
	}
	if got := strings.TrimSpace(r.rows[5][0].Text + " " + r.rows[5][1].Text); got != "Staff safety" {
		t.Errorf("own category: got %q", got)
	}
	if r.tag.Text != "DMIA" {
		t.Errorf("tag: got %q, want DMIA", r.tag.Text)
	}
	g.TapCell(rep, 2)
	if len(changed) != 1 || changed[0] != "Reputation" {
		t.Errorf("changed %q, want the stored name Reputation", changed)
	}
}
