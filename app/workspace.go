// Package app is Riskbook's desktop user interface, built with Fyne. Each
// screen is one file holding a struct of its widgets and the narrow
// interface of the workspace it needs (declared in this file); the
// workspace, never a widget's text, is the source of truth. Every editor
// embeds the same machinery (draft.go): it loads a record into a draft,
// shows the domain's findings next to the fields, saves as the person
// works, and keeps an edit a rule or the store refuses on screen until it
// is fixed. The package never imports sqlite or workspace: main wires a
// Workspaces implementation in.
package app

import (
	"context"
	"time"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// RiskStore is what the register, editor, heat map and dashboard need.
type RiskStore interface {
	Criteria(ctx context.Context) (risk.Criteria, error)
	// RiskRows gives every risk's register row (risk.RowOf), in natural
	// reference order; Risk reads one risk whole.
	RiskRows(ctx context.Context) ([]risk.Row, error)
	Risk(ctx context.Context, id int64) (risk.Risk, error)
	CreateRisk(ctx context.Context, r *risk.Risk) error
	UpdateRisk(ctx context.Context, r *risk.Risk) error
	DeleteRisk(ctx context.Context, id int64) error
	NextRef(ctx context.Context) (string, error)
	Controls(ctx context.Context) ([]risk.Control, error)
	// BIA gives the activities and resources a risk can threaten.
	BIA(ctx context.Context) (*bcp.BIA, error)
}

// ControlStore is what the Controls & SoA screen needs.
type ControlStore interface {
	Catalogs(ctx context.Context) ([]risk.Catalog, error)
	SoA(ctx context.Context) ([]risk.SoAEntry, error)
	UpdateSoA(ctx context.Context, e *risk.SoAEntry) error
	Risks(ctx context.Context) ([]risk.Risk, error)
}

// CriteriaStore is what the Criteria screen needs.
type CriteriaStore interface {
	Criteria(ctx context.Context) (risk.Criteria, error)
	SetCriteria(ctx context.Context, c risk.Criteria) error
	Risks(ctx context.Context) ([]risk.Risk, error)
}

// BIAStore is the business impact analysis: its criteria, the activities
// and the resources they need. Each screen declares the part it uses.
type BIAStore interface {
	BIASettings(ctx context.Context) (bcp.Settings, error)
	SetBIASettings(ctx context.Context, s bcp.Settings) error
	Activities(ctx context.Context) ([]bcp.Activity, error)
	CreateActivity(ctx context.Context, a *bcp.Activity) error
	UpdateActivity(ctx context.Context, a *bcp.Activity) error
	DeleteActivity(ctx context.Context, id int64) error
	Resources(ctx context.Context) ([]bcp.Resource, error)
	CreateResource(ctx context.Context, r *bcp.Resource) error
	UpdateResource(ctx context.Context, r *bcp.Resource) error
	DeleteResource(ctx context.Context, id int64) error
	// BIA reads the settings, activities and resources in one transaction.
	BIA(ctx context.Context) (*bcp.BIA, error)
}

// PlaybookStore is the continuity playbooks: read, written, and made from
// the built-in scenario templates.
type PlaybookStore interface {
	Playbooks(ctx context.Context) ([]bcp.Playbook, error)
	Playbook(ctx context.Context, id int64) (bcp.Playbook, error)
	CreatePlaybook(ctx context.Context, p *bcp.Playbook) error
	UpdatePlaybook(ctx context.Context, p *bcp.Playbook) error
	DeletePlaybook(ctx context.Context, id int64) error
	// CreatePlaybookFromTemplate stores a new playbook made from the
	// built-in template with the name (assets.PlaybookTemplates), written
	// in the workspace's content language.
	CreatePlaybookFromTemplate(ctx context.Context, name string) (*bcp.Playbook, error)
	// ContentLanguage is the language the workspace's starter content was
	// written in, and its playbook templates are: "en", "fr", "es".
	ContentLanguage(ctx context.Context) (string, error)
}

// ActivationStore is the records of playbooks declared for incidents.
type ActivationStore interface {
	Activations(ctx context.Context) ([]bcp.Activation, error)
	CreateActivation(ctx context.Context, a *bcp.Activation) error
	UpdateActivation(ctx context.Context, a *bcp.Activation) error
	// Actor is the name recorded for edits made now; an activation stamps
	// it on the steps ticked and the log entries added.
	Actor(ctx context.Context) (string, error)
}

// ExerciseStore is the exercises of the playbooks, with the one step that
// turns a finding into a risk of the register.
type ExerciseStore interface {
	Exercises(ctx context.Context) ([]bcp.Exercise, error)
	CreateExercise(ctx context.Context, ex *bcp.Exercise) error
	UpdateExercise(ctx context.Context, ex *bcp.Exercise) error
	DeleteExercise(ctx context.Context, id int64) error
	// RaiseRiskFromFinding creates the risk a finding raises and records
	// its reference on the finding.
	RaiseRiskFromFinding(ctx context.Context, exerciseID int64, findingIndex int) (risk.Risk, bcp.Exercise, error)
}

// ContactStore is the people and organisations to call, with the call
// tree.
type ContactStore interface {
	Contacts(ctx context.Context) ([]bcp.Contact, error)
	CreateContact(ctx context.Context, c *bcp.Contact) error
	UpdateContact(ctx context.Context, c *bcp.Contact) error
	DeleteContact(ctx context.Context, id int64) error
}

// Importer applies a spreadsheet import: the same use case as riskbook
// import, refusals included (importer.ImportPlan.Refuse).
type Importer interface {
	// Import applies the plan in one transaction. A refusal's error holds
	// an *importer.Refusal.
	Import(ctx context.Context, plan *importer.ImportPlan, consent importer.Consent) (*importer.Outcome, error)
	// ImportedBefore says when a file with this SHA-256 was last imported.
	ImportedBefore(ctx context.Context, sha256 string) (time.Time, bool, error)
}

// Checker is the one whole-workspace check, the same as riskbook check's.
type Checker interface {
	// CheckEach reads the workspace and checks it, the register's risks
	// read and checked one at a time, keeping the findings keep wants and
	// counting all; with is given the records beside the risks and what
	// it returns sees every risk (see workspace.Workspace.CheckEach).
	CheckEach(ctx context.Context, now time.Time, keep func(*risk.Finding) bool, with func(rec *bcp.Workspace) func(*risk.Risk)) (*bcp.Workspace, bcp.Checked, error)
}

// Workspace is an open workspace file.
type Workspace interface {
	RiskStore
	ControlStore
	CriteriaStore
	BIAStore
	PlaybookStore
	ActivationStore
	ExerciseStore
	ContactStore
	Importer
	Checker
	Historian
	Register(ctx context.Context) (*risk.Register, error)
	Backup(ctx context.Context, out string) error
	// Export writes the documents the request asks for; the outcome says
	// which issue of the document it recorded and what the PDF could not
	// draw.
	Export(ctx context.Context, req export.Request) (*export.Outcome, error)
	// ScoringWorkbook writes the workbook of one owner's risks to out and
	// says how many risks it holds and the owner as the register spells it.
	ScoringWorkbook(ctx context.Context, owner, out string, lang i18n.Lang) (n int, name string, err error)
	// DocumentLanguage is the language documents are written in when the
	// person chooses none.
	DocumentLanguage(ctx context.Context) (i18n.Lang, error)
	Settings(ctx context.Context) (map[string]string, error)
	SetSetting(ctx context.Context, key, value string) error
	Assessments
	Trends
	Watcher
	Path() string
	// Connection says where a workspace on a server is (its short name)
	// and as whom it is connected; both are empty for a file.
	Connection() (where, login string)
	// ReadOnly says why the workspace cannot be changed ("its disk is
	// read-only"), or "" when it can.
	ReadOnly() string
	Close() error
}

// Assessments are the closed assessments of a workspace: frozen, named,
// dated copies of its records.
type Assessments interface {
	// CloseAssessment freezes the records as they are now under name.
	CloseAssessment(ctx context.Context, name string) (risk.Assessment, error)
	// Assessments lists those closed, oldest first.
	Assessments(ctx context.Context) ([]risk.Assessment, error)
	// Compare reads what changed from the point called from to the one
	// called to: closed assessments, or "today" for the live records as
	// they are at now; "" is the baseline for from and today for to.
	Compare(ctx context.Context, from, to string, now time.Time) (*bcp.Comparison, error)
}

// Workspaces opens and creates workspace files, and keeps them safe.
type Workspaces interface {
	// Open opens a workspace for writing, or read-only when it cannot be
	// written (Workspace.ReadOnly says why).
	Open(ctx context.Context, path string) (Workspace, error)
	// Connect opens the workspace on a server named by target, a
	// connection string or a connection file, with password when the
	// server asks for one ("": from PGPASSWORD or the pgpass file). The
	// password is used for this connection only.
	Connect(ctx context.Context, target, password string) (Workspace, error)
	// IsServer reports whether target names a workspace on a server
	// rather than a file.
	IsServer(target string) bool
	// Create makes a new workspace from a template ("cctld" or "blank"),
	// made out to the first start's answers (bcp.Setup, which may be empty).
	Create(ctx context.Context, path, template string, s bcp.Setup) (Workspace, error)
	// Jobs are the jobs of a template's team written in a language that
	// the first start offers each person.
	Jobs(template, lang string) ([]string, error)
	// ContentLanguages are the languages the starter content is written
	// in, English first, and the one to offer first: the system's.
	ContentLanguages() (langs []string, preferred string)
	// OpenAssessment opens the closed assessment called name of ws to be
	// looked at: read-only (ReadOnly says it is the assessment), its
	// documents those of the assessment as it was closed.
	OpenAssessment(ctx context.Context, ws Workspace, name string) (Workspace, error)
	Safekeeping
}

// Safekeeping is what keeps workspaces safe beyond the file itself: the
// automatic backups, the salvage of a damaged file, and the log where the
// technical detail behind a failure goes.
type Safekeeping interface {
	// Backups are the automatic backups of the workspace at path, newest
	// first.
	Backups(path string) ([]BackupCopy, error)
	// TakeBackup makes today's automatic backup of ws, replacing one made
	// earlier today only when replace is set and ws changed since.
	TakeBackup(ctx context.Context, ws Workspace, replace bool) error
	// KeepOffline refreshes the local read-only copy of ws when it is a
	// workspace on a server (nothing for a file), which Open opens when the
	// server cannot be reached.
	KeepOffline(ctx context.Context, ws Workspace) error
	// Restore puts the backup at backup in place of the workspace at path,
	// which must be closed, and returns where the replaced file is kept.
	Restore(ctx context.Context, backup, path string) (kept string, err error)
	// Salvage writes a new workspace at out with what can still be read
	// of the damaged workspace at src, and says what it recovered.
	Salvage(ctx context.Context, src, out string) ([]string, error)
	// LogPath is the log file.
	LogPath() string
}

// BackupCopy is one automatic backup of a workspace.
type BackupCopy struct {
	Path  string
	Label string // when it was made, for a person: "Thursday 5 March 2026, 14:02"
	// BeforeRestore marks the copy kept of a file a restore replaced.
	BeforeRestore bool
}
