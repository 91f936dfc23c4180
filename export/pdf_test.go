package export

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"riskbook/risk"
)

// Titles the register must print exactly as written.
const (
	pdfTestVietnamese = "Mất điện khu vực làm gián đoạn đăng ký tên miền"
	pdfTestCyrillic   = "Отказ поставщика anycast DNS"
	pdfTestFormula    = "=SUM(A1) is a title, not a formula"
	pdfTestArabic     = "عبد الله الحسن"
	pdfTestSheetOnly  = "SHEET-ONLY-TEXT"
)

var pdfTestDate = time.Date(2026, 3, 31, 9, 30, 0, 0, time.UTC)

// pdfTestReport is a realistic full report, by hand: every block kind,
// unicode names, formula-like titles, an emoji, long text, a change log
// longer than its print limit, an empty table and an empty section.
func pdfTestReport(tb testing.TB, risks int) *Report {
	tb.Helper()
	c := risk.DefaultCriteria()
	level := func(s risk.Score) Cell {
		l, ok := c.LevelOf(s)
		if !ok {
			return Cell{}
		}
		return Cell{Text: l.Label, Colour: l.Colour}
	}
	owners := []string{"Nguyễn Thị Minh", "Технический руководитель", pdfTestArabic, "Ana García", "@security"}
	titles := []string{pdfTestVietnamese, pdfTestCyrillic, pdfTestFormula, "+44 hotline number changes without notice",
		"-1 day: DNSSEC signatures expire before re-signing", "@registrar list leaks credentials",
		"Emoji 🔥 in a title does not break the document 👍🏽"}
	long := "The zone-signing host loses power during the key rollover; the signer restarts with a stale key set, " +
		"signatures expire over the weekend and validating resolvers answer SERVFAIL for every name under the TLD " +
		"until someone on call notices, restores the key set from escrow and re-signs the zone by hand."
	register := &Table{Name: "Risks", Empty: "The register holds no risk yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Risk", Kind: LongText, Width: 40},
		{Title: "Owner", Kind: Text, Width: 16},
		{Title: "Description", Kind: LongText, Width: 50, SheetOnly: true},
		{Title: "Inherent", Kind: RiskLevel, Width: 10},
		{Title: "Controls", Kind: LongText, Width: 16},
		{Title: "Residual", Kind: RiskLevel, Width: 10},
		{Title: "Treatment", Kind: Enum, Width: 10, Options: []string{"reduce", "accept"}},
		{Title: "Next review", Kind: Date, Width: 11},
		{Title: "Progress", Kind: Percent, Width: 9},
	}}
	actions := &Table{Name: "Actions", Empty: "No treatment action is recorded.", Columns: []Column{
		{Title: "Risk", Kind: Text, Width: 8},
		{Title: "Action", Kind: LongText, Width: 60},
		{Title: "Owner", Kind: Text, Width: 18},
		{Title: "Due", Kind: Date, Width: 11},
		{Title: "Progress", Kind: Percent, Width: 9},
	}}
	inherent := make([][]int, 5)
	residual := make([][]int, 5)
	for i := range inherent {
		inherent[i], residual[i] = make([]int, 5), make([]int, 5)
	}
	for i := range risks {
		title := fmt.Sprintf("Risk %d: registry service degraded by a failing dependency", i+1)
		if i < len(titles) {
			title = titles[i]
		}
		if i%9 == 8 {
			title += ". " + long
		}
		in := risk.Score{Likelihood: i%5 + 1, Consequence: (i*3)%5 + 1}
		res := risk.Score{Likelihood: max(in.Likelihood-1, 1), Consequence: in.Consequence}
		inherent[5-in.Likelihood][in.Consequence-1]++
		residual[5-res.Likelihood][res.Consequence-1]++
		due := risk.Date{Year: 2026, Month: time.Month(i%12 + 1), Day: i%28 + 1}
		ref := fmt.Sprintf("R-%03d", i+1)
		register.Rows = append(register.Rows, []Cell{
			{Text: ref}, {Text: title}, {Text: owners[i%len(owners)]}, {Text: pdfTestSheetOnly},
			level(in), {Text: "A.5.30, A.8.13, A.8.20"}, level(res), {Text: "reduce"},
			{Text: due.String(), Date: due}, {Text: fmt.Sprintf("%d%%", i*7%101), Number: float64(i * 7 % 101)},
		})
		if i%5 == 0 {
			actions.Rows = append(actions.Rows, []Cell{{Text: ref}, {Text: "Contract a second anycast provider and test the failover twice a year"},
				{Text: owners[(i+1)%len(owners)]}, {Text: due.String(), Date: due}, {Text: "40%", Number: 40}})
		}
	}
	changes := &Table{Name: "ChangeLog", PrintLimit: 60, Empty: "The change log is empty.", Columns: []Column{
		{Title: "#", Kind: Number, Width: 6}, {Title: "When (UTC)", Kind: Text, Width: 17},
		{Title: "Who", Kind: Text, Width: 18}, {Title: "What", Kind: Text, Width: 12},
	}}
	for i := range 150 {
		changes.Rows = append(changes.Rows, []Cell{{Text: fmt.Sprint(i + 1), Number: float64(i + 1)},
			{Text: pdfTestDate.Add(time.Duration(i-150) * time.Hour).Format("2006-01-02 15:04")}, {Text: owners[i%len(owners)]}, {Text: "risk"}})
	}
	matrix := func(title string, text func(r, c int) string) *Matrix {
		m := &Matrix{Title: title, RowTitle: "Likelihood", ColTitle: "Consequence", Note: "▲ marks cells above the risk appetite (Medium)."}
		for _, l := range c.Consequence {
			m.Cols = append(m.Cols, l.Label)
		}
		for li := 5; li >= 1; li-- {
			m.Rows = append(m.Rows, c.Likelihood[li-1].Label)
			var row []MatrixCell
			for ci := 1; ci <= 5; ci++ {
				l, _ := c.LevelOf(risk.Score{Likelihood: li, Consequence: ci})
				row = append(row, MatrixCell{Text: text(li, ci), Colour: l.Colour, AboveAppetite: l.Rank > c.Appetite})
			}
			m.Cells = append(m.Cells, row)
		}
		return m
	}
	count := func(n [][]int) func(r, c int) string {
		return func(r, c int) string {
			if v := n[5-r][c-1]; v > 0 {
				return fmt.Sprint(v)
			}
			return ""
		}
	}
	levels := &Table{Name: "Levels", Columns: []Column{{Title: "Level", Kind: RiskLevel, Width: 14}, {Title: "Decision required", Kind: LongText, Width: 60}}}
	for i := len(c.Levels) - 1; i >= 0; i-- {
		levels.Rows = append(levels.Rows, []Cell{{Text: c.Levels[i].Label, Colour: c.Levels[i].Colour}, {Text: "Needs treatment or a formal acceptance."}})
	}
	sum := sha256.Sum256([]byte("workspace dump"))
	return &Report{
		Meta: Meta{Title: "Risk register and Statement of Applicability", Subject: "Information-security and continuity risks of .xx",
			Organisation: "Registry of .xx", TLDs: ".xx, .xn--p1ai", Version: "1.2", Date: pdfTestDate,
			Classification: "Confidential", Owner: "Nguyễn Thị Minh", Approver: pdfTestArabic, Author: "Ana",
			Creator: "Riskbook 0.1.0", Workspace: "registry.riskbook", Level: Full},
		Revisions: []Revision{
			{Version: "1.0", Date: pdfTestDate.AddDate(0, -3, 0), Author: "Ana", Description: "First issue."},
			{Version: "1.2", Date: pdfTestDate, Author: "Nguyễn Thị Minh", Description: "Second anycast provider; residual scores reviewed."},
		},
		Levels: c.Levels,
		Sections: []Section{
			{ID: "overview", Title: "Overview", Blocks: []Block{
				{Facts: []Fact{{"Organisation", "Registry of .xx"}, {"Risks in the register", fmt.Sprint(risks)}, {"Approved by", pdfTestArabic}}},
				{Paragraph: "This document records the assessment and treatment of the registry's risks.\n\n" + long},
			}},
			{ID: "criteria", Title: "Risk criteria", Blocks: []Block{
				{Paragraph: "Risks are scored on five-level scales; the matrix turns a score into a level."},
				{Heading: "Risk matrix"},
				{Matrix: matrix("Risk levels by likelihood and consequence", func(r, col int) string {
					l, _ := c.LevelOf(risk.Score{Likelihood: r, Consequence: col})
					return l.Label
				})},
				{Heading: "Risk levels"},
				{Table: levels},
			}},
			{ID: "heatmap", Title: "Heat maps", Blocks: []Block{
				{Paragraph: "Open risks per cell, before and after controls."},
				{Matrix: matrix("Inherent risk", count(inherent))},
				{Matrix: matrix("Residual risk", count(residual))},
			}},
			{ID: "risks", Title: "Risk register", Blocks: []Block{{Paragraph: "Every risk, in reference order."}, {Table: register},
				{Heading: pdfTestVietnamese}, {Paragraph: "A heading in Vietnamese becomes a bookmark in Vietnamese."}}},
			{ID: "actions", Title: "Risk treatment plan", Blocks: []Block{{Table: actions}}},
			{ID: "exercises", Title: "Exercises", Blocks: []Block{{Heading: "Exercises held"}, {Table: &Table{Name: "Exercises",
				Columns: []Column{{Title: "Date", Kind: Date, Width: 11}}, Empty: "No exercise is recorded yet."}}}},
			{ID: "playbooks", Title: "Playbooks"},
			{ID: "changes", Title: "Change log", Blocks: []Block{{Table: changes}}},
		},
		Digest: hex.EncodeToString(sum[:]),
	}
}

