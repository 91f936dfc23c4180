package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

type criteriaScreen struct{ label *widget.Label }

func newCriteriaScreen(ws Workspace, a *App) *criteriaScreen {
	return &criteriaScreen{label: widget.NewLabel("criteria")}
}

func (s *criteriaScreen) view() fyne.CanvasObject { return s.label }
func (s *criteriaScreen) reload()                 {}
