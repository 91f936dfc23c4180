package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

type dashboardScreen struct{ label *widget.Label }

func newDashboard(ws Workspace, a *App) *dashboardScreen {
	return &dashboardScreen{label: widget.NewLabel("dashboard")}
}

func (s *dashboardScreen) view() fyne.CanvasObject { return s.label }
func (s *dashboardScreen) reload()                 {}
