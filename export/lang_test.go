package export

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"riskbook/i18n"
	"riskbook/risk"
)

// TestEveryFixedValueHasItsMessage: every message a document asks for by
// an identifier made at run time exists — the fixed values, the kinds of
// record and the actions of the revision table.
func TestEveryFixedValueHasItsMessage(t *testing.T) {
	var ids []string
	for kind, vs := range valueKinds {
		for _, v := range vs {
			ids = append(ids, risk.FixedID(kind, v))
		}
	}
	for _, e := range entityOrder {
		ids = append(ids, "export.entity."+strings.ReplaceAll(e, "-", "_"))
	}
	for _, a := range changeActions {
		ids = append(ids, "export.revision."+a)
	}
	for _, id := range ids {
		if !i18n.Has(id) {
			t.Errorf("no message %s", id)
		}
	}
	// English prints the values as they are stored.
	l := newDocLang(nil)
	for kind, vs := range valueKinds {
		if kind == "confidence" {
			continue // a grade prints as its meaning
		}
		for _, v := range vs {
			want := v
			if name, ok := namedKinds[kind]; ok {
				want = name(v)
			}
			if got := l.value(kind, v); got != want {
				t.Errorf("English %s %q prints as %q, want %q", kind, v, got, want)
			}
		}
	}
}

// sameInEveryLanguage are fixed texts a translation may rightly keep as
// English writes them.
var sameInEveryLanguage = []string{"#", "Action", "Actions", "Applicable", "Cause", "Classification", "Confidence", "Date",
	"Description", "Justification", "Organisation", "Possible", "Rare", "Probable", "Public", "Residual", "Grave", "Source",
	"Version", "Contacts", "Control", "Residual C", "Inherent C", "BIA", "MTPD", "RTO", "RPO", "MBCO", "SLA", "Impacts",
	"Sites", "Phase", "Document", "Intolerable", "Roles", "Question"}

// userText are fixed texts made of the user's own (a playbook's title, an
// activity's grid) or of units every language writes alike (4 h).
var userText = regexp.MustCompile(`^(PB|ACT)-\d+ |^\d+ (h|min)$`)

// fixedTexts are the section titles, headings, column titles and fact
// labels of a report, section by section.
func fixedTexts(r *Report) map[string][]string {
	out := map[string][]string{}
	for _, s := range r.Sections {
		texts := []string{s.Title, s.Sheet}
		for _, b := range s.Blocks {
			texts = append(texts, b.Heading)
			for _, f := range b.Facts {
				texts = append(texts, f.Label)
			}
			if b.Table != nil {
				texts = append(texts, b.Table.Empty, b.Table.Title)
				for _, c := range b.Table.Columns {
					texts = append(texts, c.Title)
				}
			}
			if b.Matrix != nil {
				texts = append(texts, b.Matrix.Title, b.Matrix.RowTitle, b.Matrix.ColTitle, b.Matrix.Note)
			}
		}
		out[s.ID] = append(out[s.ID], texts...)
	}
	return out
}

var messageID = regexp.MustCompile(`\b(export|default_criteria)\.[a-z_]+(\.[a-zA-Z0-9_]+)*`)

