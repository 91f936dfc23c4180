package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
)

// Colours of the workbook's own chrome (headers, borders, notes). Level and
// matrix fills come from the report.
const (
	xlHeaderFill = "1F4E79" // dark blue: white text on it contrasts over 8:1
	xlTitleInk   = "1F4E79"
	xlGridInk    = "BFC7D1" // thin cell borders
	xlNoteInk    = "404040"
	xlLabelFill  = "EEF2F6"
)

// Date and number formats. Percent cells hold a fraction (0.45) shown as
// "45%", so sums and averages in the workbook work as a reader expects.
const (
	xlDateFormat    = "yyyy-mm-dd" // English; see xlDateFormatOf
	xlPercentFormat = "0%"
	xlNumberFormat  = 1 // built-in "0": the model draws numbers without decimals
)

// xlStyles holds the style IDs of one workbook, created once and looked up
// per cell.
type xlStyles struct {
	f     *excelize.File
	specs map[int]excelize.Style // base style ID → its definition, for quoted twins

	title, heading, paragraph, note, empty   int
	factLabel, factValue                     int
	header                                   int
	body                                     [Enum + 1]int // per column Kind
	matrixTitle, matrixLabel, matrixColLabel int
	matrixCorner                             int
	quoted                                   map[int]int    // base → twin with quotePrefix
	matrixCell                               map[string]int // colour, above, mark → style
	levelFormat                              map[string]int // colour → conditional (dxf) style
}

func xlBorder(colour string, style int) []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: colour, Style: style},
		{Type: "right", Color: colour, Style: style},
		{Type: "top", Color: colour, Style: style},
		{Type: "bottom", Color: colour, Style: style},
	}
}

func newXLStyles(f *excelize.File, p *i18n.Printer) (*xlStyles, error) {
	s := &xlStyles{f: f, specs: map[int]excelize.Style{}, quoted: map[int]int{},
		matrixCell: map[string]int{}, levelFormat: map[string]int{}}
	top := func(h string, wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "top", WrapText: wrap}
	}
	date, pct := xlDateFormatOf(p), xlPercentFormat
	grid := xlBorder(xlGridInk, 1)
	// Numbers keep a character's gap from the text of the next column.
	number := &excelize.Alignment{Horizontal: "right", Vertical: "top", Indent: 1}
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 15, Color: xlTitleInk}, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.heading, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: xlTitleInk}, Alignment: &excelize.Alignment{Vertical: "bottom"}}},
		{&s.paragraph, excelize.Style{Alignment: top("left", true)}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: xlNoteInk}, Alignment: top("left", true)}},
		{&s.empty, excelize.Style{Font: &excelize.Font{Italic: true, Color: xlNoteInk}, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.factLabel, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlLabelFill}}, Border: grid, Alignment: top("left", true)}},
		{&s.factValue, excelize.Style{Border: grid, Alignment: top("left", true)}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlHeaderFill}},
			Border: xlBorder("FFFFFF", 1), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.body[Text], excelize.Style{Border: grid, Alignment: top("left", true)}},
		{&s.body[LongText], excelize.Style{Border: grid, Alignment: top("left", true)}},
		{&s.body[Enum], excelize.Style{Border: grid, Alignment: top("left", true)}},
		{&s.body[Number], excelize.Style{Border: grid, Alignment: number, NumFmt: xlNumberFormat}},
		{&s.body[Percent], excelize.Style{Border: grid, Alignment: number, CustomNumFmt: &pct}},
		{&s.body[Date], excelize.Style{Border: grid, Alignment: top("left", false), CustomNumFmt: &date}},
		{&s.body[RiskLevel], excelize.Style{Border: grid, Alignment: top("center", true), Font: &excelize.Font{Bold: true}}},
		{&s.matrixTitle, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: xlTitleInk}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "bottom"}}},
		{&s.matrixLabel, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}}},
		{&s.matrixColLabel, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}}},
		{&s.matrixCorner, excelize.Style{Font: &excelize.Font{Italic: true, Color: xlNoteInk}, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		xlFontFamily(&d.style)
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, fmt.Errorf("create style: %w", err)
		}
		*d.id = id
		s.specs[id] = d.style
	}
	return s, nil
}

// xlFontFamily names the font of a style that sets one: a font without a
// name falls back to a serif face in LibreOffice.
func xlFontFamily(st *excelize.Style) {
	if st.Font == nil {
		return
	}
	if st.Font.Family == "" {
		st.Font.Family = "Calibri"
	}
	if st.Font.Size == 0 {
		st.Font.Size = 11
	}
}

