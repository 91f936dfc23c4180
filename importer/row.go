package importer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"riskbook/risk"
)

// risk builds the risk of sheet row i (0-based); false for a row without
// title and reference, which is skipped and reported. base is the stored
// risk the row's reference names, if any: the row then updates it, and is
// checked as the risk will be once updated.
func (pl *planner) risk(i int, base *risk.Risk) (PlannedRisk, bool) {
	row := pl.sheet.Rows[i]
	pr := PlannedRisk{Row: i + 1}
	r := &pr.Risk
	r.Ref, r.Title = pl.text(row, FieldRef), pl.text(row, FieldTitle)
	if r.Ref == "" && r.Title == "" {
		pl.plan.Problems = append(pl.plan.Problems, RowProblem{Row: pr.Row, Skipped: true,
			Message: risk.T("importer.row.no_title")})
		return pr, false
	}
	if base != nil {
		pr.UpdateOf, pr.StoredTitle = base.Ref, base.Title
	}
	r.Description = pl.text(row, FieldDescription)
	r.Category = pl.text(row, FieldCategory)
	r.Cause = pl.text(row, FieldCause)
	r.Vulnerability = pl.text(row, FieldVulnerability)
	r.Consequence = pl.text(row, FieldConsequence)
	r.Owner = pl.text(row, FieldOwner)
	r.Source = pl.text(row, FieldSource)
	var notes []string
	r.Inherent = pl.score(&pr, row, FieldInherentLikelihood, FieldInherentConsequence, risk.Score{})
	residualGiven := pl.text(row, FieldResidualLikelihood) != "" || pl.text(row, FieldResidualConsequence) != ""
	switch {
	case residualGiven:
		r.Residual = pl.score(&pr, row, FieldResidualLikelihood, FieldResidualConsequence, r.Inherent)
	case base == nil && !r.Inherent.IsZero():
		// A new risk scored once: its residual is its inherent until the
		// controls are assessed. An update keeps the stored residual.
		r.Residual = r.Inherent
		pl.defaultedResidual++
	}
	r.Treatment = risk.Treatment(pl.enum(&pr, row, FieldTreatment))
	r.Status = risk.Status(pl.enum(&pr, row, FieldStatus))
	if r.Status == "" && base == nil {
		r.Status = risk.Open
	}
	r.ReviewFrequency = risk.Frequency(pl.enum(&pr, row, FieldReviewFrequency))
	if identified := pl.date(&pr, row, FieldIdentified); !identified.IsZero() {
		if base == nil {
			r.Identified = identified
		} else if base.IdentifiedOn() != identified {
			notes = append(notes, pl.header(FieldIdentified)+": "+identified.String())
		}
	}
	if text := pl.text(row, FieldControls); text != "" {
		if ids, ok := controlIDs(text); ok {
			r.Controls = ids
		} else {
			notes = append(notes, pl.header(FieldControls)+": "+text)
		}
	}
	due := pl.date(&pr, row, FieldActionDue)
	if text := pl.text(row, FieldActions); text != "" {
		r.Actions = []risk.Action{{Title: text, Owner: r.Owner, Due: due, Status: risk.Planned}}
		due = risk.Date{}
	}
	notes = append(notes, pl.review(&pr, row, base, due)...)
	for j, col := range pl.m.Columns {
		if col.Field == "" && j < len(row) && row[j].Text != "" {
			notes = append(notes, pl.columnName(j)+": "+row[j].Text)
		}
	}
	for j := len(pl.m.Columns); j < len(row); j++ {
		if row[j].Text != "" {
			notes = append(notes, pl.columnName(j)+": "+row[j].Text)
		}
	}
	pr.Notes = strings.Join(notes, "\n")
	if pr.Notes != "" {
		r.Description = withNotes(r.Description, pr.Notes, base)
	}
	// A sheet that does not say when a risk was identified still shows it
	// was known by its earliest review, acceptance or action date.
	if known := r.KnownBy(); base == nil && r.Identified.IsZero() && !known.IsZero() && known.Before(pl.today) {
		r.Identified = known
	}
	r.Normalize()
	pl.crossCheck(&pr, row)
	if base == nil {
		if r.Title == "" {
			pl.problem(&pr, FieldTitle, risk.T("importer.row.unknown_ref", risk.Args{"Ref": r.Ref}), true)
		}
		pl.validate(&pr, nil, pr.Risk)
		return pr, true
	}
	merged := base.Clone()
	risk.MergeImported(&merged, pr.Risk)
	// A stored risk that never recorded when it was identified was known by
	// the earliest date the sheet now gives it.
	if known := merged.KnownBy(); merged.Identified.IsZero() && !known.IsZero() && known.Before(merged.IdentifiedOn()) {
		merged.Identified, pr.Risk.Identified = known, known
	}
	merged.Normalize()
	pr.Changes = changes(*base, merged, pl.c)
	pl.validate(&pr, base, merged)
	return pr, true
}

