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

// SearchText is the lower-cased text that Filter.Text is matched against.
// Callers filtering many risks per keystroke compute it once per risk.
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

// Match reports whether r passes the filter; search is SearchText(r).
func (m *Matcher) Match(r *Risk, search string) bool {
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
	if f.Overdue && !IsOverdue(r, m.today) {
		return false
	}
	for _, w := range m.words {
		if !strings.Contains(search, w) {
			return false
		}
	}
	return true
}

// IsOverdue reports whether a risk that is not closed has a review or an
// open action past its date.
func IsOverdue(r *Risk, today Date) bool {
	if r.Status == Closed {
		return false
	}
	if !r.NextReview.IsZero() && r.NextReview.Before(today) {
		return true
	}
	for _, a := range r.Actions {
		if a.Overdue(today) {
			return true
		}
	}
	return false
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

// SortRisks sorts risks by key, then by reference. Levels sort by rank, then
// by likelihood × consequence; unscored risks come first in ascending order.
func SortRisks(rs []Risk, key SortKey, descending bool, c *Criteria) {
	slices.SortStableFunc(rs, func(a, b Risk) int { return OrderRisks(&a, &b, key, descending, c) })
}

// OrderRisks orders two risks as SortRisks does, for a caller that sorts
// something that holds them.
func OrderRisks(a, b *Risk, key SortKey, descending bool, c *Criteria) int {
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
