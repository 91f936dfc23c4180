package export

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"

	"riskbook/assets"
)

// pdfReplacement stands for a character no embedded font can draw: emoji,
// and scripts neither Noto Sans nor a script font covers (CJK, Thai,
// Devanagari…). One replacement stands for a whole run of such characters;
// UnprintableIn lists them for the person exporting.
const pdfReplacement = '\uFFFD'

// Width-table sentinels: a rune not looked up yet, and a rune without glyph.
const (
	pdfWidthUnknown = 0xFFFF
	pdfWidthMissing = 0xFFFE
)

// pdfFace is one embedded font as the layout sees it: which runes it has
// and how wide they are, in thousandths of an em — the same numbers fpdf
// computes from the font's hmtx table, so text measured here is drawn at
// exactly that width.
type pdfFace struct {
	ttf    []byte
	sf     *sfnt.Font
	buf    sfnt.Buffer
	upem   fixed.Int26_6
	widths []uint16 // per BMP rune; filled lazily
}

func newPDFFace(ttf []byte) (*pdfFace, error) {
	sf, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("parse embedded font: %w", err)
	}
	f := &pdfFace{ttf: ttf, sf: sf, upem: fixed.I(int(sf.UnitsPerEm())), widths: make([]uint16, 0x10000)}
	for i := range f.widths {
		f.widths[i] = pdfWidthUnknown
	}
	return f, nil
}

// width returns the advance of r in thousandths of an em, and whether the
// font has a glyph for it. fpdf only maps the Basic Multilingual Plane.
func (f *pdfFace) width(r rune) (int, bool) {
	if r < 0 || r >= 0x10000 {
		return 0, false
	}
	w := f.widths[r]
	if w == pdfWidthUnknown {
		w = f.lookup(r)
		f.widths[r] = w
	}
	if w == pdfWidthMissing {
		return 0, false
	}
	return int(w), true
}

func (f *pdfFace) lookup(r rune) uint16 {
	gi, err := f.sf.GlyphIndex(&f.buf, r)
	if err != nil || gi == 0 {
		return pdfWidthMissing
	}
	// At a size of one em per unit the advance comes back in font units.
	adv, err := f.sf.GlyphAdvance(&f.buf, gi, f.upem, font.HintingNone)
	if err != nil {
		return pdfWidthMissing
	}
	units := float64(adv) / 64
	return uint16(units*1000/(float64(f.upem)/64) + 0.5)
}

// measure returns the width of s in thousandths of an em. s must be clean.
func (f *pdfFace) measure(s string) int {
	n := 0
	for _, r := range s {
		w, _ := f.width(r)
		n += w
	}
	return n
}

// pdfFonts are the fonts a document may embed: the Latin font every
// document uses, regular and bold, and the script fonts (pdf_script.go)
// for what it does not cover.
type pdfFonts struct {
	regular, bold *pdfFace
	scripts       []*pdfScript
	shaper        shaping.HarfbuzzShaper
	layouts       map[pdfLayoutKey][]pdfPiece
}

// loadPDFFonts parses the embedded Noto Sans regular and bold and the
// script fonts.
func loadPDFFonts() (*pdfFonts, error) {
	reg, err := newPDFFace(assets.FontRegular)
	if err != nil {
		return nil, err
	}
	bold, err := newPDFFace(assets.FontBold)
	if err != nil {
		return nil, err
	}
	scripts, err := loadPDFScripts()
	if err != nil {
		return nil, err
	}
	return &pdfFonts{regular: reg, bold: bold, scripts: scripts}, nil
}

func (fs *pdfFonts) face(bold bool) *pdfFace {
	if bold {
		return fs.bold
	}
	return fs.regular
}

// has reports whether the Latin font, regular and bold, or a script font
// can draw r.
func (fs *pdfFonts) has(r rune) bool {
	_, ok := fs.regular.width(r)
	if ok {
		_, ok = fs.bold.width(r)
	}
	for _, s := range fs.scripts {
		ok = ok || s.has(r)
	}
	return ok
}

// runeWidth is the advance of r in 1000ths of an em, in whichever font
// draws it on its own.
func (fs *pdfFonts) runeWidth(r rune, bold bool) int {
	if w, ok := fs.face(bold).width(r); ok {
		return w
	}
	for _, s := range fs.scripts {
		if w, ok := s.face(bold).metrics.width(r); ok {
			return w
		}
	}
	return 0
}

