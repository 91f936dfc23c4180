package importer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/bcp"
	"riskbook/risk"
)

var importToday = risk.Date{Year: 2026, Month: 3, Day: 1}

// plan reads, maps and plans a CSV text with the default criteria.
func plan(t testing.TB, text string, existing ...risk.Risk) *ImportPlan {
	t.Helper()
	return planSource(t, csvSource(t, text), nil, existing...)
}

// planWith plans a CSV text with the proposed mapping as edit changes it.
func planWith(t testing.TB, text string, edit func(*Mapping), existing ...risk.Risk) *ImportPlan {
	t.Helper()
	return planSource(t, csvSource(t, text), edit, existing...)
}

// planSource plans src with the default criteria and the proposed
// mapping, edited by edit when it is not nil.
func planSource(t testing.TB, src *Source, edit func(*Mapping), existing ...risk.Risk) *ImportPlan {
	t.Helper()
	c := risk.DefaultCriteria()
	m, err := ProposeMapping(src, "", &c)
	if err != nil {
		t.Fatalf("ProposeMapping: %v", err)
	}
	if edit != nil {
		edit(&m)
	}
	p, err := Plan(src, m, &c, existing, importToday)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	return p
}

func problemsOf(p *ImportPlan) string {
	var b strings.Builder
	for _, pr := range p.Problems {
		fmt.Fprintf(&b, "%d|%s|%s|%v\n", pr.Row, pr.Column, pr.Message, pr.Blocking)
	}
	return b.String()
}

func TestPlanTextLevelsSample(t *testing.T) {
	for _, path := range []string{
		filepath.Join("testdata", "import", "register-text-levels.csv"),
		filepath.Join("..", "..", "shared", "samples", "register-text-levels.csv"),
	} {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if os.IsNotExist(err) {
				t.Skip("sample not present")
			}
			if err != nil {
				t.Fatal(err)
			}
			p := plan(t, string(data))
			if len(p.Risks) < 4 || p.Blocking() != 0 || len(p.Disagreements) != 0 {
				t.Fatalf("got %d risks, %d blocking, disagreements %v; problems:\n%s", len(p.Risks), p.Blocking(), p.Disagreements, problemsOf(p))
			}
			r := p.Risks[0].Risk
			want := risk.Risk{Ref: "R-01", Title: "Phishing Attack", Category: "Employee Email",
				Vulnerability: "Limited user awareness", Owner: "IT/Security", Status: risk.Open,
				Inherent: risk.Score{Likelihood: 4, Consequence: 4}, Residual: risk.Score{Likelihood: 4, Consequence: 4},
				Description: "Existing Controls: Basic spam filtering"}
			if r.Ref != want.Ref || r.Title != want.Title || r.Category != want.Category || r.Vulnerability != want.Vulnerability ||
				r.Owner != want.Owner || r.Status != want.Status || r.Inherent != want.Inherent || r.Residual != want.Residual ||
				r.Description != want.Description {
				t.Errorf("got %+v, want %+v", r, want)
			}
			if len(r.Actions) != 1 || r.Actions[0].Owner != "IT/Security" || r.Actions[0].Status != risk.Planned {
				t.Errorf("got actions %+v, want one planned action owned by IT/Security", r.Actions)
			}
			if got := p.Risks[3].Risk.Status; got != risk.Treating {
				t.Errorf("In Progress: got %q, want treating", got)
			}
			if len(p.Problems) != 1 || p.Problems[0].Row != 0 || !strings.Contains(p.Problems[0].Message.String(), "no residual score") {
				t.Errorf("got problems\n%s\nwant the one residual note", problemsOf(p))
			}
		})
	}
}

func basicWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	rows := [][]any{
		{"Risk", "Likelihood", "Impact", "Risk Level", "Mitigation"},
		{"Ransomware", "High", "High", "Critical", "Backup + EDR"},
		{"Power Failure", "Medium", "High", "High", "UPS + Generator"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	return workbook(t, f)
}

func TestPlanBasicSample(t *testing.T) {
	real, err := os.ReadFile(filepath.Join("..", "..", "shared", "samples", "register-basic.xlsx"))
	for name, data := range map[string][]byte{"Generated": basicWorkbook(t), "Shared": real} {
		t.Run(name, func(t *testing.T) {
			if data == nil {
				t.Skipf("sample not present: %v", err)
			}
			c := risk.DefaultCriteria()
			src, err := ReadSource("register-basic.xlsx", data)
			if err != nil {
				t.Fatal(err)
			}
			m, err := ProposeMapping(src, "", &c)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Plan(src, m, &c, nil, importToday)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Risks) != 2 || p.Blocking() != 0 {
				t.Fatalf("got %d risks, problems\n%s", len(p.Risks), problemsOf(p))
			}
			if got := p.Risks[0].Risk; got.Title != "Ransomware" || got.Inherent != (risk.Score{Likelihood: 4, Consequence: 4}) || len(got.Actions) != 1 || got.Actions[0].Title != "Backup + EDR" {
				t.Errorf("got %+v", got)
			}
			if len(p.Disagreements) != 1 || p.Disagreements[0].Row != 2 || !strings.Contains(p.Disagreements[0].Message.String(), `"Critical"; the workspace matrix gives High for L4×C4`) {
				t.Errorf("got disagreements %+v, want row 2 Critical vs High", p.Disagreements)
			}
		})
	}
}

func TestPlanRows(t *testing.T) {
	existing := []risk.Risk{{Ref: "R-2", Title: "Old flood"}}
	p := plan(t, "Ref,Risk,Likelihood (1-5),Impact (1-5),Residual likelihood,Residual impact,Treatment,Existing controls,Action,Due,Comments,Score\n"+
		"R-1,Fire,3,4,2,4,Mitigate,\"A.5.1, A.8.13\",Buy extinguishers,31/12/2026,watch the kitchen,12\n"+
		"r-2,Flood,2,2,,,,Sandbags,,May 2027,,5\n"+
		",,,,,,,,,,orphan note,\n"+
		"R-4,Theft,2,2,3,2,,,,,,4\n"+
		"R-1,Fire again,sometimes,2,,,Pray,,,soon,,\n"+
		"R-6,Accepted high,5,5,,,Accept,,,,,25\n", existing...)
	byRow := map[int]PlannedRisk{}
	for _, pr := range p.Risks {
		byRow[pr.Row] = pr
	}
	if len(p.Risks) != 5 {
		t.Fatalf("got %d risks, want 5 (the orphan row skipped); problems\n%s", len(p.Risks), problemsOf(p))
	}
	r2 := byRow[2].Risk
	if r2.Inherent != (risk.Score{Likelihood: 3, Consequence: 4}) || r2.Residual != (risk.Score{Likelihood: 2, Consequence: 4}) ||
		r2.Treatment != risk.Reduce || strings.Join(r2.Controls, " ") != "A.5.1 A.8.13" {
		t.Errorf("row 2: got %+v", r2)
	}
	if len(r2.Actions) != 1 || r2.Actions[0].Due != (risk.Date{Year: 2026, Month: 12, Day: 31}) {
		t.Errorf("row 2: got actions %+v, want one due 2026-12-31", r2.Actions)
	}
	if byRow[2].Notes != "Comments: watch the kitchen" || !strings.HasSuffix(r2.Description, "Comments: watch the kitchen") {
		t.Errorf("row 2: got notes %q description %q", byRow[2].Notes, r2.Description)
	}
	r3 := byRow[3]
	if r3.UpdateOf != "R-2" {
		t.Errorf("row 3: got UpdateOf %q, want R-2 (references match case-insensitively)", r3.UpdateOf)
	}
	// An update sets only what the row gives: no residual copied from the
	// inherent score, no status defaulted to open; the store keeps its own.
	if r3.Risk.Residual != (risk.Score{}) || r3.Risk.Status != "" {
		t.Errorf("row 3: got residual %v, status %q; want neither for an update that gives neither", r3.Risk.Residual, r3.Risk.Status)
	}
	if r7 := byRow[7].Risk; r7.Residual != r7.Inherent || r7.Status != risk.Open {
		t.Errorf("row 7: got residual %v, status %q; want the inherent %v and open for a new risk that gives neither", r7.Residual, r7.Status, r7.Inherent)
	}
	if want := "Existing controls: Sandbags\nDue: 2027-05-31"; r3.Notes != want {
		t.Errorf("row 3: got notes %q, want %q", r3.Notes, want)
	}
	if !byRow[5].Blocking || !byRow[6].Blocking || !byRow[7].Blocking || byRow[2].Blocking || byRow[3].Blocking {
		t.Errorf("blocking: got rows 2 %v, 3 %v, 5 %v, 6 %v, 7 %v; want 5, 6 and 7 only",
			byRow[2].Blocking, byRow[3].Blocking, byRow[5].Blocking, byRow[6].Blocking, byRow[7].Blocking)
	}
	got := problemsOf(p)
	for _, want := range []string{
		"4||the row has no title and no reference, so it was skipped|false",
		"5|Residual likelihood|the residual score L3×C2 is above the inherent score L2×C2",
		`6|Likelihood (1-5)|"sometimes" is not on the likelihood scale of 1–5; map it to a level, or the risk stays unscored|false`,
		`6|Treatment|"Pray" is not a treatment Riskbook knows`,
		`6|Due|"soon" is not a date; write it as 2026-07-03, 03/07/2026 or 3 July 2026; the date is left empty|false`,
		"6|Ref|reference R-1 is also on row 2; give each risk its own reference|true",
		"7||the risk is accepted above appetite but no approver is named",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got\n%s", want, got)
		}
	}
	if p.Blocking() != 4 {
		t.Errorf("got %d blocking problems, want 4:\n%s", p.Blocking(), got)
	}
	if strings.Contains(got, "outside the scales") {
		t.Errorf("half a score must be left unscored, not refused; got\n%s", got)
	}
	var dis []string
	for _, d := range p.Disagreements {
		dis = append(dis, fmt.Sprintf("%d %s", d.Row, d.Message))
	}
	if want := "3 the sheet's score is 5 but its own Likelihood (1-5) × Impact (1-5) is 4"; strings.Join(dis, "\n") != want {
		t.Errorf("got disagreements %q, want %q", dis, want)
	}
}

