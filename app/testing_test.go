package app

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/sqlite/pgtest"
	"riskbook/workspace"
)

// TestMain runs the app's tests in English, whatever the machine's
// language: they read the texts the screens show. The test of every
// screen in every language chooses its own.
func TestMain(m *testing.M) {
	i18n.SetDefault(i18n.English)
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// testWorkspace is a real workspace whose exports are recorded rather than
// rendered: rendering is tested in export, workspace and cli. Everything
// else, imports and checks included, runs the real workspace layer.
type testWorkspace struct {
	*workspace.Workspace
	exports *[]export.Request
	// scorings records the scoring workbooks asked for, "owner → path".
	scorings *[]string
}

func (w testWorkspace) Export(_ context.Context, req export.Request) (*export.Outcome, error) {
	if w.exports != nil {
		*w.exports = append(*w.exports, req)
	}
	return &export.Outcome{}, nil
}

func (w testWorkspace) ScoringWorkbook(_ context.Context, owner, out string, _ i18n.Lang) (int, string, error) {
	if w.scorings != nil {
		*w.scorings = append(*w.scorings, owner+" → "+out)
	}
	return 1, owner, nil
}

// testWorkspaces opens and creates real workspace files and keeps their
// backups and log in a data folder of the test, as main does.
type testWorkspaces struct {
	backups *workspace.Backups
	offline *workspace.OfflineCopies
	log     *workspace.Log
}

func newTestWorkspaces(t testing.TB) testWorkspaces {
	data := t.TempDir()
	return testWorkspaces{backups: workspace.NewBackups(data), offline: workspace.NewOfflineCopies(data), log: workspace.NewLog(data)}
}

func (ws testWorkspaces) Open(ctx context.Context, path string) (Workspace, error) {
	w, err := workspace.OpenOrRead(ctx, path)
	if err != nil {
		if w, err = ws.offline.Fallback(ctx, path, err); err != nil {
			return nil, err
		}
	}
	return testWorkspace{Workspace: w}, nil
}

func (ws testWorkspaces) KeepOffline(ctx context.Context, w Workspace) error {
	tw, ok := w.(interface{ real() *workspace.Workspace })
	if !ok {
		return nil // a closed assessment's view
	}
	_, err := ws.offline.Refresh(ctx, tw.real())
	return err
}

func (ws testWorkspaces) Backups(path string) ([]BackupCopy, error) {
	list, err := ws.backups.List(path)
	out := make([]BackupCopy, len(list))
	for i, b := range list {
		out[i] = BackupCopy{Path: b.Path, Label: b.Label(), BeforeRestore: b.BeforeRestore}
	}
	return out, err
}

// real is the workspace under a test's wrapping of one (testWorkspace
// and the types that embed it).
func (w testWorkspace) real() *workspace.Workspace { return w.Workspace }

func (ws testWorkspaces) TakeBackup(ctx context.Context, w Workspace, replace bool) error {
	_, err := ws.backups.Take(ctx, w.(interface{ real() *workspace.Workspace }).real(), replace)
	return err
}

func (ws testWorkspaces) Restore(ctx context.Context, backup, path string) (string, error) {
	return ws.backups.Restore(ctx, backup, path)
}

func (testWorkspaces) Salvage(ctx context.Context, src, out string) ([]string, error) {
	rep, err := workspace.Salvage(ctx, src, out)
	if err != nil {
		return nil, err
	}
	return workspace.SalvageLines(rep), nil
}

func (ws testWorkspaces) LogPath() string { return ws.log.Path }

func (ws testWorkspaces) Connect(ctx context.Context, target, password string) (Workspace, error) {
	if password != "" {
		ctx = workspace.WithPasswordPrompt(ctx, func(string) (string, error) { return password, nil })
	}
	return ws.Open(ctx, target)
}

func (testWorkspaces) IsServer(target string) bool { return workspace.IsServer(target) }

func (testWorkspaces) Create(ctx context.Context, path, template string, s bcp.Setup) (Workspace, error) {
	w, err := workspace.CreateFor(ctx, path, template, "", s)
	if err != nil {
		return nil, err
	}
	return testWorkspace{Workspace: w}, nil
}

func (testWorkspaces) Jobs(template, lang string) ([]string, error) {
	return workspace.StarterJobs(template, lang)
}

func (testWorkspaces) ContentLanguages() ([]string, string) {
	return workspace.ContentLanguages(), workspace.DefaultContentLanguage()
}

func (testWorkspaces) OpenAssessment(ctx context.Context, ws Workspace, name string) (Workspace, error) {
	return ws.(testWorkspace).OpenAssessment(ctx, name)
}

// newTestApp returns an App on a headless test driver with background work
// running inline and ws open. The workspace is closed when the test ends.
func newTestApp(t *testing.T, db *workspace.Workspace) *App {
	t.Helper()
	a := New(test.NewTempApp(t), newTestWorkspaces(t), "test")
	a.background = func(f func()) { f() }
	if db != nil {
		a.setWorkspace(testWorkspace{Workspace: db})
	}
	t.Cleanup(a.closeWorkspace)
	return a
}

// newTestWorkspace creates a workspace from a template in t.TempDir().
func newTestWorkspace(t *testing.T, template string) *workspace.Workspace {
	t.Helper()
	db, err := workspace.Create(context.Background(), t.TempDir()+"/w.riskbook", template, "")
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	return db
}

// onDay sets the workspace's clock to noon UTC on day, so that the store
// judges the dates a screen enters (none may lie in the future) against
// the same day as the screen under test.
func onDay(db *workspace.Workspace, day risk.Date) {
	db.Now = func() time.Time { return time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.UTC) }
}
