package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// Exercises (migration 005). The scalar fields have columns; the lists
// (playbooks played, injects, participants, objectives, results, findings,
// improvement actions) are one canonical JSON body. The references they
// hold are text, judged by the rules rather than refused: an exercise
// records what was played on the day.

var exerciseColumns = []string{"ref", "title", "type", "date", "scenario", "report_date", "body", "created", "updated"}

// exerciseBody is what the body column holds.
type exerciseBody struct {
	Playbooks    []string                `json:"playbooks"`
	Injects      []bcp.Inject            `json:"injects"`
	Participants []string                `json:"participants"`
	Objectives   []string                `json:"objectives"`
	Results      []bcp.Result            `json:"results"`
	Findings     []bcp.Finding           `json:"findings"`
	Actions      []bcp.ImprovementAction `json:"actions"`
}

var (
	insertExerciseSQL = fmt.Sprintf("INSERT INTO exercises (%s) VALUES (%s) RETURNING id",
		strings.Join(exerciseColumns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(exerciseColumns)), ", "))
	updateExerciseSQL = fmt.Sprintf("UPDATE exercises SET %s = ? WHERE id = ?", strings.Join(exerciseColumns, " = ?, "))
	selectExerciseSQL = "SELECT id, " + strings.Join(exerciseColumns, ", ") + " FROM exercises"
)

func exerciseValues(ex *bcp.Exercise) ([]any, error) {
	body, err := canonicalJSON(exerciseBody{Playbooks: ex.Playbooks, Injects: ex.Injects, Participants: ex.Participants,
		Objectives: ex.Objectives, Results: ex.Results, Findings: ex.Findings, Actions: ex.Actions})
	if err != nil {
		return nil, fmt.Errorf("encode exercise %s: %w", ex.Ref, err)
	}
	return []any{ex.Ref, ex.Title, string(ex.Type), ex.Date.String(), ex.Scenario, ex.ReportDate.String(), body,
		formatTime(ex.Created), formatTime(ex.Updated)}, nil
}

func scanExercise(s rowScanner) (bcp.Exercise, error) {
	var ex bcp.Exercise
	var typ, date, report, body, created, updated string
	if err := s.Scan(&ex.ID, &ex.Ref, &ex.Title, &typ, &date, &ex.Scenario, &report, &body, &created, &updated); err != nil {
		return ex, err
	}
	ex.Type = bcp.ExerciseType(typ)
	var b exerciseBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return ex, fmt.Errorf("exercise %s: malformed body: %w", ex.Ref, err)
	}
	ex.Playbooks, ex.Injects, ex.Participants, ex.Objectives = b.Playbooks, b.Injects, b.Participants, b.Objectives
	ex.Results, ex.Findings, ex.Actions = b.Results, b.Findings, b.Actions
	var err error
	if ex.Date, err = risk.ParseDate(date); err != nil {
		return ex, fmt.Errorf("exercise %s: %w", ex.Ref, err)
	}
	if ex.ReportDate, err = risk.ParseDate(report); err != nil {
		return ex, fmt.Errorf("exercise %s: %w", ex.Ref, err)
	}
	if err := parseStamps("exercise", ex.Ref, created, updated, &ex.Created, &ex.Updated); err != nil {
		return ex, err
	}
	return ex, nil
}

// Exercises returns every exercise in natural reference order.
func (db *DB) Exercises(ctx context.Context) ([]bcp.Exercise, error) {
	v, err := exercises(ctx, db.read, "", nil)
	return v, db.readErr(err)
}

func exercises(ctx context.Context, q queryer, where string, arg any) ([]bcp.Exercise, error) {
	rows, err := loadEntities(ctx, q, "exercises", selectExerciseSQL, where, arg, 0, scanExercise,
		func(ex *bcp.Exercise) int64 { return ex.ID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows.list, func(a, b bcp.Exercise) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return rows.list, nil
}

// exercise reads the exercise with the ID inside a transaction.
func (tx *Tx) exercise(ctx context.Context, id int64, ref string) (bcp.Exercise, error) {
	old, err := exercises(ctx, tx, "id = ?", id)
	if err != nil {
		return bcp.Exercise{}, err
	}
	if len(old) == 0 {
		return bcp.Exercise{}, gone("exercise", ref)
	}
	return old[0], nil
}

// CreateExercise validates ex and stores it as a new exercise, filling in
// its ID, timestamps and, when empty, its reference (the next EX-NN).
func (db *DB) CreateExercise(ctx context.Context, ex *bcp.Exercise) error {
	return db.update(ctx, func(tx *Tx) error { return tx.createExercise(ctx, ex) })
}

func (tx *Tx) createExercise(ctx context.Context, ex *bcp.Exercise) error {
	err := tx.stampNew(&ex.Ref, &ex.Created, &ex.Updated, func() (string, error) { return nextExerciseRef(ctx, tx) })
	if err != nil {
		return err
	}
	if err := tx.checkExercise(ctx, ex, 0); err != nil {
		return err
	}
	if err := tx.admitExercise(ctx, nil, ex); err != nil {
		return err
	}
	if err := tx.insertExercise(ctx, ex); err != nil {
		return err
	}
	return tx.logChange(ctx, "exercise", ex.Ref, ActionCreate, nil, ex)
}

// UpdateExercise validates ex and saves it over the stored exercise with
// the same ID. Saving an unchanged exercise changes nothing and logs
// nothing.
func (db *DB) UpdateExercise(ctx context.Context, ex *bcp.Exercise) error {
	return db.update(ctx, func(tx *Tx) error { return tx.updateExercise(ctx, ex) })
}

func (tx *Tx) updateExercise(ctx context.Context, ex *bcp.Exercise) error {
	before, err := tx.exercise(ctx, ex.ID, ex.Ref)
	if err != nil {
		return err
	}
	read := ex.Updated
	ex.Created, ex.Updated = before.Created, before.Updated
	if err := tx.checkExercise(ctx, ex, ex.ID); err != nil {
		return err
	}
	if err := tx.admitExercise(ctx, &before, ex); err != nil {
		return err
	}
	if same, err := equalJSON(before, *ex); err != nil || same {
		return err
	}
	if err := tx.unchanged(ctx, "exercise", before.Ref, &ex.Updated, read, before.Updated, before); err != nil {
		return err
	}
	ex.Updated = tx.restamp(before.Updated)
	vals, err := exerciseValues(ex)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, updateExerciseSQL, append(vals, ex.ID)...); err != nil {
		return fmt.Errorf("save exercise %s: %w", ex.Ref, err)
	}
	return tx.logChange(ctx, "exercise", ex.Ref, ActionUpdate, before, ex)
}

// DeleteExercise removes an exercise; the change log keeps what it was.
// The risks its findings raised stay in the register.
func (db *DB) DeleteExercise(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := tx.exercise(ctx, id, "")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM exercises WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete exercise %s: %w", old.Ref, err)
		}
		return tx.logChange(ctx, "exercise", old.Ref, ActionDelete, old, nil)
	})
}

