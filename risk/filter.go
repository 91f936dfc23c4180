package risk

import (
	"cmp"
	"slices"
	"strings"
)

// Filter selects risks in the register view. The zero Filter selects all.
type Filter struct {
	// Text must appear, case-insensitively, in one of the risk's text fields
	// (see SearchText). Several words must all appear.
	Text string
	// Level, when set, is the rank of the residual level to show.
	Level    int
	Owner    string
	Status   Status
	Category string
	// Overdue keeps only risks with an overdue review or an overdue open action.
	Overdue bool
}

// IsZero reports whether f selects every risk.
func (f Filter) IsZero() bool { return f == Filter{} }

// Row is what the register holds of a risk: what its columns show, what a
// Filter matches and what the editor suggests, without the rest of the
// risk, which is read when the risk is opened. RowOf is the one way to make
// it.
type Row struct {
	ID                          int64
	Ref, Title, Owner, Category string
	Status                      Status
	Treatment                   Treatment
	Inherent, Residual          Score
	NextReview                  Date
	// ActionDue is the earliest due date of the risk's open actions, zero
	// when none has one.
	ActionDue Date
	// ActionOwners are the owners of its actions, for the editor's
	// suggestions; nil when it has none.
	ActionOwners []string
	// Search is SearchText of the risk, which Filter.Text is matched
	// against.
	Search string
}

// RowOf is the register's row of r.
func RowOf(r *Risk) Row {
	row := orderRow(r)
	row.ID, row.ActionDue, row.Search = r.ID, openDue(r.Actions), SearchText(r)
	for _, a := range r.Actions {
		if a.Owner != "" && !slices.Contains(row.ActionOwners, a.Owner) {
			row.ActionOwners = append(row.ActionOwners, a.Owner)
		}
	}
	return row
}

// orderRow holds what OrderRows compares of r.
func orderRow(r *Risk) Row {
	return Row{Ref: r.Ref, Title: r.Title, Owner: r.Owner, Category: r.Category, Status: r.Status,
		Treatment: r.Treatment, Inherent: r.Inherent, Residual: r.Residual, NextReview: r.NextReview}
}

// SearchText is the lower-cased text that Filter.Text is matched against:
// every text field of the risk, its controls, what it threatens and its
// actions' titles and owners.
func SearchText(r *Risk) string {
	parts := []string{r.Ref, r.Title, r.Description, r.Category, r.Cause, r.Vulnerability,
		r.Consequence, r.Owner, r.Source, string(r.Treatment), string(r.Status)}
	parts = append(parts, r.Controls...)
	parts = append(parts, r.Threatens...)
	for _, a := range r.Actions {
		parts = append(parts, a.Title, a.Owner)
	}
	return strings.ToLower(strings.Join(parts, "\x00"))
}

// Matcher is a compiled Filter.
type Matcher struct {
	f     Filter
	words []string
	c     *Criteria
	today Date
}

// Compile prepares f for matching many risks.
func (f Filter) Compile(c *Criteria, today Date) *Matcher {
	return &Matcher{f: f, words: strings.Fields(strings.ToLower(f.Text)), c: c, today: today}
}

// Match reports whether the risk of row r passes the filter.
func (m *Matcher) Match(r *Row) bool {
	f := &m.f
	if f.Owner != "" && !strings.EqualFold(r.Owner, f.Owner) ||
		f.Category != "" && !strings.EqualFold(r.Category, f.Category) ||
		f.Status != "" && r.Status != f.Status {
		return false
	}
	if f.Level != 0 {
		if l, ok := m.c.LevelOf(r.Residual); !ok || l.Rank != f.Level {
			return false
		}
	}
	if f.Overdue && !r.Overdue(m.today) {
		return false
	}
	for _, w := range m.words {
		if !strings.Contains(r.Search, w) {
			return false
		}
	}
	return true
}

// IsOverdue reports whether a risk that is not closed has a review or an
// open action past its date.
func IsOverdue(r *Risk, today Date) bool {
	return overdue(r.Status, r.NextReview, openDue(r.Actions), today)
}

// Overdue is IsOverdue of the row's risk.
func (r *Row) Overdue(today Date) bool { return overdue(r.Status, r.NextReview, r.ActionDue, today) }

// IsReviewLate reports whether r is open with its review date before
// today: the review half of IsOverdue, which the dashboard lists and the
// register marks on the date itself.
func IsReviewLate(r *Risk, today Date) bool { return reviewLate(r.Status, r.NextReview, today) }

// ReviewLate is IsReviewLate of the row's risk.
func (r *Row) ReviewLate(today Date) bool { return reviewLate(r.Status, r.NextReview, today) }

func overdue(s Status, nextReview, actionDue Date, today Date) bool {
	return reviewLate(s, nextReview, today) || s != Closed && !actionDue.IsZero() && actionDue.Before(today)
}

func reviewLate(s Status, nextReview, today Date) bool {
	return s != Closed && !nextReview.IsZero() && nextReview.Before(today)
}

// openDue is the earliest due date of the open actions that have one: an
// action is overdue (Action.Overdue) exactly when it is open and its due
// date is before today, so one of them is when this date is.
func openDue(actions []Action) Date {
	var first Date
	for _, a := range actions {
		if a.IsOpen() && !a.Due.IsZero() && (first.IsZero() || a.Due.Before(first)) {
			first = a.Due
		}
	}
	return first
}

// SortKey is a column the register can be sorted by.
type SortKey int

// Sort keys.
const (
	ByRef SortKey = iota
	ByTitle
	ByOwner
	ByCategory
	ByInherent
	ByResidual
	ByTreatment
	ByStatus
	ByNextReview
)

// SortRisks sorts risks by key, then by reference, as OrderRows orders
// their rows.
func SortRisks(rs []Risk, key SortKey, descending bool, c *Criteria) {
	slices.SortStableFunc(rs, func(a, b Risk) int {
		ra, rb := orderRow(&a), orderRow(&b)
		return OrderRows(&ra, &rb, key, descending, c)
	})
}

// OrderRows orders two risks' rows by key, then by reference: the one order
// of the register. Levels sort by rank, then by likelihood × consequence;
// unscored risks come first in ascending order.
func OrderRows(a, b *Row, key SortKey, descending bool, c *Criteria) int {
	var k int
	switch key {
	case ByTitle:
		k = compareFold(a.Title, b.Title)
	case ByOwner:
		k = compareFold(a.Owner, b.Owner)
	case ByCategory:
		k = compareFold(a.Category, b.Category)
	case ByInherent:
		k = c.CompareScores(a.Inherent, b.Inherent)
	case ByResidual:
		k = c.CompareScores(a.Residual, b.Residual)
	case ByTreatment:
		k = cmp.Compare(a.Treatment, b.Treatment)
	case ByStatus:
		k = cmp.Compare(slices.Index(Statuses, a.Status), slices.Index(Statuses, b.Status))
	case ByNextReview:
		k = cmp.Compare(a.NextReview.String(), b.NextReview.String())
	}
	if descending {
		k = -k
	}
	return cmp.Or(k, CompareRefs(a.Ref, b.Ref))
}

// CompareScores orders two scores as the register sorts them: by the rank
// of their level, then by likelihood × consequence; an unscored score
// comes first.
func (c *Criteria) CompareScores(a, b Score) int {
	la, _ := c.LevelOf(a)
	lb, _ := c.LevelOf(b)
	return cmp.Or(cmp.Compare(la.Rank, lb.Rank), cmp.Compare(a.Likelihood*a.Consequence, b.Likelihood*b.Consequence))
}

func compareFold(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) }
