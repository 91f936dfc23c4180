package app

import (
	"fyne.io/fyne/v2"

	"riskbook/i18n"
	"riskbook/risk"
)

// registerView is what the register table shows: a snapshot of the rows
// and the indexes of those the filter lets through. The two travel
// together because the filter runs off the UI goroutine on a snapshot: the
// latest rows may already be newer than the indexes.
type registerView struct {
	rows  []*riskRow
	shown []int
}

// row is the i-th row shown.
func (v *registerView) row(i int) *riskRow { return v.rows[v.shown[i]] }

// filterCheckEvery is how many rows a filter run matches between two looks
// at whether a newer run has overtaken it.
const filterCheckEvery = 512

// matchRows returns the indexes of the rows m lets through, or nil and
// false as soon as stale says a newer run has made this one pointless.
func matchRows(rows []*riskRow, m *risk.Matcher, stale func() bool) ([]int, bool) {
	shown := make([]int, 0, len(rows))
	for i := range rows {
		if i%filterCheckEvery == 0 && i > 0 && stale() {
			return nil, false
		}
		if m.Match(rows[i].Row) {
			shown = append(shown, i)
		}
	}
	return shown, true
}

// applyFilter shows the rows the filter lets through, scrolled to the top
// when toTop is set (a new search, filter or sort; not a reload). The
// matching runs off the UI goroutine on a snapshot of the rows, which are
// never changed in place, so typing never waits for 10,000 risks; a run
// that a newer keystroke overtakes stops early and its result is dropped.
func (s *risksScreen) applyFilter(toTop bool) {
	if !s.loaded {
		return
	}
	criteria := s.data.criteria // the run's own copy: a reload replaces s.data
	m := s.filter.Compile(&criteria, s.today())
	rows := s.rows
	run := s.filterRun.Add(1)
	stale := func() bool { return s.filterRun.Load() != run }
	s.app.background(func() {
		shown, done := matchRows(rows, m, stale)
		if !done {
			return
		}
		fyne.Do(func() {
			if !stale() {
				s.showView(registerView{rows: rows, shown: shown}, toTop)
			}
		})
	})
}

// showView puts a finished filter run on screen in one refresh.
func (s *risksScreen) showView(v registerView, toTop bool) {
	s.showing = v
	s.count.SetText(i18n.N("risks.count", len(v.rows), i18n.Args{"Shown": i18n.Default().Int(len(v.shown))}))
	s.updateEmpty()
	s.table.UnselectAll()
	if toTop {
		s.table.ScrollToTop()
	}
	s.markSelection() // refreshes the table once
}

// updateEmpty says why the table is empty, when it is.
func (s *risksScreen) updateEmpty() {
	switch {
	case !s.loaded:
		s.emptyText.SetText(i18n.T("risks.empty.reading"))
	case len(s.showing.rows) == 0:
		s.emptyText.SetText(i18n.T("risks.empty.none"))
	case len(s.showing.shown) == 0:
		s.emptyText.SetText(i18n.T("risks.empty.no_match"))
	default:
		s.empty.Hide()
		return
	}
	s.empty.Show()
}

// shownRefs lists the references of the rows shown, in order.
func (s *risksScreen) shownRefs() []string {
	out := make([]string, len(s.showing.shown))
	for i := range s.showing.shown {
		out[i] = s.showing.row(i).Ref
	}
	return out
}

// shownAt is the row where the risk with the ID is shown, or -1.
func (s *risksScreen) shownAt(id int64) int {
	for i := range s.showing.shown {
		if s.showing.row(i).ID == id {
			return i
		}
	}
	return -1
}
