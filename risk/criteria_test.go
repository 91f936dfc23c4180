package risk

import (
	"fmt"
	"slices"
	"testing"
)

// scaleCriteria returns valid criteria on an n×n scale with three levels
// (Low, Medium, High) and appetite Medium. Ranks grow with likelihood and
// consequence, so the matrix is monotone.
func scaleCriteria(t *testing.T, n int) Criteria {
	t.Helper()
	c := Criteria{
		Version: 1,
		Levels: []Level{
			{"Low", "#2E7D32", 1},
			{"Medium", "#F9A825", 2},
			{"High", "#EF6C00", 3},
		},
		Appetite: 2,
	}
	for i := range n {
		c.Likelihood = append(c.Likelihood, ScaleLevel{Label: fmt.Sprintf("L%d", i+1)})
		c.Consequence = append(c.Consequence, ScaleLevel{Label: fmt.Sprintf("C%d", i+1)})
		row := make([]int, n)
		for j := range n {
			row[j] = 1 + (i+j)*2/(2*n-2)
		}
		c.Matrix = append(c.Matrix, row)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("scaleCriteria(%d) is invalid: %v", n, err)
	}
	return c
}

// scaleLevels returns n distinct scale levels.
func scaleLevels(n int) []ScaleLevel {
	out := make([]ScaleLevel, n)
	for i := range out {
		out[i] = ScaleLevel{Label: fmt.Sprintf("Level %d", i+1)}
	}
	return out
}

// squareMatrix returns a rows×cols matrix filled with rank.
func squareMatrix(rows, cols, rank int) [][]int {
	m := make([][]int, rows)
	for i := range m {
		m[i] = slices.Repeat([]int{rank}, cols)
	}
	return m
}

func TestCriteriaValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(c *Criteria)
		// wantErr is a fragment of the expected message; "" means valid.
		wantErr string
	}{
		{name: "Default", modify: func(c *Criteria) {}},
		{name: "LikelihoodTwoLevels", modify: func(c *Criteria) {
			c.Likelihood = c.Likelihood[:2]
			c.Matrix = c.Matrix[:2]
		}, wantErr: "The likelihood scale has 2 levels; use between 3 and 7."},
		{name: "ConsequenceTwoLevels", modify: func(c *Criteria) {
			c.Consequence = scaleLevels(2)
			c.Matrix = squareMatrix(5, 2, 1)
		}, wantErr: "The consequence scale has 2 levels"},
		{name: "LikelihoodEightLevels", modify: func(c *Criteria) {
			c.Likelihood = scaleLevels(8)
			c.Matrix = squareMatrix(8, 5, 1)
		}, wantErr: "The likelihood scale has 8 levels"},
		{name: "ConsequenceEightLevels", modify: func(c *Criteria) {
			c.Consequence = scaleLevels(8)
			c.Matrix = squareMatrix(5, 8, 1)
		}, wantErr: "The consequence scale has 8 levels"},
		{name: "ThreeLevelScales", modify: func(c *Criteria) {
			c.Likelihood, c.Consequence = scaleLevels(3), scaleLevels(3)
			c.Matrix = squareMatrix(3, 3, 2)
		}},
		{name: "SevenLevelScales", modify: func(c *Criteria) {
			c.Likelihood, c.Consequence = scaleLevels(7), scaleLevels(7)
			c.Matrix = squareMatrix(7, 7, 2)
		}},
		{name: "ThreeBySevenScales", modify: func(c *Criteria) {
			c.Likelihood, c.Consequence = scaleLevels(3), scaleLevels(7)
			c.Matrix = squareMatrix(3, 7, 2)
		}},
		{name: "EmptyScaleLabel", modify: func(c *Criteria) { c.Likelihood[2].Label = "  " },
			wantErr: "Level 3 of the likelihood scale has no label"},
		{name: "DuplicateScaleLabelCaseInsensitive", modify: func(c *Criteria) { c.Consequence[3].Label = " MINOR " },
			wantErr: `Two levels of the consequence scale are called "MINOR"`},
		{name: "OneLevel", modify: func(c *Criteria) {
			c.Levels = c.Levels[:1]
			c.Matrix = squareMatrix(5, 5, 1)
			c.Appetite = 1
		}, wantErr: "at least two risk levels"},
		{name: "EmptyLevelLabel", modify: func(c *Criteria) { c.Levels[1].Label = "" },
			wantErr: "Risk level 2 has no label"},
		{name: "DuplicateLevelLabelCaseInsensitive", modify: func(c *Criteria) { c.Levels[2].Label = "low" },
			wantErr: `Two risk levels are called "low"`},
		{name: "ColourName", modify: func(c *Criteria) { c.Levels[3].Colour = "red" },
			wantErr: `Risk level "Critical" has colour "red"`},
		{name: "ColourFiveDigits", modify: func(c *Criteria) { c.Levels[0].Colour = "#12345" },
			wantErr: `has colour "#12345"`},
		{name: "ColourWithoutHash", modify: func(c *Criteria) { c.Levels[0].Colour = "2E7D32" },
			wantErr: `has colour "2E7D32"`},
		{name: "ColourLowercaseHex", modify: func(c *Criteria) { c.Levels[0].Colour = "#c62828" }},
		{name: "RankOutOfOrder", modify: func(c *Criteria) { c.Levels[1].Rank, c.Levels[2].Rank = 3, 2 },
			wantErr: `Risk level "Medium" has rank 3 but is level 2`},
		{name: "RankFromZero", modify: func(c *Criteria) {
			for i := range c.Levels {
				c.Levels[i].Rank = i
			}
		}, wantErr: `Risk level "Low" has rank 0 but is level 1`},
		{name: "MatrixMissingRow", modify: func(c *Criteria) { c.Matrix = c.Matrix[:4] },
			wantErr: "The risk matrix has 4 likelihood rows but the likelihood scale has 5 levels"},
		{name: "MatrixExtraRow", modify: func(c *Criteria) { c.Matrix = append(c.Matrix, []int{4, 4, 4, 4, 4}) },
			wantErr: "The risk matrix has 6 likelihood rows"},
		{name: "MatrixShortRow", modify: func(c *Criteria) { c.Matrix[2] = c.Matrix[2][:4] },
			wantErr: "Row 3 of the risk matrix has 4 cells but the consequence scale has 5 levels"},
		{name: "MatrixLongRow", modify: func(c *Criteria) { c.Matrix[4] = append(c.Matrix[4], 4) },
			wantErr: "Row 5 of the risk matrix has 6 cells"},
		{name: "CellRankZero", modify: func(c *Criteria) { c.Matrix[1][2] = 0 },
			wantErr: "Matrix cell likelihood 2 × consequence 3 has no valid risk level; choose one of the 4 levels."},
		{name: "CellRankAboveLevels", modify: func(c *Criteria) { c.Matrix[4][4] = 5 },
			wantErr: "Matrix cell likelihood 5 × consequence 5 has no valid risk level"},
		{name: "CellRankTop", modify: func(c *Criteria) { c.Matrix[0][0] = 4 }},
		{name: "AppetiteZero", modify: func(c *Criteria) { c.Appetite = 0 },
			wantErr: "The risk appetite must be one of the risk levels"},
		{name: "AppetiteAboveLevels", modify: func(c *Criteria) { c.Appetite = 5 },
			wantErr: "The risk appetite must be one of the risk levels"},
		{name: "AppetiteLowest", modify: func(c *Criteria) { c.Appetite = 1 }},
		{name: "AppetiteHighest", modify: func(c *Criteria) { c.Appetite = 4 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCriteria()
			tt.modify(&c)
			checkErr(t, c.Validate(), tt.wantErr)
		})
	}
}

