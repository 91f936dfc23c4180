package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"riskbook/export"
	"riskbook/importer"
	"riskbook/sqlite"
)

// testWorkspace is a real workspace whose exports are recorded rather than
// rendered: rendering is tested in export and main.
type testWorkspace struct {
	*sqlite.DB
	exports *[]testExport
}

type testExport struct {
	level     export.Level
	pdf, xlsx string
}

func (w testWorkspace) Export(_ context.Context, level export.Level, pdf, xlsx string) error {
	if w.exports != nil {
		*w.exports = append(*w.exports, testExport{level, pdf, xlsx})
	}
	return nil
}

// ImportRegister converts the plan as main does and applies it through the
// real store; the summary lists the references written.
func (w testWorkspace) ImportRegister(ctx context.Context, plan *importer.ImportPlan, update bool) (string, error) {
	imp := sqlite.Import{Source: plan.Source, SHA256: plan.SHA256, Activities: plan.Activities, Resources: plan.Resources}
	for _, pr := range plan.Risks {
		r := pr.Risk.Clone()
		if pr.UpdateOf == "" {
			imp.Create = append(imp.Create, r)
			continue
		}
		if !update {
			return "", fmt.Errorf("row %d updates %s but updates are not allowed", pr.Row, pr.UpdateOf)
		}
		r.Ref = pr.UpdateOf
		imp.Update = append(imp.Update, r)
	}
	res, err := w.DB.ImportRegister(ctx, imp)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Imported %s: created %s, updated %s.", plan.Source,
		strings.Join(res.Created, " "), strings.Join(res.Updated, " ")), nil
}

// testWorkspaces opens and creates real workspace files, as main does.
type testWorkspaces struct{}

func (testWorkspaces) Open(ctx context.Context, path string) (Workspace, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return testWorkspace{DB: db}, nil
}

func (testWorkspaces) Create(ctx context.Context, path, template string) (Workspace, error) {
	db, err := sqlite.CreateFromTemplate(ctx, path, template)
	if err != nil {
		return nil, err
	}
	return testWorkspace{DB: db}, nil
}

// newTestApp returns an App on a headless test driver with background work
// running inline and ws open. The workspace is closed when the test ends.
func newTestApp(t *testing.T, db *sqlite.DB) *App {
	t.Helper()
	a := New(test.NewTempApp(t), testWorkspaces{}, "test")
	a.background = func(f func()) { f() }
	if db != nil {
		a.setWorkspace(testWorkspace{DB: db})
	}
	t.Cleanup(a.closeWorkspace)
	return a
}

// newTestWorkspace creates a workspace from a template in t.TempDir().
func newTestWorkspace(t *testing.T, template string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.CreateFromTemplate(context.Background(), t.TempDir()+"/w.riskbook", template)
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	return db
}
