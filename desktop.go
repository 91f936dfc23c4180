package main

import (
	"context"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"riskbook/app"
	"riskbook/assets"
	"riskbook/sqlite"
)

// workspaces gives the desktop app the workspace files, so that app/ never
// sees the sqlite package.
type workspaces struct{}

func (workspaces) Open(ctx context.Context, path string) (app.Workspace, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return workspace{db}, nil
}

func (workspaces) Create(ctx context.Context, path, template string) (app.Workspace, error) {
	db, err := sqlite.CreateFromTemplate(ctx, path, template)
	if err != nil {
		return nil, err
	}
	return workspace{db}, nil
}

// runDesktop starts the desktop app on path, or on the last workspace when
// path is empty, and returns when the window closes.
func runDesktop(path string) {
	a := fyneapp.NewWithID("org.riskbook.app")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	ui := app.New(a, workspaces{}, version)
	ui.Start(path)
	ui.Window().ShowAndRun()
}