func TestCriteriaLevelOf(t *testing.T) {
	def := DefaultCriteria()
	ragged := DefaultCriteria()
	ragged.Matrix = [][]int{{1, 1, 1}, {1, 1}}
	tests := []struct {
		name     string
		c        *Criteria
		s        Score
		want     string // level label; "" when ok is false
		wantRank int
	}{
		{name: "BottomLeftCorner", c: &def, s: Score{1, 1}, want: "Low", wantRank: 1},
		{name: "RareSevereCorner", c: &def, s: Score{1, 5}, want: "Medium", wantRank: 2},
		{name: "AlmostCertainNegligibleCorner", c: &def, s: Score{5, 1}, want: "Medium", wantRank: 2},
		{name: "TopRightCorner", c: &def, s: Score{5, 5}, want: "Critical", wantRank: 4},
		{name: "Centre", c: &def, s: Score{3, 3}, want: "Medium", wantRank: 2},
		{name: "UnlikelySevere", c: &def, s: Score{2, 5}, want: "High", wantRank: 3},
		{name: "LikelySevere", c: &def, s: Score{4, 5}, want: "Critical", wantRank: 4},
		{name: "Unscored", c: &def, s: Score{}},
		{name: "LikelihoodZero", c: &def, s: Score{0, 3}},
		{name: "ConsequenceZero", c: &def, s: Score{3, 0}},
		{name: "LikelihoodNegative", c: &def, s: Score{-1, 1}},
		{name: "LikelihoodAboveScale", c: &def, s: Score{6, 1}},
		{name: "ConsequenceAboveScale", c: &def, s: Score{1, 6}},
		{name: "RaggedMatrixMissingRow", c: &ragged, s: Score{3, 1}},
		{name: "RaggedMatrixShortRow", c: &ragged, s: Score{2, 3}},
		{name: "RaggedMatrixPresentCell", c: &ragged, s: Score{1, 3}, want: "Low", wantRank: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.c.LevelOf(tt.s)
			if ok != (tt.want != "") {
				t.Fatalf("LevelOf(%v): got ok %v, want %v", tt.s, ok, tt.want != "")
			}
			if got.Label != tt.want || got.Rank != tt.wantRank {
				t.Errorf("LevelOf(%v): got %s/%d, want %s/%d", tt.s, got.Label, got.Rank, tt.want, tt.wantRank)
			}
		})
	}
}

func TestCriteriaLevel(t *testing.T) {
	tests := []struct {
		name string
		rank int
		want string // "" when ok is false
	}{
		{name: "Lowest", rank: 1, want: "Low"},
		{name: "Highest", rank: 4, want: "Critical"},
		{name: "RankZero", rank: 0},
		{name: "RankNegative", rank: -1},
		{name: "RankAboveLevels", rank: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCriteria()
			got, ok := c.Level(tt.rank)
			if ok != (tt.want != "") || got.Label != tt.want {
				t.Errorf("Level(%d): got %q, %v, want %q, %v", tt.rank, got.Label, ok, tt.want, tt.want != "")
			}
		})
	}
}

func TestCriteriaAboveAppetite(t *testing.T) {
	tests := []struct {
		name     string
		appetite int
		s        Score
		want     bool
	}{
		{name: "Low", appetite: 2, s: Score{1, 1}, want: false},
		{name: "AtAppetite", appetite: 2, s: Score{3, 3}, want: false},
		{name: "OneAbove", appetite: 2, s: Score{3, 4}, want: true},
		{name: "Critical", appetite: 2, s: Score{5, 5}, want: true},
		{name: "Unscored", appetite: 2, s: Score{}, want: false},
		{name: "OutsideScale", appetite: 2, s: Score{6, 6}, want: false},
		{name: "HighWithinRaisedAppetite", appetite: 3, s: Score{3, 4}, want: false},
		{name: "CriticalAboveRaisedAppetite", appetite: 3, s: Score{5, 5}, want: true},
		{name: "LowestAppetite", appetite: 1, s: Score{3, 3}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCriteria()
			c.Appetite = tt.appetite
			if got := c.AboveAppetite(tt.s); got != tt.want {
				t.Errorf("AboveAppetite(%v) with appetite %d: got %v, want %v", tt.s, tt.appetite, got, tt.want)
			}
		})
	}
}