// RaiseRiskFromFinding creates the risk that finding findingIndex of the
// exercise raises (bcp.FindingRisk) and records its reference on the
// finding, in one transaction: the new risk and the exercise's update are
// both logged; it returns the new risk and the exercise as stored. A
// finding that already names a risk, or says nothing, is refused.
func (db *DB) RaiseRiskFromFinding(ctx context.Context, exerciseID int64, findingIndex int) (risk.Risk, bcp.Exercise, error) {
	var r risk.Risk
	var ex bcp.Exercise
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		ex, err = tx.exercise(ctx, exerciseID, "")
		if err != nil {
			return err
		}
		if err := ex.CanRaise(findingIndex); err != nil {
			return err
		}
		r = bcp.FindingRisk(ex.Findings[findingIndex], &ex)
		if err := tx.createRisk(ctx, &r); err != nil {
			return err
		}
		ex.Findings[findingIndex].Risk = r.Ref
		return tx.updateExercise(ctx, &ex)
	})
	if err != nil {
		return risk.Risk{}, bcp.Exercise{}, err
	}
	return r, ex, nil
}

// nextExerciseRef returns the next free reference in the EX-01 series;
// references of deleted exercises are not reused.
func nextExerciseRef(ctx context.Context, q queryer) (string, error) {
	return nextInSeries(ctx, q, "SELECT ref FROM exercises UNION ALL SELECT key FROM changelog WHERE entity = 'exercise'", "EX-", 2)
}

// checkExercise normalises ex as it is stored and refuses what breaks a
// blocking rule or a reference another exercise has. id is ex's row, zero
// when new.
func (tx *Tx) checkExercise(ctx context.Context, ex *bcp.Exercise, id int64) error {
	*ex = ex.Clone()
	ex.Normalize()
	for i := range ex.Injects {
		roundDurations(&ex.Injects[i].At)
	}
	for i := range ex.Results {
		roundDurations(&ex.Results[i].AchievedRTO, &ex.Results[i].AchievedRPO)
	}
	if err := bcp.ValidateExercise(ex); err != nil {
		return err
	}
	var other string
	err := tx.QueryRowContext(ctx, "SELECT ref FROM exercises WHERE ref = ? AND id != ?", ex.Ref, id).Scan(&other)
	switch {
	case err == nil:
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.exercise", risk.Args{"Ref": ex.Ref, "Other": other}))
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check reference %s: %w", ex.Ref, err)
	}
	return nil
}

// admitExercise refuses a save of ex over before (nil when new) that
// brings in an impossible date or a reference to a record that does not
// exist (bcp.AdmitExercise).
func (tx *Tx) admitExercise(ctx context.Context, before, ex *bcp.Exercise) error {
	refs, err := recordRefs(ctx, tx)
	if err != nil {
		return err
	}
	return bcp.AdmitExercise(before, ex, refs, tx.today())
}

func (tx *Tx) insertExercise(ctx context.Context, ex *bcp.Exercise) error {
	vals, err := exerciseValues(ex)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, insertExerciseSQL, vals...).Scan(&ex.ID); err != nil {
		return fmt.Errorf("save exercise %s: %w", ex.Ref, err)
	}
	return nil
}

// restoreExercises writes a dump's exercises.
func (tx *Tx) restoreExercises(ctx context.Context, d *Dump) error {
	for i := range d.Exercises {
		ex := &d.Exercises[i]
		err := tx.entity(ctx, "exercise", ex.Ref, func() error {
			if err := tx.checkExercise(ctx, ex, 0); err != nil {
				return err
			}
			return tx.insertExercise(ctx, ex)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