func pdfRender(tb testing.TB, r *Report) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, r); err != nil {
		tb.Fatalf("WritePDF: %v", err)
	}
	return buf.Bytes()
}

// pdfTestPages returns the text of each page of a PDF made by WritePDF:
// it inflates every stream and decodes the UTF-16 strings its Tj operators
// show, one line per operator. It reads our own output, nothing more.
func pdfTestPages(tb testing.TB, b []byte) []string {
	tb.Helper()
	var pages []string
	for {
		i := bytes.Index(b, []byte(">>\nstream\n"))
		if i < 0 {
			return pages
		}
		b = b[i+len(">>\nstream\n"):]
		j := bytes.Index(b, []byte("\nendstream"))
		if j < 0 {
			tb.Fatal("unterminated stream")
		}
		raw := b[:j]
		b = b[j+len("\nendstream"):]
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			continue // not compressed
		}
		data, err := io.ReadAll(zr)
		if err != nil || !bytes.Contains(data, []byte(") Tj")) {
			continue // a font, not a page
		}
		pages = append(pages, pdfTestShown(data))
	}
}

var pdfTestTj = regexp.MustCompile(`\(((?:[^\\)]|\\.)*)\) Tj`)

func pdfTestShown(content []byte) string {
	var out strings.Builder
	for _, m := range pdfTestTj.FindAllSubmatch(content, -1) {
		var raw []byte
		for k := 0; k < len(m[1]); k++ {
			c := m[1][k]
			if c == '\\' && k+1 < len(m[1]) {
				k++
				switch m[1][k] {
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				default:
					c = m[1][k]
				}
			}
			raw = append(raw, c)
		}
		u := make([]uint16, len(raw)/2)
		for k := range u {
			u[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
		}
		out.WriteString(string(utf16.Decode(u)))
		out.WriteByte('\n')
	}
	return out.String()
}

func TestWritePDFShowsTheReport(t *testing.T) {
	r := pdfTestReport(t, 25)
	b := pdfRender(t, r)
	pages := pdfTestPages(t, b)
	first := newPDFDoc(r, pdfTestFonts(t), nil, nil)
	first.render()
	if len(pages) != first.page {
		t.Fatalf("got %d page streams, want %d pages", len(pages), first.page)
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{
		"Document control", "Contents", "Risk register", "Risk treatment plan", "Heat maps", "Inherent risk", "Residual risk",
		pdfTestVietnamese, pdfTestCyrillic, pdfTestFormula, "+44 hotline number changes without notice",
		"-1 day: DNSSEC signatures expire before re-signing", "@registrar list leaks credentials",
		"Page 1 of " + fmt.Sprint(first.page), fmt.Sprintf("Page %d of %d", first.page, first.page),
		"No exercise is recorded yet.", "This section has nothing to show.",
		"Showing the latest 60 of 150 changes; the workbook has them all.",
		r.Digest, "riskbook dump FILE | sha256sum", "Generated by Riskbook 0.1.0", "2026-03-31",
		"Confidential", "Approver", "\uFFFD", "40%",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	for _, unwanted := range []string{pdfTestSheetOnly, "▲", "🔥"} {
		if strings.Contains(all, unwanted) {
			t.Errorf("the PDF shows %q", unwanted)
		}
	}
	// Bookmarks are uncompressed UTF-16 strings; the contents entries are links.
	for _, title := range []string{"Document control", "Risk register", pdfTestVietnamese, "Risk matrix", "Data fingerprint"} {
		if !bytes.Contains(b, pdfTestUTF16(title)) {
			t.Errorf("no bookmark %q", title)
		}
	}
	if n := bytes.Count(b, []byte("/Subtype /Link")); n != len(r.Sections)+1 {
		t.Errorf("got %d links, want one per contents entry (%d)", n, len(r.Sections)+1)
	}
	if strings.Contains(pages[0], "Confidential\nRisk register") {
		t.Error("the cover has a running header")
	}
	for i, p := range pages[1:] {
		if !strings.HasPrefix(p, r.Meta.Title+"\nConfidential\n") {
			t.Errorf("page %d does not start with the running header: %.60q", i+2, p)
		}
	}
}

// pdfTestUTF16 is s as fpdf writes a bookmark title: UTF-16BE with a BOM.
func pdfTestUTF16(s string) []byte {
	out := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return out
}

func TestWritePDFTextAsAnotherReaderSeesIt(t *testing.T) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; TestWritePDFShowsTheReport reads the text without it")
	}
	r := pdfTestReport(t, 25)
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdfRender(t, r), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Risk register", "Page 1 of", pdfTestVietnamese, pdfTestCyrillic, pdfTestFormula, r.Digest, "Data fingerprint"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q", want)
		}
	}
	if info, err := exec.LookPath("pdfinfo"); err == nil {
		out, err := exec.Command(info, path).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo: %v\n%s", err, out)
		}
		for _, want := range []string{"Title:           " + r.Meta.Title, "Author:          Ana", "Creator:         Riskbook 0.1.0",
			"Subject:         " + r.Meta.Subject, "Page size:       595.28 x 841.89 pts (A4)"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("pdfinfo does not show %q:\n%s", want, out)
			}
		}
	}
}

