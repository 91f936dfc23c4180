package risk

import (
	"slices"

	"riskbook/i18n"
)

// The default criteria's texts — the names and descriptions of their
// scales' steps and the names of their levels — are messages of the
// catalogue, so that a workspace made with them reads in the reader's
// language; a text the organisation wrote or changed is its own and stays
// as written.

// defaultCriteriaTexts maps each English text of DefaultCriteria to its
// message.
var defaultCriteriaTexts = map[string]string{
	"Rare":           "default_criteria.likelihood.rare",
	"Unlikely":       "default_criteria.likelihood.unlikely",
	"Possible":       "default_criteria.likelihood.possible",
	"Likely":         "default_criteria.likelihood.likely",
	"Almost certain": "default_criteria.likelihood.almost_certain",
	"Could happen only in exceptional circumstances.": "default_criteria.likelihood.rare.description",
	"Could happen, but is not expected.":              "default_criteria.likelihood.unlikely.description",
	"Might well happen at some point.":                "default_criteria.likelihood.possible.description",
	"Will probably happen in most years.":             "default_criteria.likelihood.likely.description",
	"Is expected to happen, or already happens.":      "default_criteria.likelihood.almost_certain.description",
	"Less than once in 10 years":                      "default_criteria.likelihood.rare.frequency",
	"Once in 3–10 years":                              "default_criteria.likelihood.unlikely.frequency",
	"Once in 1–3 years":                               "default_criteria.likelihood.possible.frequency",
	"About once a year":                               "default_criteria.likelihood.likely.frequency",
	"Several times a year":                            "default_criteria.likelihood.almost_certain.frequency",
	"Negligible":                                      "default_criteria.consequence.negligible",
	"Minor":                                           "default_criteria.consequence.minor",
	"Moderate":                                        "default_criteria.consequence.moderate",
	"Major":                                           "default_criteria.consequence.major",
	"Severe":                                          "default_criteria.consequence.severe",
	"No effect on resolution or registrations; handled in normal work.":                                        "default_criteria.consequence.negligible.description",
	"Brief degradation of a non-critical service; a few registrars notice.":                                    "default_criteria.consequence.minor.description",
	"A critical service degraded for hours, or a non-critical one lost for a day; some public attention.":      "default_criteria.consequence.moderate.description",
	"Registrations or resolution fail for hours; registrars and the regulator ask questions; media attention.": "default_criteria.consequence.major.description",
	"The TLD stops resolving or its data is lost or altered; lasting loss of trust, regulatory action.":        "default_criteria.consequence.severe.description",
	"Low":      "default_criteria.level.low",
	"Medium":   "default_criteria.level.medium",
	"High":     "default_criteria.level.high",
	"Critical": "default_criteria.level.critical",
}

// DefaultCriteriaText writes s in p's language when it is a text of the
// default criteria (a level named "High", a scale step described as the
// default describes it), and returns any other text as written.
func DefaultCriteriaText(p *i18n.Printer, s string) string {
	if id, ok := defaultCriteriaTexts[s]; ok {
		return p.T(id)
	}
	return s
}

// Localised returns a copy of c whose texts of the default criteria are
// written in p's language (DefaultCriteriaText); the organisation's own
// texts, the matrix, the colours and the appetite are unchanged.
func (c Criteria) Localised(p *i18n.Printer) Criteria {
	scale := func(levels []ScaleLevel) []ScaleLevel {
		out := slices.Clone(levels)
		for i := range out {
			out[i].Label = DefaultCriteriaText(p, out[i].Label)
			out[i].Description = DefaultCriteriaText(p, out[i].Description)
			out[i].Frequency = DefaultCriteriaText(p, out[i].Frequency)
		}
		return out
	}
	c.Likelihood, c.Consequence = scale(c.Likelihood), scale(c.Consequence)
	c.Levels = slices.Clone(c.Levels)
	for i := range c.Levels {
		c.Levels[i].Label = DefaultCriteriaText(p, c.Levels[i].Label)
	}
	return c
}