// withNotes adds the notes to a description. An update whose row gives no
// description keeps the stored one and adds the notes below it, unless it
// holds them already (the same sheet imported again).
func withNotes(desc, notes string, base *risk.Risk) string {
	if desc == "" && base != nil {
		if strings.Contains(base.Description, notes) {
			return ""
		}
		desc = base.Description
	}
	if desc != "" {
		desc += "\n\n"
	}
	return desc + notes
}

// review sets the review frequency and last review from the sheet's review
// dates, and returns what must go to the notes. Riskbook derives the next
// review from the last review and the frequency, so a next review date
// (or a target date without an action, which is when the risk is to be
// looked at again) is kept by recording the last review one cycle before
// it; a frequency the sheet does not give is read from its dates when
// they are a whole cycle apart.
func (pl *planner) review(pr *PlannedRisk, row []SourceCell, base *risk.Risk, target risk.Date) []string {
	r := &pr.Risk
	last := pl.date(pr, row, FieldLastReview)
	next := pl.date(pr, row, FieldNextReview)
	var notes []string
	if !target.IsZero() {
		if next.IsZero() {
			next = target
		} else {
			notes = append(notes, pl.header(FieldActionDue)+": "+target.String())
		}
	}
	freq := r.ReviewFrequency
	if freq == "" && base != nil {
		freq = base.ReviewFrequency
	}
	from := last
	if from.IsZero() && !r.Created.IsZero() {
		from = risk.DateOf(r.Created)
	}
	if freq == "" && !from.IsZero() && !next.IsZero() {
		for _, f := range risk.Frequencies {
			if from.AddMonths(f.Months()) == next {
				freq = f
				r.ReviewFrequency = f
			}
		}
	}
	if !last.IsZero() {
		r.LastReview = last
	}
	if next.IsZero() {
		return notes
	}
	nextName := pl.header(FieldNextReview)
	if !pl.has(FieldNextReview) || pl.text(row, FieldNextReview) == "" {
		nextName = pl.header(FieldActionDue)
	}
	switch {
	case freq == "":
		pl.problem(pr, FieldNextReview, risk.T("importer.row.next_review_no_frequency", risk.Args{"Date": next}), false)
		notes = append(notes, nextName+": "+next.String())
	case !last.IsZero():
		if want := last.AddMonths(freq.Months()); want != next {
			pl.problem(pr, FieldNextReview, risk.T("importer.row.next_review_off_cycle", risk.Args{"Next": next, "Frequency": risk.Fixed{Kind: "frequency", Value: string(freq)}, "Last": last, "Want": want}), false)
			notes = append(notes, nextName+": "+next.String())
		}
	default:
		r.LastReview = next.AddMonths(-freq.Months())
		pl.backdated++
	}
	return notes
}