// TestDocumentsInFrenchAndSpanish builds the full and summary documents
// in French and Spanish and checks that no fixed text of English remains
// where the language has its own, that no message identifier shows, and
// that the PDF and the workbook write them: the sheets' names valid for
// Excel.
func TestDocumentsInFrenchAndSpanish(t *testing.T) {
	for _, level := range []Level{Full, Summary} {
		en, err := Build(yearOnYear(t, sampleInput(t, level)))
		if err != nil {
			t.Fatal(err)
		}
		english := fixedTexts(en)
		for _, lang := range []i18n.Lang{i18n.French, i18n.Spanish} {
			in := yearOnYear(t, sampleInput(t, level))
			in.Printer = i18n.For(lang)
			r, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			got := fixedTexts(r)
			for id := range got {
				for i, s := range got[id] {
					if s != "" && i < len(english[id]) && s == english[id][i] && !slices.Contains(sameInEveryLanguage, s) && !userText.MatchString(s) {
						t.Errorf("%s %s, section %s: %q is still English", lang, level, id, s)
					}
				}
			}
			if r.Meta.Title == en.Meta.Title || r.Meta.Subject == en.Meta.Subject || level == Full && r.Meta.Classification == en.Meta.Classification {
				t.Errorf("%s %s: metadata %+v is English", lang, level, r.Meta)
			}
			pages := strings.Join(pdfTestPages(t, pdfRender(t, r)), "\n")
			for _, want := range []string{r.Meta.Title, r.printer().T("export.control.title"), r.fingerprintTitle()} {
				if !strings.Contains(pages, want) {
					t.Errorf("%s %s: the PDF does not show %q", lang, level, want)
				}
			}
			for _, english := range []string{"Document control", "Data fingerprint", "Page 1 of", "Risk criteria", "Overview"} {
				if strings.Contains(pages, english) {
					t.Errorf("%s %s: the PDF shows %q", lang, level, english)
				}
			}
			if m := messageID.FindString(pages); m != "" {
				t.Errorf("%s %s: the PDF shows the message identifier %s", lang, level, m)
			}
			f := xlsxOpen(t, xlsxRender(t, r))
			for _, sheet := range f.GetSheetList() {
				if len([]rune(sheet)) > 31 || strings.ContainsAny(sheet, `[]:*?/\`) {
					t.Errorf("%s %s: sheet name %q is not valid in Excel", lang, level, sheet)
				}
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for _, row := range rows {
					for _, c := range row {
						if m := messageID.FindString(c); m != "" {
							t.Errorf("%s %s: sheet %s shows the message identifier %s", lang, level, sheet, m)
						}
					}
				}
			}
			if first := f.GetSheetList()[0]; first != r.printer().T("export.overview.sheet") {
				t.Errorf("%s %s: the first sheet is %q", lang, level, first)
			}
			props, err := f.GetDocProps()
			if err != nil {
				t.Fatal(err)
			}
			if props.Language != string(lang) || props.Title != r.Meta.Title {
				t.Errorf("%s %s: workbook properties %+v", lang, level, props)
			}
		}
	}
}

// yearOnYear gives a full document's input a trend and a comparison with
// a closed assessment, so that its Trends and Changes since sections are
// written too.
func yearOnYear(t *testing.T, in *Input) *Input {
	if in.Level == Full {
		in.Trend, in.Since = sampleTrend(), everyChange(t)
	}
	return in
}

// TestDatesAndNumbersFollowTheLanguage: tables write a day as the
// language does, and so do the workbook's date cells.
func TestDatesAndNumbersFollowTheLanguage(t *testing.T) {
	tests := []struct {
		lang       i18n.Lang
		day, excel string
		pct        string
	}{
		{i18n.English, "2027-03-04", "yyyy-mm-dd", "40%"},
		{i18n.French, "04/03/2027", "dd/mm/yyyy", "40\u202f%"},
		{i18n.Spanish, "04/03/2027", "dd/mm/yyyy", "40\u00a0%"},
	}
	for _, tt := range tests {
		l := newDocLang(i18n.For(tt.lang))
		d := l.date(risk.Date{Year: 2027, Month: 3, Day: 4})
		if d.Text != tt.day {
			t.Errorf("%s: day %q, want %q", tt.lang, d.Text, tt.day)
		}
		if got := xlDateFormatOf(i18n.For(tt.lang)); got != tt.excel {
			t.Errorf("%s: workbook date format %q, want %q", tt.lang, got, tt.excel)
		}
		if got := l.percent(40); got != tt.pct {
			t.Errorf("%s: percent %q, want %q", tt.lang, got, tt.pct)
		}
	}
}

// TestKitsInFrenchAndSpanish: the network-down pack and the tabletop kit
// are written in the document's language too.
func TestKitsInFrenchAndSpanish(t *testing.T) {
	kits := map[string]func(*Input) (*Report, error){
		"pack":     BuildPack,
		"tabletop": func(in *Input) (*Report, error) { return BuildTabletop(in, "PB-01") },
	}
	for name, build := range kits {
		en, err := build(sampleInput(t, Full))
		if err != nil {
			t.Fatal(err)
		}
		english := fixedTexts(en)
		for _, lang := range []i18n.Lang{i18n.French, i18n.Spanish} {
			in := sampleInput(t, Full)
			in.Printer = i18n.For(lang)
			r, err := build(in)
			if err != nil {
				t.Fatal(err)
			}
			var roles []string // the user's own, a role card's title
			for _, p := range in.Playbooks {
				for _, r := range p.Roles {
					roles = append(roles, r.Name)
				}
			}
			for id, texts := range fixedTexts(r) {
				for i, s := range texts {
					if s != "" && i < len(english[id]) && s == english[id][i] && !slices.Contains(sameInEveryLanguage, s) && !userText.MatchString(s) && !slices.Contains(roles, s) {
						t.Errorf("%s %s, section %s: %q is still English", lang, name, id, s)
					}
				}
			}
			if r.Meta.Title == en.Meta.Title || r.Meta.Subject == en.Meta.Subject {
				t.Errorf("%s %s: metadata %q, %q is English", lang, name, r.Meta.Title, r.Meta.Subject)
			}
			pages := strings.Join(pdfTestPages(t, pdfRender(t, r)), "\n")
			if m := messageID.FindString(pages); m != "" {
				t.Errorf("%s %s: the PDF shows the message identifier %s", lang, name, m)
			}
		}
	}
}
