package risk

import (
	"fmt"
	"regexp"
	"strings"
)

// Scale limits: fewer than 3 levels cannot separate risks, more than 7 cannot
// be scored consistently by different people.
const (
	MinScaleLevels = 3
	MaxScaleLevels = 7
)

// ScaleLevel is one step of a likelihood or consequence scale. Index 1 is the
// lowest step.
type ScaleLevel struct {
	Label       string `json:"label"`
	Description string `json:"description"`
	// Frequency is an optional plain-words frequency for likelihood levels
	// ("once in 10 years or less").
	Frequency string `json:"frequency,omitempty"`
}

// Level is a risk level shown for a cell of the matrix (Low, Medium, ...).
type Level struct {
	Label  string `json:"label"`
	Colour string `json:"colour"` // #RRGGBB
	// Rank orders levels: higher is worse. Ranks are 1..len(Levels).
	Rank int `json:"rank"`
}

// Criteria are a workspace's risk criteria (ISO 31000 6.3.4): the scales a
// risk is scored on, the matrix that turns a score into a level, and the
// appetite.
type Criteria struct {
	Version     int          `json:"version"`
	Likelihood  []ScaleLevel `json:"likelihood"`
	Consequence []ScaleLevel `json:"consequence"`
	// Levels are ordered by rank, lowest first.
	Levels []Level `json:"levels"`
	// Matrix[l-1][c-1] is the rank of the level for likelihood l and
	// consequence c.
	Matrix [][]int `json:"matrix"`
	// Appetite is the rank of the highest level that may be retained without
	// treatment or formal acceptance.
	Appetite int `json:"appetite"`
}

// Score is a likelihood × consequence pair of scale indexes (1-based). The
// zero Score means "not scored".
type Score struct {
	Likelihood  int `json:"likelihood"`
	Consequence int `json:"consequence"`
}

// IsZero reports whether s is unscored.
func (s Score) IsZero() bool { return s == Score{} }

// String formats s as "L4×C5", or "" when unscored.
func (s Score) String() string {
	if s.IsZero() {
		return ""
	}
	return fmt.Sprintf("L%d×C%d", s.Likelihood, s.Consequence)
}

// InRange reports whether both parts of s are valid indexes on c's scales.
func (c *Criteria) InRange(s Score) bool {
	return s.Likelihood >= 1 && s.Likelihood <= len(c.Likelihood) &&
		s.Consequence >= 1 && s.Consequence <= len(c.Consequence)
}

// LevelOf returns the level of score s, and false when s is unscored or
// outside the scales.
func (c *Criteria) LevelOf(s Score) (Level, bool) {
	if !c.InRange(s) || s.Likelihood > len(c.Matrix) || s.Consequence > len(c.Matrix[s.Likelihood-1]) {
		return Level{}, false
	}
	return c.Level(c.Matrix[s.Likelihood-1][s.Consequence-1])
}

// Level returns the level with the given rank.
func (c *Criteria) Level(rank int) (Level, bool) {
	if rank < 1 || rank > len(c.Levels) {
		return Level{}, false
	}
	return c.Levels[rank-1], true
}

// AboveAppetite reports whether score s falls in a level above the appetite.
func (c *Criteria) AboveAppetite(s Score) bool {
	l, ok := c.LevelOf(s)
	return ok && l.Rank > c.Appetite
}

// DefaultCriteria returns the 5×5 criteria a new workspace starts with: four
// levels, appetite Medium.
func DefaultCriteria() Criteria {
	return Criteria{
		Version: 1,
		Likelihood: []ScaleLevel{
			{"Rare", "Could happen only in exceptional circumstances.", "Less than once in 10 years"},
			{"Unlikely", "Could happen, but is not expected.", "Once in 3–10 years"},
			{"Possible", "Might well happen at some point.", "Once in 1–3 years"},
			{"Likely", "Will probably happen in most years.", "About once a year"},
			{"Almost certain", "Is expected to happen, or already happens.", "Several times a year"},
		},
		Consequence: []ScaleLevel{
			{Label: "Negligible", Description: "No effect on resolution or registrations; handled in normal work."},
			{Label: "Minor", Description: "Brief degradation of a non-critical service; a few registrars notice."},
			{Label: "Moderate", Description: "A critical service degraded for hours, or a non-critical one lost for a day; some public attention."},
			{Label: "Major", Description: "Registrations or resolution fail for hours; registrars and the regulator ask questions; media attention."},
			{Label: "Severe", Description: "The TLD stops resolving or its data is lost or altered; lasting loss of trust, regulatory action."},
		},
		Levels: []Level{
			{"Low", "#2E7D32", 1},
			{"Medium", "#F9A825", 2},
			{"High", "#EF6C00", 3},
			{"Critical", "#C62828", 4},
		},
		Matrix: [][]int{
			{1, 1, 1, 2, 2},
			{1, 1, 2, 2, 3},
			{1, 2, 2, 3, 3},
			{2, 2, 3, 3, 4},
			{2, 3, 3, 4, 4},
		},
		Appetite: 2,
	}
}

var colourPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// Validate checks that c is usable: scales of 3–7 labelled levels, levels with
// valid colours and ranks 1..n, a matrix covering every cell with a known
// level, and an appetite that is one of the levels.
func (c *Criteria) Validate() error {
	if err := validateScale(T("rules.scale.likelihood"), c.Likelihood); err != nil {
		return err
	}
	if err := validateScale(T("rules.scale.consequence"), c.Consequence); err != nil {
		return err
	}
	if len(c.Levels) < 2 {
		return Err(EINVALID, T("rules.criteria_levels_few"))
	}
	seen := map[string]bool{}
	for i, l := range c.Levels {
		name := strings.TrimSpace(l.Label)
		switch {
		case name == "":
			return Err(EINVALID, T("rules.criteria_level_unnamed", Args{"N": i + 1}))
		case seen[strings.ToLower(name)]:
			return Err(EINVALID, T("rules.criteria_level_twice", Args{"Name": Quote(name)}))
		case !colourPattern.MatchString(l.Colour):
			return Err(EINVALID, T("rules.criteria_level_colour", Args{"Name": Quote(name), "Colour": Quote(l.Colour)}))
		case l.Rank != i+1:
			return Err(EINVALID, T("rules.criteria_level_rank", Args{"Name": Quote(name), "Rank": l.Rank, "N": i + 1}))
		}
		seen[strings.ToLower(name)] = true
	}
	if len(c.Matrix) != len(c.Likelihood) {
		return Err(EINVALID, T("rules.criteria_matrix_rows", Args{"Rows": len(c.Matrix), "Levels": len(c.Likelihood)}))
	}
	for i, row := range c.Matrix {
		if len(row) != len(c.Consequence) {
			return Err(EINVALID, T("rules.criteria_matrix_cells", Args{"Row": i + 1, "Cells": len(row), "Levels": len(c.Consequence)}))
		}
		for j, rank := range row {
			if rank < 1 || rank > len(c.Levels) {
				return Err(EINVALID, T("rules.criteria_matrix_cell_level", Args{"L": i + 1, "C": j + 1, "Levels": len(c.Levels)}))
			}
		}
	}
	if c.Appetite < 1 || c.Appetite > len(c.Levels) {
		return Err(EINVALID, T("rules.criteria_appetite"))
	}
	return nil
}

func validateScale(name Msg, levels []ScaleLevel) error {
	if n := len(levels); n < MinScaleLevels || n > MaxScaleLevels {
		return Err(EINVALID, T("rules.criteria_scale_size", Args{"Scale": name, "Levels": n, "Min": MinScaleLevels, "Max": MaxScaleLevels}))
	}
	seen := map[string]bool{}
	for i, l := range levels {
		label := strings.TrimSpace(l.Label)
		if label == "" {
			return Err(EINVALID, T("rules.criteria_scale_unnamed", Args{"N": i + 1, "Scale": name}))
		}
		if seen[strings.ToLower(label)] {
			return Err(EINVALID, T("rules.criteria_scale_twice", Args{"Scale": name, "Name": Quote(label)}))
		}
		seen[strings.ToLower(label)] = true
	}
	return nil
}

// MatrixWarnings lists cells where the matrix gets better as a score gets
// worse: a higher likelihood or consequence should never give a lower level.
func (c *Criteria) MatrixWarnings() []string {
	var out []string
	for _, m := range c.MatrixProblems() {
		out = append(out, m.String())
	}
	return out
}

// MatrixProblems is MatrixWarnings as messages, to write in any language.
func (c *Criteria) MatrixProblems() []Msg {
	var out []Msg
	cell := func(l, c, worseL, worseC int) Msg {
		return T("rules.matrix_cell_lower", Args{"L": l, "C": c, "OtherL": worseL, "OtherC": worseC})
	}
	for i, row := range c.Matrix {
		for j, rank := range row {
			if i > 0 && j < len(c.Matrix[i-1]) && rank < c.Matrix[i-1][j] {
				out = append(out, cell(i+1, j+1, i, j+1))
			}
			if j > 0 && rank < row[j-1] {
				out = append(out, cell(i+1, j+1, i+1, j))
			}
		}
	}
	return out
}

// Changed counts the scores among ss whose level differs between c and next:
// what a person must be told before they change the criteria.
func (c *Criteria) Changed(next *Criteria, ss []Score) int {
	n := 0
	for _, s := range ss {
		if s.IsZero() {
			continue
		}
		a, okA := c.LevelOf(s)
		b, okB := next.LevelOf(s)
		if okA != okB || a.Label != b.Label || a.Rank != b.Rank {
			n++
		}
	}
	return n
}

// OutOfScale returns the references of the risks among rs with a non-zero
// inherent, residual or target score outside c's scales, in the order given.
// Scores are stored as level numbers, so shrinking a scale under a scored
// risk would leave that score meaning nothing: such a change is refused.
func (c *Criteria) OutOfScale(rs []Risk) []string {
	var out []string
	for _, r := range rs {
		for _, s := range []Score{r.Inherent, r.Residual, r.Target} {
			if !s.IsZero() && !c.InRange(s) {
				out = append(out, r.Ref)
				break
			}
		}
	}
	return out
}

// ValidateFor refuses criteria whose scales would leave any of rs scored
// outside them: the risks are rescored first, then the scales changed.
func (c *Criteria) ValidateFor(rs []Risk) error {
	if refs := c.OutOfScale(rs); len(refs) > 0 {
		return Err(EINVALID, N("rules.criteria_rescore_first", len(refs), Args{"Refs": Refs(refs, 5)}))
	}
	return nil
}