// validate applies the risk rules to v, the risk as it will be stored (an
// update's merged risk, base the stored one): blocking findings, and dates
// that cannot be which the stored risk did not already have
// (risk.AdmitFindings), make the row blocking. A missing reference is not
// one: the store assigns it.
func (pl *planner) validate(pr *PlannedRisk, base *risk.Risk, v risk.Risk) {
	if v.Ref == "" {
		v.Ref = "(new)"
	}
	had := map[risk.FindingKey]bool{}
	if base != nil {
		b := base.Clone()
		b.Ref = v.Ref
		for _, f := range risk.Check(&b, pl.c, pl.today) {
			had[f.Key()] = f.Guard
		}
	}
	for _, f := range risk.Check(&v, pl.c, pl.today) {
		if !f.Blocking && !(f.Guard && !had[f.Key()]) || f.Rule == "title-missing" && pr.Blocking {
			continue
		}
		msg := f.Text
		if msg.IsZero() {
			msg = risk.T("rules.as_is", risk.Args{"Text": f.Message})
		}
		if pr.UpdateOf != "" && f.Rule == "residual-above-inherent" && !pl.has(FieldResidualLikelihood) && !pl.has(FieldResidualConsequence) {
			msg = risk.T("importer.row.residual_not_in_sheet", risk.Args{"Finding": msg})
		}
		pl.problem(pr, pl.ruleField(f.Field), msg, true)
	}
}

// score reads a likelihood × consequence pair; a part not given is taken
// from def (the inherent score, for the residual). Half a score is no
// score: it is left unscored, with a problem saying which half is missing.
func (pl *planner) score(pr *PlannedRisk, row []SourceCell, lf, cf string, def risk.Score) risk.Score {
	s := risk.Score{Likelihood: pl.scale(pr, row, lf), Consequence: pl.scale(pr, row, cf)}
	if s.Likelihood == 0 {
		s.Likelihood = def.Likelihood
	}
	if s.Consequence == 0 {
		s.Consequence = def.Consequence
	}
	if (s.Likelihood == 0) == (s.Consequence == 0) {
		return s
	}
	missing := lf
	if s.Consequence == 0 {
		missing = cf
	}
	if pl.text(row, missing) == "" && pl.has(missing) {
		pl.problem(pr, missing, risk.T("importer.row.half_score", risk.Args{"Column": pl.header(missing)}), false)
	}
	return risk.Score{}
}

// scale returns the workspace index for a score cell: through the bands
// of a column of amounts, else the value mapping, else a whole number
// already on the scale; 0 (unscored, with a problem) otherwise.
func (pl *planner) scale(pr *PlannedRisk, row []SourceCell, field string) int {
	text := pl.text(row, field)
	if text == "" {
		return 0
	}
	n := len(pl.c.Likelihood)
	consequence := field == FieldInherentConsequence || field == FieldResidualConsequence
	if consequence {
		n = len(pl.c.Consequence)
	}
	if b, ok := pl.m.Bands[field]; ok {
		if pl.m.Quantitative == QuantitativeUnscored {
			return 0
		}
		v, ok := b.quantity(text)
		if !ok {
			pl.problem(pr, field, risk.T("importer.row.not_an_amount", risk.Args{"Value": risk.Quote(Excerpt(text, 40)), "Unit": unitName(b.Unit)}), false)
			return 0
		}
		return clamp(b.step(v), n)
	}
	v, ok := pl.m.Values[field][valueKey(text)]
	if !ok {
		v = text
	}
	if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 1 && i <= n {
		return i
	}
	id := "importer.row.not_on_likelihood"
	if consequence {
		id = "importer.row.not_on_consequence"
	}
	pl.problem(pr, field, risk.T(id, risk.Args{"Value": risk.Quote(Excerpt(text, 40)), "N": n}), false)
	return 0
}

