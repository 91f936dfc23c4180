package main

import (
	"context"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"riskbook/app"
	"riskbook/assets"
	"riskbook/workspace"
)

// workspaces gives the desktop app the workspace layer, so that app/ never
// sees the packages below it: a *workspace.Workspace is an app.Workspace.
type workspaces struct{}

func (workspaces) Open(ctx context.Context, path string) (app.Workspace, error) {
	w, err := workspace.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (workspaces) Create(ctx context.Context, path, template string, s workspace.Setup) (app.Workspace, error) {
	w, err := workspace.CreateFor(ctx, path, template, "", s)
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (workspaces) Jobs(template string) ([]string, error) { return workspace.StarterJobs(template) }

var _ app.Workspace = (*workspace.Workspace)(nil)

// runDesktop starts the desktop app on path, or on the last workspace when
// path is empty, and returns when the window closes.
func runDesktop(path string) {
	a := fyneapp.NewWithID("org.riskbook.app")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(app.Theme())
	ui := app.New(a, workspaces{}, workspace.Version)
	ui.Start(path)
	ui.Window().ShowAndRun()
}
