package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"riskbook/assets"
)

func TestBidiVisualOrder(t *testing.T) {
	f := pdfTestFonts(t)
	// Each piece as it is drawn, left to right: Latin text as drawn, a
	// shaped run by its text in drawing order (what extraction sees).
	drawn := func(s string) string {
		var parts []string
		for _, p := range f.layout(s, false) {
			if p.face != nil {
				parts = append(parts, "["+p.actual+"]")
			} else if p.text != "" {
				parts = append(parts, p.text)
			}
		}
		return strings.Join(parts, "|")
	}
	for _, tc := range []struct{ name, in, want string }{
		{"Latin", "Registry", "Registry"},
		{"ArabicWordsRightToLeft", "عبد الله", "[هللا دبع]"},
		{"HebrewRightToLeft", "שלום עולם", "[םלוע םולש]"},
		{"ArabicAfterLatin", "Loss — فقدان", "Loss — |[نادقف]"},
		{"NumberInsideArabic", "خطة 2026 جديدة", "[ةديدج]| |2026|[ ةطخ]"},
		{"NumberAfterArabicInLatin", "Plan خطة 2026", "Plan |2026|[ ةطخ]"},
		{"LatinInsideArabic", "مدير (R-003)", "(|R-003|)|[ ريدم]"},
		{"ArabicIndicDigits", "رقم ١٢٣", "[١٢٣]|[ مقر]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := drawn(tc.in); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestVisualOrderLevels(t *testing.T) {
	order := func(levels ...int) []int {
		var runs []pdfRun
		for i, l := range levels {
			runs = append(runs, pdfRun{start: i, end: i + 1, level: l})
		}
		var out []int
		for _, r := range visualOrder(runs) {
			out = append(out, r.start)
		}
		return out
	}
	for _, tc := range []struct {
		levels []int
		want   []int
	}{
		{[]int{0}, []int{0}},
		{[]int{0, 1, 0}, []int{0, 1, 2}},
		{[]int{0, 1, 1, 0}, []int{0, 2, 1, 3}},
		{[]int{0, 1, 2, 1, 0}, []int{0, 3, 2, 1, 4}},
		{[]int{1, 2, 1}, []int{2, 1, 0}},
	} {
		if got := order(tc.levels...); !equalInts(got, tc.want) {
			t.Errorf("levels %v: got order %v, want %v", tc.levels, got, tc.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPUAFont: the font fpdf embeds reaches every glyph through a
// private-use character, and is otherwise the font it was made from.
func TestPUAFont(t *testing.T) {
	pua, err := puaFont(assets.FontArabicRegular)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := sfnt.Parse(assets.FontArabicRegular)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sfnt.Parse(pua)
	if err != nil {
		t.Fatalf("the made font does not parse: %v", err)
	}
	var buf sfnt.Buffer
	for _, gid := range []int{1, 2, 500, orig.NumGlyphs() - 1} {
		got, err := f.GlyphIndex(&buf, rune(pdfPUA+gid))
		if err != nil || int(got) != gid {
			t.Errorf("U+%04X maps to glyph %d (%v), want %d", pdfPUA+gid, got, err, gid)
		}
	}
	if f.NumGlyphs() != orig.NumGlyphs() {
		t.Errorf("%d glyphs, want %d", f.NumGlyphs(), orig.NumGlyphs())
	}
	if ttfChecksum(pua) != 0xB1B0AFBA {
		t.Errorf("whole-file checksum %#x, want 0xB1B0AFBA", ttfChecksum(pua))
	}
	if _, err := puaFont([]byte("not a font")); err == nil {
		t.Error("a file that is no font was accepted")
	}
}

// pdfTestArabicRisk and its neighbours are what a ccTLD writing Arabic or
// Hebrew types: an organisation, a risk, an owner mixing scripts.
const (
	pdfTestArabicRisk  = "هجوم حجب الخدمة على خوادم الأسماء"
	pdfTestArabicOrg   = "الهيئة الوطنية لتنظيم الاتصالات"
	pdfTestHebrew      = "מתקפת מניעת שירות"
	pdfTestArabicMixed = "مدير السجل (R-003)"
)

// TestWritePDFArabicAsAnotherReaderSeesIt: Arabic and Hebrew come out of
// the PDF as letters, in the order they were written.
func TestWritePDFArabicAsAnotherReaderSeesIt(t *testing.T) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	in := sampleInput(t, Full)
	in.Profile.Organisation = pdfTestArabicOrg
	in.Risks.(RiskList)[0].Title = pdfTestArabicRisk
	in.Risks.(RiskList)[2].Title = pdfTestHebrew
	in.Risks.(RiskList)[2].Owner = pdfTestArabicMixed
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "arabic.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	// pdftotext brackets right-to-left text with embedding marks.
	text := strings.Map(func(r rune) rune {
		if bidiControl(r) {
			return -1
		}
		return r
	}, string(out))
	for _, want := range []string{pdfTestArabicRisk, pdfTestArabicOrg, pdfTestHebrew, "مدير السجل", "R-003"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q", want)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') || strings.ContainsFunc(text, func(r rune) bool { return r >= 0xE000 && r <= 0xF8FF }) {
		t.Error("the extracted text holds replacement marks or private-use characters")
	}
	us, err := UnprintableIn(r)
	if err != nil || len(us) != 0 {
		t.Errorf("Arabic and Hebrew reported unprintable: %v %v", us, err)
	}
}

func TestUnprintableIn(t *testing.T) {
	in := sampleInput(t, Full)
	in.Risks.(RiskList)[0].Title = "Fire 🔥 in the server room"
	in.Risks.(RiskList)[1].Owner = "東京 office"
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	us, err := UnprintableIn(r)
	if err != nil {
		t.Fatal(err)
	}
	// Once the PDF is drawn, the tables it drew are not read again but
	// scanned as drawn: the same characters at the same places.
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, r); err != nil {
		t.Fatal(err)
	}
	if len(r.scanned) == 0 {
		t.Error("the PDF renderer scanned no table")
	}
	drawn, err := UnprintableIn(r)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(drawn, us) {
		t.Errorf("after drawing: got %v, want %v", drawn, us)
	}
	var got []string
	for _, u := range us {
		got = append(got, string(u.Rune)+" "+u.Where)
	}
	want := []string{"🔥 Risk register, R-001", "東 Risk register, R-002", "京 Risk register, R-002"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	msg := UnprintableWarning(us)
	if !strings.Contains(msg, "3 characters") || !strings.Contains(msg, "🔥 (U+1F525) in Risk register, R-001") {
		t.Errorf("warning: %s", msg)
	}
}

// FuzzPDFLayout: any text, once cleaned, lays out, wraps and measures
// without failing, and its pieces are as wide as the text measures.
func FuzzPDFLayout(f *testing.F) {
	for _, s := range []string{"", "abc", "عبد الله", "(R-003) مدير", "שלום 12 עולם", "a\u202Eb\u202Cc", "١٢٣ abc ()[]", "\u0645\u0651\u064e"} {
		f.Add(s)
	}
	fonts := pdfTestFonts(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := fonts.clean(s)
		w := 0
		for _, p := range fonts.layout(c, true) {
			w += p.width
		}
		if fonts.complex(c) && w != fonts.width(c, true) {
			t.Errorf("pieces %d wide, text measures %d", w, fonts.width(c, true))
		}
		if len(fonts.wrap(c, false, 8, 30)) == 0 {
			t.Error("no line")
		}
	})
}