// quote returns the twin of a text style that carries Excel's quotePrefix,
// so that text beginning with "=", "+", "-" or "@" stays text when a reader
// edits the cell. The value itself is always stored as a string, never as a
// formula; the prefix only protects later edits.
func (s *xlStyles) quote(base int) (int, error) {
	if id, ok := s.quoted[base]; ok {
		return id, nil
	}
	spec, ok := s.specs[base]
	if !ok {
		return 0, fmt.Errorf("create quoted style: style %d is not known", base)
	}
	// An explicit (default) protection makes the twin a distinct cell format,
	// so NewStyle does not hand back the base style.
	spec.Protection = &excelize.Protection{Locked: true}
	id, err := s.f.NewStyle(&spec)
	if err != nil {
		return 0, fmt.Errorf("create quoted style: %w", err)
	}
	if s.f.Styles == nil || s.f.Styles.CellXfs == nil || id >= len(s.f.Styles.CellXfs.Xf) {
		return 0, fmt.Errorf("create quoted style: style %d not found", id)
	}
	yes := true
	s.f.Styles.CellXfs.Xf[id].QuotePrefix = &yes
	s.quoted[base] = id
	return id, nil
}

// xlFormulaLike reports whether a spreadsheet would read text as a formula.
func xlFormulaLike(v string) bool {
	return v != "" && strings.ContainsRune("=+-@", rune(v[0]))
}

// textStyle is base, or its quoted twin for formula-like text.
func (s *xlStyles) textStyle(base int, v string) (int, error) {
	if xlFormulaLike(v) {
		return s.quote(base)
	}
	return base, nil
}

// xlMarkFormat shows a value followed by the above-appetite mark, so that
// a heat-map count stays a number.
const xlMarkFormat = `0" ▲";-0" ▲";0" ▲";@" ▲"`

// matrix returns the style of a matrix cell filled with colour: above the
// appetite it has a thick border and, with mark, shows "▲" after its value.
func (s *xlStyles) matrix(colour string, above, mark bool) (int, error) {
	key := fmt.Sprint(colour, above, mark)
	if id, ok := s.matrixCell[key]; ok {
		return id, nil
	}
	border := xlBorder("FFFFFF", 2)
	if above {
		border = xlBorder("000000", 5) // thick: visible in greyscale too
	}
	st := excelize.Style{Border: border, Font: &excelize.Font{Bold: true, Color: xlInk(colour)},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	if c, ok := xlHex(colour); ok {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	xlFontFamily(&st)
	if above && mark {
		f := xlMarkFormat
		st.CustomNumFmt = &f
	}
	id, err := s.f.NewStyle(&st)
	if err != nil {
		return 0, fmt.Errorf("create matrix style: %w", err)
	}
	s.matrixCell[key] = id
	s.specs[id] = st
	return id, nil
}

// level returns the conditional (dxf) style that paints a level cell.
func (s *xlStyles) level(colour string) (int, error) {
	if id, ok := s.levelFormat[colour]; ok {
		return id, nil
	}
	c, ok := xlHex(colour)
	if !ok {
		return 0, fmt.Errorf("level colour %q is not #RRGGBB", colour)
	}
	id, err := s.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: xlInk(colour), Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}})
	if err != nil {
		return 0, fmt.Errorf("create level format: %w", err)
	}
	s.levelFormat[colour] = id
	return id, nil
}

// xlHex turns "#RRGGBB" into "RRGGBB".
func xlHex(colour string) (string, bool) {
	c := strings.TrimPrefix(strings.TrimSpace(colour), "#")
	if len(c) != 6 {
		return "", false
	}
	if _, err := strconv.ParseUint(c, 16, 32); err != nil {
		return "", false
	}
	return strings.ToUpper(c), true
}

// xlInk is black or white, whichever contrasts more with the fill (WCAG
// relative luminance).
func xlInk(colour string) string {
	c, ok := xlHex(colour)
	if !ok {
		return "000000"
	}
	v, err := strconv.ParseUint(c, 16, 32)
	if err != nil {
		return "000000"
	}
	lin := func(x uint64) float64 {
		f := float64(x) / 255
		if f <= 0.03928 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(v>>16&0xFF) + 0.7152*lin(v>>8&0xFF) + 0.0722*lin(v&0xFF)
	// Contrast with black is (l+0.05)/0.05, with white 1.05/(l+0.05).
	if (l+0.05)/0.05 >= 1.05/(l+0.05) {
		return "000000"
	}
	return "FFFFFF"
}