func (pl *planner) enum(pr *PlannedRisk, row []SourceCell, field string) string {
	text := pl.text(row, field)
	if text == "" {
		return ""
	}
	v, ok := pl.m.Values[field][valueKey(text)]
	if !ok {
		v = valueKey(text)
	}
	var allowed []string
	id := "importer.row.not_a_frequency"
	switch field {
	case FieldTreatment:
		allowed, id = enumNames(risk.Treatments), "importer.row.not_a_treatment"
	case FieldStatus:
		allowed, id = enumNames(risk.Statuses), "importer.row.not_a_status"
	default:
		allowed = enumNames(risk.Frequencies)
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	pl.problem(pr, field, risk.T(id, risk.Args{"Value": risk.Quote(text), "Allowed": strings.Join(allowed, ", ")}), false)
	return ""
}
func enumNames[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
func (pl *planner) date(pr *PlannedRisk, row []SourceCell, field string) risk.Date {
	cell := pl.cell(row, field)
	if cell.Date != nil {
		return *cell.Date
	}
	d, err := ParseLooseDate(cell.Text)
	if err != nil {
		pl.problem(pr, field, risk.T("importer.row.date_left_empty", risk.Args{"Error": risk.ErrorText(err)}), false)
		return risk.Date{}
	}
	return d
}

var controlIDPattern = regexp.MustCompile(`^(?i)[a-z]{1,4}[ .-]?\d+(\.\d+)*$`)

// controlIDs splits a controls cell into identifiers ("A.5.1, A.8.2";
// "CIS 4.1"), and false when it is free text, which goes to the notes.
func controlIDs(text string) ([]string, bool) {
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '/' })
	var ids []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !controlIDPattern.MatchString(p) {
			return nil, false
		}
		ids = append(ids, p)
	}
	return ids, len(ids) > 0
}

// ruleField names the mapped field a rule's finding is about ("residual"
// → the residual likelihood column), "" when no column holds it.
func (pl *planner) ruleField(field string) string {
	field, _, _ = strings.Cut(field, ".")
	field, _, _ = strings.Cut(field, "[")
	candidates := []string{field}
	switch field {
	case "inherent":
		candidates = []string{FieldInherentLikelihood, FieldInherentConsequence}
	case "residual":
		candidates = []string{FieldResidualLikelihood, FieldResidualConsequence}
	}
	for _, f := range candidates {
		if pl.has(f) {
			return f
		}
	}
	return ""
}

// crossCheck compares the sheet's own levels and scores, inherent and
// residual, with the workspace matrix: a level against the level of the
// mapped score; a score against the product of the sheet's own numbers
// when both are numbers (the sheet's arithmetic), else of the workspace
// indexes.
func (pl *planner) crossCheck(pr *PlannedRisk, row []SourceCell) {
	for _, x := range []struct {
		level, score, l, c string
		s                  risk.Score
	}{
		{FieldLevel, FieldScore, FieldInherentLikelihood, FieldInherentConsequence, pr.Risk.Inherent},
		{FieldResidualLevel, FieldResidualScore, FieldResidualLikelihood, FieldResidualConsequence, pr.Risk.Residual},
	} {
		if x.s.IsZero() || !pl.c.InRange(x.s) {
			continue
		}
		lvl, _ := pl.c.LevelOf(x.s)
		if text := pl.text(row, x.level); text != "" && !isNumber(text) {
			want, ok := sheetRank(text, pl.c)
			switch {
			case !ok:
				pl.disagree(pr.Row, x.level, risk.T("importer.row.level_unknown", risk.Args{"Value": risk.Quote(Excerpt(text, 30)), "Levels": levelNames(pl.c), "Level": lvl.Label, "Score": score(x.s)}))
			case want != lvl.Rank:
				pl.disagree(pr.Row, x.level, risk.T("importer.row.level_differs", risk.Args{"Value": risk.Quote(Excerpt(text, 30)), "Level": lvl.Label, "Score": score(x.s)}))
			}
		}
		text := pl.text(row, x.score)
		got, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if text == "" || err != nil {
			continue
		}
		l, okL := parseNumber(pl.text(row, x.l))
		c, okC := parseNumber(pl.text(row, x.c))
		switch {
		case okL && okC && !l.percent && !c.percent && !pl.banded(x.l) && !pl.banded(x.c):
			if got != l.v*c.v {
				pl.disagree(pr.Row, x.score, risk.T("importer.row.score_arithmetic", risk.Args{"Score": text, "L": pl.header(x.l), "C": pl.header(x.c), "Product": number(l.v * c.v)}))
			}
		default:
			if want := float64(x.s.Likelihood * x.s.Consequence); got != want {
				pl.disagree(pr.Row, x.score, risk.T("importer.row.score_differs", risk.Args{"Score": text, "Pair": score(x.s), "Product": x.s.Likelihood * x.s.Consequence}))
			}
		}
	}
}

