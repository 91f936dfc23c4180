package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
)

// biaSummary is what the dashboard shows of the business impact analysis:
// the activities whose ICT cannot meet their targets and the single points
// of failure, people first.
type biaSummary struct {
	Activities int
	Gaps       []dashBIAItem
	SPOFs      []dashBIAItem
}

// dashBIAItem is an activity with a readiness gap or a single point of
// failure, as a dashboard line.
type dashBIAItem struct {
	ID        int64
	Ref, Name string
	Detail    string
}

func newBIASummary(b *bcp.BIA) biaSummary {
	s := biaSummary{Activities: len(b.Activities)}
	for _, row := range bcp.Readiness(b) {
		if len(row.Gaps) > 0 {
			a := row.Activity
			// The card's heading already says these are readiness gaps.
			detail := row.Gaps[0]
			if g := row.GapTexts[0]; !g.Unknown {
				detail = g.Detail.String()
			}
			if more := len(row.Gaps) - 1; more > 0 {
				detail = i18n.N("dash.bia.gap_more", more, i18n.Args{"Gap": detail})
			}
			s.Gaps = append(s.Gaps, dashBIAItem{ID: a.ID, Ref: a.Ref, Name: a.Name, Detail: detail})
		}
	}
	for _, sp := range bcp.SinglePoints(b) {
		r := sp.Resource
		args := i18n.Args{"Kind": kindSingular(r.Kind), "Activities": strings.Join(sp.Activities, ", ")}
		detail := i18n.T("dash.bia.spof", args)
		if r.Kind == bcp.Person {
			detail = i18n.T("dash.bia.spof.person", args)
		}
		s.SPOFs = append(s.SPOFs, dashBIAItem{ID: r.ID, Ref: r.Ref, Name: r.Name, Detail: capitalise(detail)})
	}
	return s
}

// biaView lists the readiness gaps, each opening the Readiness screen, and
// the single points of failure, each opening its resource.
func (s *dashboardScreen) biaView(b biaSummary) fyne.CanvasObject {
	if b.Activities == 0 {
		return dashNote(i18n.T("dash.bia.none"))
	}
	box := container.NewVBox(dashSubheading(i18n.T("dash.bia.gaps")))
	if len(b.Gaps) == 0 {
		box.Add(dashGoodNews(i18n.T("dash.bia.gaps.none")))
	}
	shown := min(len(b.Gaps), dashListCap/2)
	for _, g := range b.Gaps[:shown] {
		box.Add(s.biaLink(g, func() { s.app.selectSection("Readiness") }))
	}
	s.addBIAMore(box, len(b.Gaps)-shown, "Readiness")
	box.Add(dashSubheading(i18n.T("dash.bia.spofs")))
	if len(b.SPOFs) == 0 {
		box.Add(dashGoodNews(i18n.T("dash.bia.spofs.none")))
	}
	shown = min(len(b.SPOFs), dashListCap/2)
	for _, sp := range b.SPOFs[:shown] {
		box.Add(s.biaLink(sp, func() { s.app.showResource(sp.ID) }))
	}
	s.addBIAMore(box, len(b.SPOFs)-shown, "Readiness")
	return box
}

// biaLink is a clickable BIA item with its detail in small print under it.
func (s *dashboardScreen) biaLink(it dashBIAItem, open func()) fyne.CanvasObject {
	l := widget.NewHyperlink(it.Ref+"  "+it.Name, nil)
	l.Wrapping = fyne.TextWrapWord
	l.OnTapped = open
	return container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()*2), l, dashMuted(it.Detail))
}

func (s *dashboardScreen) addBIAMore(box *fyne.Container, more int, section string) {
	if more <= 0 {
		return
	}
	l := widget.NewHyperlink(i18n.N("dash.more.readiness", more), nil)
	l.OnTapped = func() { s.app.selectSection(section) }
	box.Add(l)
}
