package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"riskbook/risk"
)

type risksScreen struct{ label *widget.Label }

func newRisksScreen(ws Workspace, a *App) *risksScreen {
	return &risksScreen{label: widget.NewLabel("risks")}
}

func (s *risksScreen) view() fyne.CanvasObject { return s.label }
func (s *risksScreen) reload()                 {}
func (s *risksScreen) openRisk(id int64)       {}
func (s *risksScreen) setFilter(f risk.Filter) {}
func (s *risksScreen) flush()                  {}

func (s *risksScreen) newRisk()       {}
func (s *risksScreen) duplicateRisk() {}
func (s *risksScreen) deleteRisk()    {}
func (s *risksScreen) focusSearch()   {}
func (s *risksScreen) step(int)       {}
func (s *risksScreen) closeEditor()   {}
