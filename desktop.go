package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"github.com/go-gl/glfw/v3.3/glfw"

	"riskbook/app"
	"riskbook/assets"
	"riskbook/workspace"
)

// workspaces gives the desktop app the workspace layer, so that app/ never
// sees the packages below it: a *workspace.Workspace is an app.Workspace.
type workspaces struct {
	backups *workspace.Backups
	offline *workspace.OfflineCopies
	log     *workspace.Log
}

// Open opens the workspace at path; a server workspace whose server
// cannot be reached opens as its local copy, read-only.
func (ws workspaces) Open(ctx context.Context, path string) (app.Workspace, error) {
	w, err := ws.offline.OpenOrCopy(ctx, path, workspace.OpenOrRead)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// Connect opens the server workspace target with password, when given,
// for the server's question: never stored, never shown.
func (ws workspaces) Connect(ctx context.Context, target, password string) (app.Workspace, error) {
	if password != "" {
		ctx = workspace.WithPasswordPrompt(ctx, func(string) (string, error) { return password, nil })
	}
	return ws.Open(ctx, target)
}

func (workspaces) IsServer(target string) bool { return workspace.IsServer(target) }

func (workspaces) Create(ctx context.Context, path, template string, s workspace.Setup) (app.Workspace, error) {
	w, err := workspace.CreateFor(ctx, path, template, "", s)
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (workspaces) Jobs(template, lang string) ([]string, error) {
	return workspace.StarterJobs(template, lang)
}

func (workspaces) ContentLanguages() ([]string, string) {
	return workspace.ContentLanguages(), workspace.DefaultContentLanguage()
}

func (ws workspaces) Backups(path string) ([]app.BackupCopy, error) {
	list, err := ws.backups.List(path)
	out := make([]app.BackupCopy, len(list))
	for i, b := range list {
		out[i] = app.BackupCopy{Path: b.Path, Label: b.Label(), BeforeRestore: b.BeforeRestore}
	}
	return out, err
}

func (ws workspaces) TakeBackup(ctx context.Context, w app.Workspace, replace bool) error {
	ww, ok := w.(*workspace.Workspace)
	if !ok {
		return fmt.Errorf("back up %s: not a workspace of this build", w.Path())
	}
	_, err := ws.backups.Take(ctx, ww, replace)
	return err
}

func (ws workspaces) KeepOffline(ctx context.Context, w app.Workspace) error {
	ww, ok := w.(*workspace.Workspace)
	if !ok {
		return nil // a closed assessment's view: its workspace has its copy
	}
	_, err := ws.offline.Refresh(ctx, ww)
	return err
}

func (ws workspaces) Restore(ctx context.Context, backup, path string) (string, error) {
	return ws.backups.Restore(ctx, backup, path)
}

func (workspaces) Salvage(ctx context.Context, src, out string) ([]string, error) {
	rep, err := workspace.Salvage(ctx, src, out)
	if err != nil {
		return nil, err
	}
	return workspace.SalvageLines(rep), nil
}

func (ws workspaces) LogPath() string { return ws.log.Path }

func (workspaces) OpenAssessment(ctx context.Context, w app.Workspace, name string) (app.Workspace, error) {
	ww, ok := w.(*workspace.Workspace)
	if !ok {
		return nil, fmt.Errorf("open assessment %s of %s: not a workspace of this build", name, w.Path())
	}
	return ww.OpenAssessment(ctx, name)
}

var _ app.Workspace = (*workspace.Workspace)(nil)

// desktopMemoryLimit is the Go memory the desktop app collects garbage to
// stay within, unless GOMEMLIMIT sets another: the window's toolkit, fonts
// and graphics driver take about 160 MB of their own, and a register of
// 50,000 risks would otherwise let the heap grow to twice what it holds
// before collecting, past 300 MB in all. It is a goal, not a ceiling: a
// workspace that needs more gets more, collected more often. With 50,000
// risks open (scripts/bench-app, five runs) the app's peak is 275 MB at
// 112 MiB and 288 MB at 128 MiB, the register showing 0.1 s later; below
// 10,000 risks the heap stays under it.
const desktopMemoryLimit = 112 << 20

// limitDesktopMemory sets desktopMemoryLimit when the GOMEMLIMIT that
// getenv reads is unset; a set one, which the Go runtime has applied
// already, wins.
func limitDesktopMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(desktopMemoryLimit)
	}
}

// runDesktop starts the desktop app on path, or on the last workspace when
// path is empty, and returns when the window closes; or says why it cannot
// show a window here.
func runDesktop(path string) (err error) {
	if err := displayProblem(os.Getenv); err != nil {
		return err
	}
	defer func() {
		// The toolkit stops with a panic when it cannot open the display
		// (it logged why: "X11: Failed to open display").
		if r := recover(); r != nil {
			var ge *glfw.Error
			if e, ok := r.(error); ok && errors.As(e, &ge) && ge.Code.String() == "NotInitialized" {
				if err = displayFailed(os.Getenv); err != nil {
					return
				}
			}
			panic(r)
		}
	}()
	limitDesktopMemory(os.Getenv)
	data, err := workspace.DataDir()
	if err != nil {
		data = os.TempDir()
	}
	ws := workspaces{backups: workspace.NewBackups(data), offline: workspace.NewOfflineCopies(data), log: workspace.NewLog(data)}
	log.SetFlags(0)
	log.SetOutput(workspace.Dated(io.MultiWriter(os.Stderr, ws.log)))
	a := fyneapp.NewWithID("org.riskbook.app")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(app.Theme())
	ui := app.New(a, ws, workspace.Version)
	ui.Start(path)
	ui.Window().ShowAndRun()
	return nil
}
