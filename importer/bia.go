package importer

import (
	"strconv"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// bia plans a sheet of recovery targets. With BIAActivities (the
// default) each row is an activity whose RTO, RPO and MTPD (set by hand,
// with the source as its reason) come from the row; a row that also names
// a system (or names only a system) gives an ICT system of that name,
// needed by the activity, with the achievable figures the row gives, so
// that the readiness view compares required with achievable at once. With
// BIASystems each row is an ICT system, and its RTO and RPO are what it can
// achieve. Other columns go to the description, as for risks.
func (pl *planner) bia(source string) {
	mode := pl.m.BIA
	if mode == "" {
		mode = BIAActivities
	}
	pl.plan.BIA = mode
	nameField := FieldActivity
	if !pl.has(FieldActivity) || mode == BIASystems && pl.has(FieldSystem) {
		nameField = FieldSystem
	}
	names := map[string]int{}
	systems := map[string]int{} // by lower-cased name: index into Resources
	for i := pl.m.HeaderRow; i < len(pl.sheet.Rows); i++ {
		row := pl.sheet.Rows[i]
		if blankRow(row) || pl.repeats[i+1] {
			continue
		}
		pl.plan.Rows++
		pr := PlannedRisk{Row: i + 1} // collects the row's problems
		name := pl.text(row, nameField)
		if name == "" {
			id := "importer.bia.no_activity"
			if nameField == FieldSystem {
				id = "importer.bia.no_system"
			}
			pl.plan.Problems = append(pl.plan.Problems, RowProblem{Row: pr.Row, Skipped: true, Message: risk.T(id)})
			continue
		}
		if first, dup := names[strings.ToLower(name)]; dup {
			id := "importer.bia.activity_twice"
			if nameField == FieldSystem {
				id = "importer.bia.system_twice"
			}
			pl.problem(&pr, nameField, risk.T(id, risk.Args{"Name": Excerpt(name, 40), "Row": first}), true)
			continue
		}
		names[strings.ToLower(name)] = pr.Row
		rto := pl.duration(&pr, row, FieldRTO)
		rpo := pl.duration(&pr, row, FieldRPO)
		mtpd := pl.duration(&pr, row, FieldMTPD)
		achRTO := pl.duration(&pr, row, FieldAchievableRTO)
		achRPO := pl.duration(&pr, row, FieldAchievableRPO)
		notes := pl.biaNotes(row, nameField)
		if mode == BIASystems {
			if mtpd > 0 {
				notes = append(notes, pl.header(FieldMTPD)+": "+mtpd.String())
			}
			if achRTO == 0 {
				achRTO = rto
			}
			if achRPO == 0 {
				achRPO = rpo
			}
			pl.plan.Resources = append(pl.plan.Resources, bcp.Resource{Name: name, Kind: bcp.ICT,
				Ref: pl.text(row, FieldRef), Description: strings.Join(notes, "\n"),
				AchievableRTO: achRTO, AchievableRPO: achRPO})
			continue
		}
		a := bcp.Activity{Name: name, Ref: pl.text(row, FieldRef), Owner: pl.text(row, FieldOwner),
			Description: strings.Join(notes, "\n"), RTO: rto, RPO: rpo}
		if mtpd > 0 {
			a.MTPDOverride, a.MTPDReason = mtpd, i18n.T("importer.bia.mtpd_reason", i18n.Args{"Source": source})
			if rto > mtpd {
				pl.problem(&pr, FieldRTO, risk.T("importer.bia.rto_above_mtpd", risk.Args{"RTO": rto, "MTPD": mtpd}), true)
			}
		}
		pl.plan.Activities = append(pl.plan.Activities, a)
		system := name
		if nameField == FieldActivity {
			system = pl.text(row, FieldSystem)
		}
		if system == "" {
			continue
		}
		k, ok := systems[strings.ToLower(system)]
		if !ok {
			k = len(pl.plan.Resources)
			systems[strings.ToLower(system)] = k
			pl.plan.Resources = append(pl.plan.Resources, bcp.Resource{Name: system, Kind: bcp.ICT,
				Description:   i18n.T("importer.bia.system_description", i18n.Args{"Source": source, "Activity": name}),
				AchievableRTO: achRTO, AchievableRPO: achRPO})
		}
		pl.plan.Needs = append(pl.plan.Needs, Need{Activity: len(pl.plan.Activities) - 1, Resource: k})
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
		case nameField, FieldRef, FieldOwner, FieldDescription, FieldRTO, FieldRPO, FieldMTPD,
			FieldAchievableRTO, FieldAchievableRPO, FieldSystem:
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
			pl.problem(pr, field, risk.T("importer.bia.no_unit", risk.Args{"Value": risk.Quote(text)}), false)
			return 0
		}
		in = strconv.FormatFloat(n, 'f', -1, 64) + " " + unit
	}
	d, err := bcp.ParseDuration(in)
	if err != nil {
		pl.problem(pr, field, risk.T("importer.bia.not_a_duration", risk.Args{"Value": risk.Quote(text)}), false)
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
