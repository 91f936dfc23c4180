package risk

import "time"

// Stale is why the store refused an edit: the record changed since the
// editor read it, and saving the edit would overwrite that change
// unseen. Theirs is the record as it is stored now, a value of the edited
// record's type (a Risk for a risk); By and At say who changed it last and
// when. An editor shows Theirs beside the edit and lets the person choose:
// keep theirs, or save their own over it knowingly by editing Theirs'
// stamp (Updated) into the edit.
type Stale struct {
	Kind, Ref string
	Theirs    any
	By        string
	At        time.Time
}

func (s *Stale) Error() string { return s.Kind + " " + s.Ref + " changed since it was read" }

// StaleErr is the store's refusal of an edit made on a record that
// changed since it was read: a conflict that says so in a sentence and
// holds the Stale that tells what changed.
func StaleErr(s *Stale) *Error {
	m := T("live.stale", Args{"Ref": s.Ref, "Actor": s.By})
	if s.By == "" {
		m = T("live.stale.someone", Args{"Ref": s.Ref})
	}
	e := Err(ECONFLICT, m)
	e.Err = s
	return e
}