func TestPlanNewRefLeftEmpty(t *testing.T) {
	p := plan(t, "Risk,Owner\nFire,Ann\n")
	if len(p.Risks) != 1 || p.Risks[0].Risk.Ref != "" || p.Risks[0].Blocking {
		t.Errorf("got %+v, want one risk without a reference and not blocking", p.Risks)
	}
}

func TestPlanRefusesMismatchedMapping(t *testing.T) {
	c := risk.DefaultCriteria()
	src := csvSource(t, "ID,Risk,Owner\nR-1,Fire,Ann\n")
	m, err := ProposeMapping(src, "", &c)
	if err != nil {
		t.Fatal(err)
	}
	other := csvSource(t, "ID,Owner,Risk\nR-1,Ann,Fire\n")
	if _, err := Plan(other, m, &c, nil, importToday); err == nil || !strings.Contains(err.Error(), `Column 2 of sheet "r.csv" is "Owner" but the mapping expects "Risk"`) {
		t.Errorf("got %v, want the changed-layout refusal", err)
	}
	m.HeaderRow = 9
	if _, err := Plan(src, m, &c, nil, importToday); err == nil || !strings.Contains(err.Error(), "cannot be its header") {
		t.Errorf("got %v, want the header-row refusal", err)
	}
	m = Mapping{Sheet: "r.csv", HeaderRow: 1, Columns: []ColumnMap{{"ID", ""}, {"Risk", ""}, {"Owner", "owner"}}}
	if _, err := Plan(src, m, &c, nil, importToday); err == nil || !strings.Contains(err.Error(), "No column is mapped to the risk title") {
		t.Errorf("got %v, want the no-title refusal", err)
	}
}