func TestWritePDFIsDeterministic(t *testing.T) {
	r := pdfTestReport(t, 25)
	a, b := pdfRender(t, r), pdfRender(t, r)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same report differ")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20260331093000")) || !bytes.Contains(a, []byte("/ModDate (D:20260331093000")) {
		t.Error("the creation and modification dates are not the report's date")
	}
}

func TestWritePDFRefusesWhatItCannotDraw(t *testing.T) {
	dateless := pdfTestReport(t, 1)
	dateless.Meta.Date = time.Time{}
	for name, r := range map[string]*Report{"NoReport": nil, "NoDate": dateless} {
		t.Run(name, func(t *testing.T) {
			if err := WritePDF(io.Discard, r); err == nil {
				t.Fatal("got no error")
			}
		})
	}
	t.Run("WriterFails", func(t *testing.T) {
		err := WritePDF(pdfFailingWriter{}, pdfTestReport(t, 1))
		if !errors.Is(err, errPDFTestDiskFull) {
			t.Fatalf("got %v, want the writer's error", err)
		}
	})
}

var errPDFTestDiskFull = errors.New("disk full")

type pdfFailingWriter struct{}

func (pdfFailingWriter) Write([]byte) (int, error) { return 0, errPDFTestDiskFull }

func BenchmarkWritePDF10000(b *testing.B) {
	r := pdfTestReport(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WritePDF(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