func TestCriteriaMatrixWarnings(t *testing.T) {
	tests := []struct {
		name   string
		matrix func() [][]int
		want   []string
	}{
		{name: "Default", matrix: func() [][]int { return DefaultCriteria().Matrix }},
		{name: "SevenLevelGenerated", matrix: func() [][]int { return scaleCriteria(t, 7).Matrix }},
		{name: "DropAlongRow", matrix: func() [][]int {
			m := DefaultCriteria().Matrix
			m[0] = []int{1, 2, 1, 2, 2}
			return m
		}, want: []string{
			"likelihood 1 × consequence 3 is a lower level than likelihood 1 × consequence 2",
			"likelihood 2 × consequence 2 is a lower level than likelihood 1 × consequence 2",
		}},
		{name: "DropAlongColumn", matrix: func() [][]int {
			m := DefaultCriteria().Matrix
			m[4][0] = 1
			return m
		}, want: []string{
			"likelihood 5 × consequence 1 is a lower level than likelihood 4 × consequence 1",
		}},
		{name: "Inverted", matrix: func() [][]int {
			return [][]int{{2, 1}, {1, 1}}
		}, want: []string{
			"likelihood 1 × consequence 2 is a lower level than likelihood 1 × consequence 1",
			"likelihood 2 × consequence 1 is a lower level than likelihood 1 × consequence 1",
		}},
		{name: "RaggedRowsDoNotPanic", matrix: func() [][]int {
			return [][]int{{1}, {1, 1, 1}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCriteria()
			c.Matrix = tt.matrix()
			got := c.MatrixWarnings()
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCriteriaChanged(t *testing.T) {
	scores := []Score{{1, 1}, {3, 3}, {3, 3}, {5, 5}, {}, {4, 4}}
	tests := []struct {
		name   string
		modify func(next *Criteria)
		scores []Score
		want   int
	}{
		{name: "Identical", modify: func(*Criteria) {}, scores: scores, want: 0},
		{name: "OneCellRaised", modify: func(n *Criteria) { n.Matrix[2][2] = 3 }, scores: scores, want: 2},
		{name: "UntouchedCellChanged", modify: func(n *Criteria) { n.Matrix[0][4] = 3 }, scores: scores, want: 0},
		{name: "LevelRenamed", modify: func(n *Criteria) { n.Levels[3].Label = "Severe" }, scores: scores, want: 1},
		{name: "AppetiteOnly", modify: func(n *Criteria) { n.Appetite = 3 }, scores: scores, want: 0},
		{name: "ScaleShrunk", modify: func(n *Criteria) {
			*n = scaleCriteria(t, 3)
			n.Levels = DefaultCriteria().Levels
			n.Matrix = [][]int{{1, 1, 1}, {1, 1, 2}, {1, 2, 2}}
		}, scores: scores, want: 2}, // {5,5} and {4,4} fall off the scale; the rest keep their level
		{name: "ZeroScoresIgnored", modify: func(n *Criteria) {
			n.Matrix = squareMatrix(5, 5, 4)
		}, scores: []Score{{}, {}, {}}, want: 0},
		{name: "AllCellsCritical", modify: func(n *Criteria) {
			n.Matrix = squareMatrix(5, 5, 4)
		}, scores: scores, want: 4}, // all but {5,5} and the zero score
		{name: "OutsideBothScales", modify: func(n *Criteria) { n.Matrix[0][0] = 2 }, scores: []Score{{9, 9}}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := DefaultCriteria()
			next := DefaultCriteria()
			tt.modify(&next)
			if got := cur.Changed(&next, tt.scores); got != tt.want {
				t.Errorf("got %d changed, want %d", got, tt.want)
			}
		})
	}
}

func TestScoreString(t *testing.T) {
	tests := []struct {
		name     string
		s        Score
		want     string
		wantZero bool
	}{
		{name: "Unscored", s: Score{}, want: "", wantZero: true},
		{name: "Scored", s: Score{4, 5}, want: "L4×C5"},
		{name: "HalfScored", s: Score{0, 2}, want: "L0×C2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := tt.s.IsZero(); got != tt.wantZero {
				t.Errorf("IsZero: got %v, want %v", got, tt.wantZero)
			}
		})
	}
}

func TestCriteriaOutOfScale(t *testing.T) {
	scored := func(ref string, inherent, residual, target Score) Risk {
		return Risk{Ref: ref, Inherent: inherent, Residual: residual, Target: target}
	}
	tests := []struct {
		name     string
		criteria Criteria
		risks    []Risk
		want     []string
	}{
		{name: "NoRisks", criteria: DefaultCriteria(), want: nil},
		{name: "AllInside", criteria: DefaultCriteria(), risks: []Risk{
			scored("R-001", Score{5, 5}, Score{1, 1}, Score{3, 2}),
		}, want: nil},
		{name: "UnscoredIgnored", criteria: scaleCriteria(t, 3), risks: []Risk{
			scored("R-001", Score{}, Score{}, Score{}),
		}, want: nil},
		{name: "InherentLikelihoodAbove", criteria: scaleCriteria(t, 4), risks: []Risk{
			scored("R-001", Score{5, 1}, Score{1, 1}, Score{}),
		}, want: []string{"R-001"}},
		{name: "ResidualConsequenceAbove", criteria: scaleCriteria(t, 4), risks: []Risk{
			scored("R-002", Score{2, 2}, Score{2, 5}, Score{}),
		}, want: []string{"R-002"}},
		{name: "TargetOnly", criteria: scaleCriteria(t, 3), risks: []Risk{
			scored("R-003", Score{3, 3}, Score{2, 2}, Score{1, 4}),
		}, want: []string{"R-003"}},
		{name: "HalfScored", criteria: DefaultCriteria(), risks: []Risk{
			scored("R-004", Score{0, 3}, Score{}, Score{}),
		}, want: []string{"R-004"}},
		{name: "EachRiskOnceInOrder", criteria: scaleCriteria(t, 3), risks: []Risk{
			scored("R-009", Score{5, 5}, Score{4, 4}, Score{4, 1}),
			scored("R-002", Score{1, 1}, Score{}, Score{}),
			scored("R-001", Score{3, 4}, Score{}, Score{}),
		}, want: []string{"R-009", "R-001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.criteria.OutOfScale(tt.risks); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCriteriaValidateFor(t *testing.T) {
	risks := []Risk{
		{Ref: "R-001", Inherent: Score{Likelihood: 5, Consequence: 5}},
		{Ref: "R-002", Residual: Score{Likelihood: 2, Consequence: 2}},
		{Ref: "R-003", Target: Score{Likelihood: 4, Consequence: 1}},
		{Ref: "R-004"},
	}
	tests := []struct {
		name    string
		n       int
		wantErr string
	}{
		{name: "AllInside", n: 5},
		{name: "OneOutside", n: 4, wantErr: "The new scales leave 1 risk scored outside them; rescore R-001 first"},
		{name: "TwoOutside", n: 3, wantErr: "leave 2 risks scored outside them; rescore R-001, R-003 first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scaleCriteria(t, tt.n)
			checkErr(t, c.ValidateFor(risks), tt.wantErr)
		})
	}
}

func TestRefList(t *testing.T) {
	tests := []struct {
		refs []string
		want string
	}{
		{nil, ""},
		{[]string{"R-001"}, "R-001"},
		{[]string{"R-001", "R-002", "R-003"}, "R-001, R-002, R-003"},
		{[]string{"R-001", "R-002", "R-003", "R-004", "R-005"}, "R-001, R-002, R-003 and 2 more"},
	}
	for _, tt := range tests {
		if got := RefList(tt.refs, 3); got != tt.want {
			t.Errorf("RefList(%v, 3) = %q, want %q", tt.refs, got, tt.want)
		}
	}
}