func TestPlanBIA(t *testing.T) {
	p := plan(t, "Process,RTO (hours),RPO,MTPD,Owner,Notes\n"+
		"DNS,4,15 min,1 day,Ann,critical\n"+
		"Billing,< 2 hrs,1 h,1 hr,,\n"+
		"Email,soon,,,,\n"+
		",4,,,,\n")
	if len(p.Activities) != 3 {
		t.Fatalf("got %d activities, want 3; problems\n%s", len(p.Activities), problemsOf(p))
	}
	dns := p.Activities[0]
	if dns.Name != "DNS" || dns.RTO != bcp.Hours(4) || dns.RPO != bcp.Duration(15*time.Minute) ||
		dns.MTPDOverride != bcp.Hours(24) || dns.MTPDReason != "imported from r.csv" || dns.Owner != "Ann" || dns.Description != "Notes: critical" {
		t.Errorf("got %+v", dns)
	}
	got := problemsOf(p)
	for _, want := range []string{
		"3|RTO (hours)|the RTO (2 h) is longer than the MTPD (1 h)",
		`4|RTO (hours)|"soon" is not a duration`,
		"5||the row has no activity name, so it was skipped|false",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got\n%s", want, got)
		}
	}
	sys := planWith(t, "System,RTO,RPO,MTPD\nDNS servers,4h,15 min,2 days\nDatabase,3,,\n", func(m *Mapping) { m.BIA = BIASystems })
	if len(sys.Resources) != 2 || sys.Resources[0].Kind != bcp.ICT || sys.Resources[0].AchievableRTO != bcp.Hours(4) ||
		sys.Resources[0].Description != "MTPD: 2 days" {
		t.Errorf("got %+v", sys.Resources)
	}
	if !strings.Contains(problemsOf(sys), `3|RTO|"3" has no unit`) {
		t.Errorf("got problems\n%s, want the unitless RTO", problemsOf(sys))
	}
}

func TestParseLooseDate(t *testing.T) {
	d := func(y int, m time.Month, day int) risk.Date { return risk.Date{Year: y, Month: m, Day: day} }
	tests := []struct {
		name, in string
		want     risk.Date
	}{
		{"Empty", "", risk.Date{}},
		{"ISO", "2026-07-03", d(2026, 7, 3)},
		{"ISOSlashes", "2026/07/03", d(2026, 7, 3)},
		{"ISODateTime", "2026-07-03T09:30:00", d(2026, 7, 3)},
		{"DayFirst", "03/07/2026", d(2026, 7, 3)},
		{"DayFirstDots", "3.7.2026", d(2026, 7, 3)},
		{"DayFirstShortYear", "03-07-26", d(2026, 7, 3)},
		{"MonthFirstWhenForced", "07/31/2026", d(2026, 7, 31)},
		{"Written", "3 July 2026", d(2026, 7, 3)},
		{"WrittenShort", "3 Jul 2026", d(2026, 7, 3)},
		{"Ordinal", "3rd July 2026", d(2026, 7, 3)},
		{"American", "July 3, 2026", d(2026, 7, 3)},
		{"AmericanOrdinal", "July 3rd, 2026", d(2026, 7, 3)},
		{"ExcelText", "03-Jul-26", d(2026, 7, 3)},
		{"MonthYear", "Jul 2026", d(2026, 7, 31)},
		{"MonthYearFebruary", "February 2028", d(2028, 2, 29)},
		{"MayYear", "May 2027", d(2027, 5, 31)},
		{"MonthYearDash", "Jul-26", d(2026, 7, 31)},
		{"Serial", "46206", d(2026, 7, 3)},
		{"SerialWithTime", "46206.75", d(2026, 7, 3)},
		{"Padded", "  2026-07-03 ", d(2026, 7, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLooseDate(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseLooseDate(%q): got %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseLooseDateInvalid(t *testing.T) {
	for _, in := range []string{"soon", "2026", "31/02/2026", "13/13/2026", "Q3 2026", "Jul", "32 July 2026",
		"2026-7", "1/2/3", "1/2/123", "-46206", "99999999", "NaN", "3 Juli 2026", "2026-02-30"} {
		t.Run(in, func(t *testing.T) {
			got, err := ParseLooseDate(in)
			if err == nil || !got.IsZero() || risk.ErrorCode(err) != risk.EINVALID {
				t.Errorf("ParseLooseDate(%q): got %v, %v; want an invalid error", in, got, err)
			}
		})
	}
}

func FuzzParseLooseDate(f *testing.F) {
	for _, s := range []string{"2026-07-03", "03/07/2026", "3rd July 2026", "May 2027", "46206", "07/31/2026", "Jul-26"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseLooseDate(s)
		if err != nil {
			return
		}
		if d.IsZero() {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("ParseLooseDate(%q): got the zero date without an error", s)
			}
			return
		}
		if back, err := risk.ParseDate(d.String()); err != nil || back != d {
			t.Fatalf("ParseLooseDate(%q) = %v, which is not a calendar day", s, d)
		}
	})
}

func BenchmarkPlan10000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Risk ID,Asset/Area,Threat,Vulnerability,Likelihood,Impact,Risk Rating,Existing Controls,Recommended Mitigation,Owner,Status,Target Date\n")
	levels := []string{"Low", "Medium", "High"}
	for i := range 10000 {
		fmt.Fprintf(&sb, "R-%05d,Area %d,Threat %d,\"Weakness, %d\",%s,%s,%s,Control %d,Do thing %d,Owner %d,Open,%02d/%02d/2027\n",
			i, i%40, i, i, levels[i%3], levels[(i/3)%3], levels[(i/9)%3], i, i, i%25, i%28+1, i%12+1)
	}
	data := []byte(sb.String())
	c := risk.DefaultCriteria()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		src, err := ReadSource("big.csv", data)
		if err != nil {
			b.Fatal(err)
		}
		m, err := ProposeMapping(src, "", &c)
		if err != nil {
			b.Fatal(err)
		}
		p, err := Plan(src, m, &c, nil, importToday)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Risks) != 10000 {
			b.Fatalf("got %d risks", len(p.Risks))
		}
	}
}

