package importer

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/risk"
)

// Tally counts what a plan would do, row by row.
type Tally struct {
	Create, Update, Skipped int
	// BlockingRows are the rows with a blocking problem, in sheet order.
	BlockingRows  []int
	Activities    int
	Resources     int
	Disagreements int
	// Updates are the references of the existing risks the plan updates.
	Updates []string
}

// Tally counts the plan: risks to create and update, rows skipped, rows
// with a blocking problem, BIA records and disagreements.
func (p *ImportPlan) Tally() Tally {
	t := Tally{Activities: len(p.Activities), Resources: len(p.Resources), Disagreements: len(p.Disagreements)}
	blocking := map[int]bool{}
	for _, pr := range p.Risks {
		if pr.UpdateOf != "" {
			t.Update++
			t.Updates = append(t.Updates, pr.UpdateOf)
		} else {
			t.Create++
		}
		if pr.Blocking {
			blocking[pr.Row] = true
		}
	}
	for _, pb := range p.Problems {
		if pb.Skipped {
			t.Skipped++
		}
		if pb.Blocking {
			blocking[pb.Row] = true
		}
	}
	for row := range blocking {
		t.BlockingRows = append(t.BlockingRows, row)
	}
	slices.Sort(t.BlockingRows)
	return t
}

// Records is the number of records the plan writes.
func (t Tally) Records() int { return t.Create + t.Update + t.Activities + t.Resources }

// RefusalKind says why an import may not go ahead.
type RefusalKind int

// The reasons an import is refused, in the order they are decided.
const (
	RefusedBlocking RefusalKind = iota + 1 // a row has a blocking problem
	RefusedEmpty                           // no row to import
	RefusedAgain                           // the same file was imported before, and updates are not allowed
	RefusedExisting                        // rows update existing risks, and updates are not allowed
)

// Refusal is why an import may not go ahead. Its Error is a neutral
// sentence; each front end adds how to proceed in its own terms (a flag,
// a tick box).
type Refusal struct {
	Kind   RefusalKind
	Source string
	Tally  Tally
	When   time.Time // when the file was imported before (RefusedAgain)
}

func (r *Refusal) Error() string {
	switch r.Kind {
	case RefusedBlocking:
		n := len(r.Tally.BlockingRows)
		return fmt.Sprintf("%s of %s %s a blocking problem", RowList(r.Tally.BlockingRows), r.Source, map[bool]string{true: "has", false: "have"}[n == 1])
	case RefusedEmpty:
		return fmt.Sprintf("%s has no row to import below its header", r.Source)
	case RefusedExisting:
		return fmt.Sprintf("%s of %s %s already in the workspace (%s)",
			risk.Count(r.Tally.Update, "row", "rows"), r.Source,
			map[bool]string{true: "has a reference", false: "have references"}[r.Tally.Update == 1], RefList(r.Tally.Updates))
	case RefusedAgain:
		return fmt.Sprintf("%s was already imported on %s", r.Source, r.When.Local().Format("2006-01-02 15:04"))
	}
	return "the import was refused"
}

// Err is the refusal as an error meant for a person: its sentence, with
// the refusal behind it for errors.As.
func (r *Refusal) Err() error {
	return &risk.Error{Code: risk.EINVALID, Message: r.Error(), Err: r}
}

// Refuse decides whether the plan may be applied: no blocking problem,
// something to import, and — unless update is allowed — no file imported
// before and no row that updates an existing risk (importedAt is
// zero when it was not). It returns nil when the import may go ahead.
func (p *ImportPlan) Refuse(update bool, importedAt time.Time) *Refusal {
	t := p.Tally()
	r := &Refusal{Source: p.Source, Tally: t, When: importedAt}
	switch {
	case len(t.BlockingRows) > 0:
		r.Kind = RefusedBlocking
	case t.Records() == 0:
		r.Kind = RefusedEmpty
	case !importedAt.IsZero() && !update:
		r.Kind = RefusedAgain
	case t.Update > 0 && !update:
		r.Kind = RefusedExisting
	default:
		return nil
	}
	return r
}

// RowList writes "row 7", "rows 7, 12 and 15", "rows 7, 12, 15 … and 9 more".
func RowList(rows []int) string {
	s := make([]string, 0, 8)
	for _, r := range rows[:min(len(rows), 8)] {
		s = append(s, fmt.Sprint(r))
	}
	switch {
	case len(rows) == 0:
		return "no row"
	case len(rows) == 1:
		return "row " + s[0]
	case len(rows) > len(s):
		return fmt.Sprintf("rows %s and %d more", strings.Join(s, ", "), len(rows)-len(s))
	}
	return "rows " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// RefList names up to five references, then how many more.
func RefList(refs []string) string {
	if len(refs) <= 5 {
		return strings.Join(refs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(refs[:5], ", "), len(refs)-5)
}