func (pl *planner) banded(field string) bool { _, ok := pl.m.Bands[field]; return ok }

func levelNames(c *risk.Criteria) string {
	var out []string
	for _, l := range c.Levels {
		out = append(out, l.Label)
	}
	return strings.Join(out, ", ")
}

// changes lists what an update does to a stored risk, old → new.
func changes(old, cur risk.Risk, c *risk.Criteria) []Change {
	var out []Change
	// add records a field whose value changes; a value is written as
	// the reader's language writes it (value), or as it is.
	add := func(field, o, n string, value func(string) risk.Localizer) {
		if o == n {
			return
		}
		ch := Change{Field: field}
		if value == nil {
			value = func(s string) risk.Localizer { return risk.Text(s) }
		}
		if o != "" {
			ch.Old = value(o)
		}
		if n != "" {
			ch.New = value(n)
		}
		out = append(out, ch)
	}
	scored := func(s risk.Score) (string, func(string) risk.Localizer) {
		if s.IsZero() {
			return "", nil
		}
		l, _ := c.LevelOf(s)
		key := s.String() + " " + l.Label
		return key, func(string) risk.Localizer { return scoreLevel{s, l.Label} }
	}
	score := func(field string, o, n risk.Score) {
		ok, ov := scored(o)
		nk, nv := scored(n)
		if ok == nk {
			return
		}
		ch := Change{Field: field}
		if ov != nil {
			ch.Old = ov("")
		}
		if nv != nil {
			ch.New = nv("")
		}
		out = append(out, ch)
	}
	fixed := func(kind string) func(string) risk.Localizer {
		return func(v string) risk.Localizer { return risk.Fixed{Kind: kind, Value: v} }
	}
	add("title", old.Title, cur.Title, nil)
	add("description", old.Description, cur.Description, nil)
	add("category", old.Category, cur.Category, nil)
	add("cause", old.Cause, cur.Cause, nil)
	add("vulnerability", old.Vulnerability, cur.Vulnerability, nil)
	add("consequence", old.Consequence, cur.Consequence, nil)
	add("owner", old.Owner, cur.Owner, nil)
	add("source", old.Source, cur.Source, nil)
	score("inherent", old.Inherent, cur.Inherent)
	score("residual", old.Residual, cur.Residual)
	add("treatment", string(old.Treatment), string(cur.Treatment), fixed("treatment"))
	add("status", string(old.Status), string(cur.Status), fixed("status"))
	add("review frequency", string(old.ReviewFrequency), string(cur.ReviewFrequency), fixed("frequency"))
	add("last review", dateText(old.LastReview), dateText(cur.LastReview), nil)
	add("next review", dateText(old.NextReview), dateText(cur.NextReview), nil)
	add("controls", strings.Join(old.Controls, ", "), strings.Join(cur.Controls, ", "), nil)
	for _, a := range cur.Actions[min(len(old.Actions), len(cur.Actions)):] {
		var action risk.Localizer = risk.Text(a.Title)
		if !a.Due.IsZero() {
			action = risk.T("importer.change.action_due", risk.Args{"Title": a.Title, "Due": a.Due})
		}
		out = append(out, Change{Field: "action", New: action})
	}
	return slices.Clip(out)
}

func dateText(d risk.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