func BenchmarkReadXLSX10000(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"Risk ID", "Threat", "Likelihood", "Impact", "Owner", "Comments", "Target Date"}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	for i := range 10000 {
		row := []any{fmt.Sprintf("R-%d", i), fmt.Sprintf("Threat %d", i), i%5 + 1, (i/5)%5 + 1, "Ann", nil, 46206 + i%300}
		if i%2 == 0 {
			row[5] = "note"
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		src, err := ReadSource("big.xlsx", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(src.Sheets[0].Rows) != 10001 {
			b.Fatalf("got %d rows", len(src.Sheets[0].Rows))
		}
	}
}

// TestPlanImpossibleDates: a row holding a date that cannot be is refused
// row by row, and a risk that does not say when it was identified was
// known by its earliest date.
func TestPlanImpossibleDates(t *testing.T) {
	p := plan(t, "Ref,Risk,Likelihood,Impact,Identified,Last review,Action,Due\n"+
		"R-1,Fire,3,4,,2026-01-15,Buy extinguishers,2025-11-30\n"+
		"R-2,Flood,2,2,,2026-06-01,,\n"+
		"R-3,Theft,2,2,2026-02-01,2026-01-10,,\n")
	byRow := map[int]PlannedRisk{}
	for _, pr := range p.Risks {
		byRow[pr.Row] = pr
	}
	if r := byRow[2]; r.Blocking || r.Risk.Identified != (risk.Date{Year: 2025, Month: 11, Day: 30}) {
		t.Errorf("row 2: blocking %v, identified %s; want a risk known by its action's due date", r.Blocking, r.Risk.Identified)
	}
	got := problemsOf(p)
	for _, want := range []string{
		"3|Last review|the last review is dated 2026-06-01, which has not come yet",
		"4|Last review|the last review is dated 2026-01-10, before the risk was identified on 2026-02-01",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got\n%s", want, got)
		}
	}
	if !byRow[3].Blocking || !byRow[4].Blocking {
		t.Errorf("rows 3 and 4 with impossible dates are not blocking:\n%s", got)
	}
}