// clean makes s safe to draw: NFC-normalised (so "ạ" is one glyph, not a
// base letter and a floating dot), line breaks as "\n", tabs as spaces,
// control characters dropped, and every run of characters without a glyph
// (with the joiners and modifiers inside it) replaced by one U+FFFD. fpdf
// would otherwise fail the whole document, or print empty boxes.
func (fs *pdfFonts) clean(s string) string {
	if pdfPlainASCII(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	last := rune(-1)
	for i, r := range s {
		switch {
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			r = '\n'
		case r == '\t':
			r = ' '
		}
		if r != '\n' && unicode.IsControl(r) {
			continue
		}
		invisible := unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Variation_Selector)
		if r != '\n' && (!fs.has(r) || invisible && last == pdfReplacement) {
			if invisible || last == pdfReplacement {
				continue // a joiner, a skin tone, a stray accent, or more of the same run
			}
			r = pdfReplacement
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// pdfPlainASCII reports whether s is printable ASCII only, which the font
// covers and NFC leaves alone: the common case, kept cheap.
func pdfPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// pdfPtMM is the size of a point in millimetres.
const pdfPtMM = 25.4 / 72

// textWidth returns the width of clean text s in millimetres, shaped when
// it holds a script the Latin font does not cover.
func (fs *pdfFonts) textWidth(s string, bold bool, size float64) float64 {
	return float64(fs.width(s, bold)) * size * pdfPtMM / 1000
}

// width is the width of clean text s in 1000ths of an em.
func (fs *pdfFonts) width(s string, bold bool) int {
	if fs.complex(s) {
		return fs.layoutWidth(s, bold)
	}
	return fs.face(bold).measure(s)
}

// wrap breaks clean text s into lines no wider than width millimetres:
// at spaces, and inside a word only when the word alone is wider than a
// line. Hard line breaks are kept. It always returns at least one line.
func (fs *pdfFonts) wrap(s string, bold bool, size, width float64) []string {
	limit := int(width * 1000 / (size * pdfPtMM))
	s = strings.TrimRight(s, "\n ")
	var lines []string
	for para := range strings.SplitSeq(s, "\n") {
		n := len(lines)
		lines = fs.wrapParagraph(para, bold, limit, lines)
		fs.keepDirection(para, lines[n:])
	}
	return lines
}

// keepDirection marks the continuation lines of a paragraph whose own
// first letter would give them the other direction: a line keeps its
// paragraph's direction (UAX #9 resolves it once per paragraph), so that
// an English sentence ending in Arabic words continues left to right.
func (fs *pdfFonts) keepDirection(para string, lines []string) {
	if len(lines) < 2 || !fs.complex(para) {
		return
	}
	rtl := rtlLine(para)
	for i := 1; i < len(lines); i++ {
		switch {
		case rtl && !rtlLine(lines[i]):
			lines[i] = "\u200F" + lines[i] // right-to-left mark
		case !rtl && rtlLine(lines[i]):
			lines[i] = "\u200E" + lines[i] // left-to-right mark
		}
	}
}

func pdfBreakable(r rune) bool {
	return r == ' ' || (unicode.IsSpace(r) && r != '\u00A0' && r != '\u2007' && r != '\u202F')
}

// wrapParagraph appends the lines of one paragraph. Lines are slices of
// para, so wrapping a register allocates little. A word in a script that
// is shaped is measured shaped.
func (fs *pdfFonts) wrapParagraph(para string, bold bool, limit int, lines []string) []string {
	f := fs.face(bold)
	n0 := len(lines)
	start, end := -1, -1 // the current line is para[start:end]
	lineW := 0
	i := 0
	for i < len(para) {
		// Skip the gap before the next word, remembering its width.
		gapW := 0
		for i < len(para) {
			r, n := utf8.DecodeRuneInString(para[i:])
			if !pdfBreakable(r) {
				break
			}
			w, _ := f.width(r)
			gapW += w
			i += n
		}
		if i >= len(para) {
			break
		}
		wordStart := i
		wordW := 0
		shaped := false
		for i < len(para) {
			r, n := utf8.DecodeRuneInString(para[i:])
			if pdfBreakable(r) {
				break
			}
			w, ok := f.width(r)
			if !ok || rtlRune(r) {
				w, shaped = fs.runeWidth(r, bold), true
			}
			wordW += w
			i += n
		}
		if shaped {
			wordW = fs.layoutWidth(para[wordStart:i], bold)
		}
		switch {
		case start >= 0 && lineW+gapW+wordW <= limit:
			end = i
			lineW += gapW + wordW
		default:
			if start >= 0 {
				lines = append(lines, para[start:end])
			}
			if wordW <= limit {
				start, end, lineW = wordStart, i, wordW
				continue
			}
			// A word wider than a line (a URL, a hash) is cut where it must be.
			var rest int
			lines, start, rest = fs.cutWord(para, wordStart, i, bold, limit, lines)
			end, lineW = i, rest
		}
	}
	if start >= 0 {
		lines = append(lines, para[start:end])
	}
	if len(lines) == n0 {
		lines = append(lines, "") // an empty paragraph is a blank line
	}
	return lines
}

// cutWord appends all full-width pieces of para[from:to] as lines and
// returns where the last piece starts and how wide it is.
func (fs *pdfFonts) cutWord(para string, from, to int, bold bool, limit int, lines []string) ([]string, int, int) {
	start, w := from, 0
	for j, r := range para[from:to] {
		rw := fs.runeWidth(r, bold)
		if w+rw > limit && from+j > start {
			lines = append(lines, para[start:from+j])
			start, w = from+j, 0
		}
		w += rw
	}
	return lines, start, w
}
