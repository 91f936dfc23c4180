package importer

import (
	"fmt"
	"strconv"
	"strings"

	"riskbook/bcp"
)

// bia plans a BIA sheet: with an activity column each row is an activity
// whose RTO, RPO and MTPD (set by hand, with the source as its reason) come
// from the row; with only a system column each row is an ICT system whose
// achievable RTO and RPO come from the row. Other columns go to the
// description, as for risks.
func (pl *planner) bia(source string) {
	names := map[string]int{}
	for i := pl.m.HeaderRow; i < len(pl.sheet.Rows); i++ {
		row := pl.sheet.Rows[i]
		if blankRow(row) {
			continue
		}
		pr := PlannedRisk{Row: i + 1} // collects the row's problems
		field := FieldActivity
		if !pl.has(FieldActivity) {
			field = FieldSystem
		}
		name := pl.text(row, field)
		if name == "" {
			pl.plan.Problems = append(pl.plan.Problems, RowProblem{Row: pr.Row, Skipped: true,
				Message: fmt.Sprintf("the row has no %s name, so it was skipped", field)})
			continue
		}
		if first, dup := names[strings.ToLower(name)]; dup {
			pl.problem(&pr, field, fmt.Sprintf("%s is also on row %d; each row must name a different %s", name, first, field), true)
			continue
		}
		names[strings.ToLower(name)] = pr.Row
		rto := pl.duration(&pr, row, FieldRTO)
		rpo := pl.duration(&pr, row, FieldRPO)
		mtpd := pl.duration(&pr, row, FieldMTPD)
		notes := pl.biaNotes(row, field)
		if field == FieldSystem {
			if mtpd > 0 {
				notes = append(notes, pl.header(FieldMTPD)+": "+mtpd.String())
			}
			pl.plan.Resources = append(pl.plan.Resources, bcp.Resource{Name: name, Kind: bcp.ICT,
				Ref: pl.text(row, FieldRef), Description: strings.Join(notes, "\n"),
				AchievableRTO: rto, AchievableRPO: rpo})
			continue
		}
		a := bcp.Activity{Name: name, Ref: pl.text(row, FieldRef), Owner: pl.text(row, FieldOwner),
			Description: strings.Join(notes, "\n"), RTO: rto, RPO: rpo}
		if mtpd > 0 {
			a.MTPDOverride, a.MTPDReason = mtpd, "imported from "+source
			if rto > mtpd {
				pl.problem(&pr, FieldRTO, fmt.Sprintf("the RTO (%s) is longer than the MTPD (%s); recovery must come before the disruption becomes intolerable", rto, mtpd), true)
			}
		}
		pl.plan.Activities = append(pl.plan.Activities, a)
	}
}

// biaNotes keeps the columns a BIA row does not map, description first.
func (pl *planner) biaNotes(row []SourceCell, nameField string) []string {
	var notes []string
	if d := pl.text(row, FieldDescription); d != "" {
		notes = append(notes, d)
	}
	for j, col := range pl.m.Columns {
		switch col.Field {
		case nameField, FieldRef, FieldOwner, FieldDescription, FieldRTO, FieldRPO, FieldMTPD:
			continue
		}
		if j < len(row) && row[j].Text != "" {
			notes = append(notes, columnName(col.Header, j)+": "+row[j].Text)
		}
	}
	return notes
}

// duration reads a BIA duration: "2 hrs", "15 min", "4h", "1 day", "< 4
// hours"; a bare number takes its unit from the header ("RTO (hours)").
// Anything else is a problem and leaves the figure empty.
func (pl *planner) duration(pr *PlannedRisk, row []SourceCell, field string) bcp.Duration {
	text := pl.text(row, field)
	if text == "" {
		return 0
	}
	in := strings.ToLower(strings.TrimSpace(text))
	for _, p := range []string{"<=", "≤", "<", "~", "up to", "within", "max", "maximum"} {
		in = strings.TrimSpace(strings.TrimPrefix(in, p))
	}
	if n, err := strconv.ParseFloat(in, 64); err == nil {
		unit := headerUnit(pl.header(field))
		if unit == "" {
			pl.problem(pr, field, fmt.Sprintf("%q has no unit; write it as 4h, 30 min or 2 days, or put the unit in the header as in RTO (hours)", text), false)
			return 0
		}
		in = strconv.FormatFloat(n, 'f', -1, 64) + " " + unit
	}
	d, err := bcp.ParseDuration(in)
	if err != nil {
		pl.problem(pr, field, fmt.Sprintf("%q is not a duration; write it as 30 min, 4h, 2 days or 1 week, or it is left empty", text), false)
		return 0
	}
	return bcp.Duration(d)
}

// headerUnit finds a unit named in a header: "RTO (hours)", "RPO [min]",
// "MTPD in days".
func headerUnit(header string) string {
	for _, w := range strings.Fields(words(header)) {
		if _, err := bcp.ParseDuration("1 " + w); err == nil {
			return w
		}
	}
	return ""
}
