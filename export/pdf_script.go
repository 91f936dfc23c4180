package export

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"

	"riskbook/assets"
)

// Scripts the Latin font (Noto Sans) does not cover are drawn with a font
// of their own: Arabic and Hebrew, which are also written right to left.
// Their letters change shape with their neighbours, so fpdf, which draws a
// character as one fixed glyph, cannot set them. Instead:
//
//   - the Unicode bidirectional algorithm (golang.org/x/text/unicode/bidi)
//     splits each line into runs of one direction, and the runs are put in
//     the order they are seen (UAX #9, rule L2);
//   - HarfBuzz, as ported by go-text/typesetting (the shaper Fyne uses),
//     turns each run of Arabic or Hebrew into positioned glyphs: joined
//     forms, ligatures, marks placed over and under their letters;
//   - fpdf reaches a glyph only through the font's character map, so the
//     script fonts are embedded with a map that gives every glyph its own
//     private-use character (U+E000 + glyph number), and each glyph is
//     drawn at the place HarfBuzz gave it;
//   - each shaped run is marked with its text (/ActualText), so that
//     copying and text extraction give letters, not private-use codes.
//     Extractors read right-to-left text in the order it is drawn and
//     restore the logical order themselves, as they do for any PDF; the
//     run's text is given to them in that drawn order too.

// pdfPUA is the private-use character fpdf draws glyph 0 of a script font
// as; glyph g is pdfPUA+g.
const pdfPUA = 0xE000

// pdfShapeUnits is the size runs are shaped at: one em is 1000 units, the
// unit of every width in the layout.
const pdfShapeUnits = 1000

// pdfScript is one script font, regular and bold.
type pdfScript struct {
	family  string              // the fpdf family name
	letters *unicode.RangeTable // the script whose letters it draws
	script  language.Script
	lang    language.Language
	faces   [2]*pdfScriptFace // regular, bold
}

// pdfScriptFace is one script font file as the layout, the shaper and fpdf
// each need it.
type pdfScriptFace struct {
	family, style string
	metrics       *pdfFace   // coverage, as for the Latin font
	shape         *font.Face // the same file for HarfBuzz
	ttf           []byte
	pua           []byte // the file with every glyph on a private-use character, made on first use
}

func newPDFScript(family string, letters *unicode.RangeTable, script language.Script, lang string, regular, bold []byte) (*pdfScript, error) {
	s := &pdfScript{family: family, letters: letters, script: script, lang: language.NewLanguage(lang)}
	for i, ttf := range [][]byte{regular, bold} {
		m, err := newPDFFace(ttf)
		if err != nil {
			return nil, err
		}
		f, err := font.ParseTTF(bytes.NewReader(ttf))
		if err != nil {
			return nil, fmt.Errorf("parse embedded font %s: %w", family, err)
		}
		s.faces[i] = &pdfScriptFace{family: family, style: []string{"", "B"}[i], metrics: m, shape: f, ttf: ttf}
	}
	return s, nil
}

// loadPDFScripts parses the script fonts.
func loadPDFScripts() ([]*pdfScript, error) {
	arabic, err := newPDFScript("NotoSansArabic", unicode.Arabic, language.Arabic, "ar", assets.FontArabicRegular, assets.FontArabicBold)
	if err != nil {
		return nil, err
	}
	hebrew, err := newPDFScript("NotoSansHebrew", unicode.Hebrew, language.Hebrew, "he", assets.FontHebrewRegular, assets.FontHebrewBold)
	if err != nil {
		return nil, err
	}
	return []*pdfScript{arabic, hebrew}, nil
}

func (s *pdfScript) face(bold bool) *pdfScriptFace {
	if bold {
		return s.faces[1]
	}
	return s.faces[0]
}

// has reports whether the script font, regular and bold, can draw r.
func (s *pdfScript) has(r rune) bool {
	_, ok := s.faces[0].metrics.width(r)
	if ok {
		_, ok = s.faces[1].metrics.width(r)
	}
	return ok
}

// puaFont returns the font file with a character map (one format 4
// subtable) mapping U+E001… to glyphs 1…, for fpdf to embed and subset.
// The glyphs and every other table are unchanged.
func (f *pdfScriptFace) puaFont() ([]byte, error) {
	if f.pua == nil {
		b, err := puaFont(f.ttf)
		if err != nil {
			return nil, fmt.Errorf("prepare embedded font %s: %w", f.family, err)
		}
		f.pua = b
	}
	return f.pua, nil
}

func puaFont(ttf []byte) ([]byte, error) {
	if len(ttf) < 12 {
		return nil, fmt.Errorf("not a TrueType file")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, fmt.Errorf("truncated table directory")
	}
	type table struct {
		tag  string
		data []byte
	}
	tables := make([]table, n)
	glyphs := 0
	for i := range tables {
		rec := ttf[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(ttf)) {
			return nil, fmt.Errorf("table %q lies outside the file", rec[:4])
		}
		tables[i] = table{string(rec[:4]), ttf[off : off+length]}
		if tables[i].tag == "maxp" && length >= 6 {
			glyphs = int(binary.BigEndian.Uint16(ttf[off+4:]))
		}
	}
	if glyphs < 2 || pdfPUA+glyphs-1 > 0xF8FF {
		return nil, fmt.Errorf("%d glyphs do not fit the private-use area", glyphs)
	}
	var cmap bytes.Buffer
	put := func(vs ...uint16) {
		for _, v := range vs {
			binary.Write(&cmap, binary.BigEndian, v)
		}
	}
	put(0, 1)                            // version, one subtable
	put(3, 1)                            // Windows, Unicode BMP
	put(0, 12)                           // at offset 12 (32 bits)
	put(4, 32, 0)                        // format 4, its length, language
	put(4, 4, 1, 0)                      // two segments: segCountX2, searchRange, entrySelector, rangeShift
	put(uint16(pdfPUA+glyphs-1), 0xFFFF) // end codes
	put(0)                               // reserved
	put(pdfPUA+1, 0xFFFF)                // start codes
	put(uint16(0x10000-pdfPUA), 1)       // deltas: U+E000+g → g
	put(0, 0)                            // no glyph index arrays
	for i := range tables {
		switch tables[i].tag {
		case "cmap":
			tables[i].data = cmap.Bytes()
		case "head":
			if len(tables[i].data) < 12 {
				return nil, fmt.Errorf("head table too short")
			}
			// checkSumAdjustment is zero while checksums are computed.
			tables[i].data = append([]byte(nil), tables[i].data...)
			binary.BigEndian.PutUint32(tables[i].data[8:], 0)
		}
	}
	var out bytes.Buffer
	out.Write(ttf[:12])
	dir := make([]byte, 16*n)
	var body bytes.Buffer
	at := 12 + 16*n
	headAt := -1
	for i, t := range tables {
		d := dir[16*i:]
		copy(d, t.tag)
		binary.BigEndian.PutUint32(d[4:], ttfChecksum(t.data))
		binary.BigEndian.PutUint32(d[8:], uint32(at+body.Len()))
		binary.BigEndian.PutUint32(d[12:], uint32(len(t.data)))
		if t.tag == "head" {
			headAt = at + body.Len()
		}
		body.Write(t.data)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	out.Write(dir)
	out.Write(body.Bytes())
	font := out.Bytes()
	if headAt >= 0 {
		binary.BigEndian.PutUint32(font[headAt+8:], 0xB1B0AFBA-ttfChecksum(font))
	}
	return font, nil
}

func ttfChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// pdfPiece is part of a line, in the order it is drawn: text in the Latin
// font, or glyphs shaped in a script font.
type pdfPiece struct {
	text   string // the Latin font's characters, in drawing order
	face   *pdfScriptFace
	glyphs []shaping.Glyph // in drawing order, advances in 1000ths of an em
	// actual is the piece's text in drawing order, what extraction gives.
	actual string
	width  int // in 1000ths of an em
}

// complex reports whether s needs the bidirectional and shaping path: it
// holds a right-to-left character, or one only a script font has.
func (fs *pdfFonts) complex(s string) bool {
	if pdfPlainASCII(s) {
		return false
	}
	for _, r := range s {
		if rtlRune(r) {
			return true
		}
		if _, ok := fs.regular.width(r); !ok && r != pdfReplacement && r != '\n' {
			return true
		}
	}
	return false
}

// rtlRune reports whether r is written right to left.
func rtlRune(r rune) bool {
	if r < 0x0590 { // below Hebrew every character is left to right or neutral
		return false
	}
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	return c == bidi.R || c == bidi.AL
}

// rtlLine reports whether s starts, in its first strongly directional
// character, right to left (UAX #9, rules P2 and P3).
func rtlLine(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

type pdfLayoutKey struct {
	s    string
	bold bool
}

// layout splits clean text s into the pieces it is drawn as, in drawing
// order, with their widths. Layouts are kept: a line is measured when it
// is wrapped, again when it is aligned, and once more when it is drawn.
func (fs *pdfFonts) layout(s string, bold bool) []pdfPiece {
	key := pdfLayoutKey{s, bold}
	if p, ok := fs.layouts[key]; ok {
		return p
	}
	p := fs.layoutLine(s, bold)
	if fs.layouts == nil {
		fs.layouts = map[pdfLayoutKey][]pdfPiece{}
	}
	fs.layouts[key] = p
	return p
}

// pdfRun is a run of one direction: runes [start, end) of the line at an
// embedding level (even left to right, odd right to left).
type pdfRun struct {
	start, end, level int
}

func (fs *pdfFonts) layoutLine(s string, bold bool) []pdfPiece {
	runes := []rune(s)
	runs := bidiRuns(s, len(runes))
	var out []pdfPiece
	for _, run := range visualOrder(runs) {
		segs := fs.segments(runes, run.start, run.end)
		rtl := run.level%2 == 1
		if rtl {
			for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
				segs[i], segs[j] = segs[j], segs[i]
			}
		}
		for _, seg := range segs {
			out = append(out, fs.piece(runes, seg, rtl, bold))
		}
	}
	return out
}

// bidiRuns resolves the directions of a line of n runes.
func bidiRuns(s string, n int) []pdfRun {
	rtl := rtlLine(s)
	base := 0
	dir := bidi.LeftToRight
	if rtl {
		base, dir = 1, bidi.RightToLeft
	}
	var p bidi.Paragraph
	if _, err := p.SetString(s, bidi.DefaultDirection(dir)); err != nil {
		return []pdfRun{{0, n, base}}
	}
	ord, err := p.Order()
	if err != nil || ord.NumRuns() == 0 {
		return []pdfRun{{0, n, base}}
	}
	var runs []pdfRun
	for i := 0; i < ord.NumRuns(); i++ {
		r := ord.Run(i)
		start, end := r.Pos()
		end = min(end+1, n)
		if start >= end {
			continue
		}
		level := base
		switch {
		case r.Direction() == bidi.RightToLeft:
			level = 1
		case rtl:
			level = 2 // left-to-right text inside a right-to-left line
		case len(runs) > 0 && runs[len(runs)-1].level == 1 && !hasStrongL(s, start, end):
			// Numbers after right-to-left text stay with it (rule I1): the
			// package reports their level only as left to right.
			level = 2
		}
		runs = append(runs, pdfRun{start, end, level})
	}
	if len(runs) == 0 {
		return []pdfRun{{0, n, base}}
	}
	return runs
}

// hasStrongL reports whether runes [start, end) of s hold a left-to-right
// letter.
func hasStrongL(s string, start, end int) bool {
	i := 0
	for _, r := range s {
		if i >= end {
			break
		}
		if i >= start {
			if p, _ := bidi.LookupRune(r); p.Class() == bidi.L {
				return true
			}
		}
		i++
	}
	return false
}

// visualOrder puts runs in the order they are seen: from the highest
// level down to the lowest odd one, every sequence of runs at that level
// or higher is reversed (UAX #9, rule L2).
func visualOrder(runs []pdfRun) []pdfRun {
	out := append([]pdfRun(nil), runs...)
	high, lowOdd := 0, 1<<30
	for _, r := range out {
		high = max(high, r.level)
		if r.level%2 == 1 {
			lowOdd = min(lowOdd, r.level)
		}
	}
	for lvl := high; lvl >= lowOdd && lvl >= 1; lvl-- {
		for i := 0; i < len(out); {
			if out[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(out) && out[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				out[a], out[b] = out[b], out[a]
			}
			i = j
		}
	}
	return out
}

// pdfSegment is runes [start, end) of a run drawn with one font: the Latin
// font when face is nil.
type pdfSegment struct {
	start, end int
	face       *pdfScript
}

// segments splits a run by font: a script's letters go to its font,
// everything the Latin font has to it, the rest to the first script font
// that has it. Spaces, punctuation and marks stay in the font of what they
// follow, when it has them, so that a phrase is shaped as one.
func (fs *pdfFonts) segments(runes []rune, start, end int) []pdfSegment {
	var out []pdfSegment
	for i := start; i < end; i++ {
		r := runes[i]
		var f *pdfScript
		chosen := false
		for _, s := range fs.scripts {
			if unicode.Is(s.letters, r) && s.has(r) {
				f, chosen = s, true
				break
			}
		}
		if !chosen && len(out) > 0 && out[len(out)-1].face != nil && neutralRune(r) && out[len(out)-1].face.has(r) {
			f, chosen = out[len(out)-1].face, true
		}
		if !chosen {
			if _, ok := fs.regular.width(r); !ok {
				for _, s := range fs.scripts {
					if s.has(r) {
						f = s
						break
					}
				}
			}
		}
		if n := len(out); n > 0 && out[n-1].face == f {
			out[n-1].end = i + 1
			continue
		}
		out = append(out, pdfSegment{i, i + 1, f})
	}
	return out
}

// neutralRune reports whether r belongs to no script of its own: a space,
// a digit, punctuation or a combining mark.
func neutralRune(r rune) bool {
	return unicode.In(r, unicode.Common, unicode.Inherited)
}

// piece lays out one segment: the Latin font's characters in drawing
// order, or the segment shaped by HarfBuzz.
func (fs *pdfFonts) piece(runes []rune, seg pdfSegment, rtl, bold bool) pdfPiece {
	text := string(runes[seg.start:seg.end])
	if seg.face == nil {
		// Direction marks only steer the order; some fonts draw them.
		text = strings.Map(func(r rune) rune {
			if bidiControl(r) {
				return -1
			}
			return r
		}, text)
		w := fs.face(bold).measure(text)
		if rtl {
			text = bidi.ReverseString(text) // and mirrored: "(" becomes ")"
		}
		return pdfPiece{text: text, width: w}
	}
	face := seg.face.face(bold)
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	out := fs.shaper.Shape(shaping.Input{Text: runes, RunStart: seg.start, RunEnd: seg.end, Direction: dir,
		Face: face.shape, Size: fixed.I(pdfShapeUnits), Script: seg.face.script, Language: seg.face.lang})
	p := pdfPiece{face: face, glyphs: out.Glyphs, actual: text}
	if rtl {
		p.actual = reverseRunes(text)
	}
	for _, g := range out.Glyphs {
		p.width += int(g.XAdvance.Round())
	}
	return p
}

// bidiControl reports whether r is a directional mark, embedding,
// override or isolate: a character that orders text and is never drawn.
func bidiControl(r rune) bool {
	return r == 0x200E || r == 0x200F || r == 0x061C || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

func reverseRunes(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// layoutWidth is the width of clean text s in 1000ths of an em.
func (fs *pdfFonts) layoutWidth(s string, bold bool) int {
	w := 0
	for _, p := range fs.layout(s, bold) {
		w += p.width
	}
	return w
}

// drawComplex draws clean text s that needs the bidirectional and shaping
// path, starting at x on the baseline y (millimetres).
func (d *pdfDoc) drawComplex(x, y float64, s string, st pdfStyle) {
	mm := st.size * pdfPtMM / pdfShapeUnits
	for _, p := range d.fonts.layout(s, st.bold) {
		if p.face == nil {
			style := ""
			if st.bold {
				style = "B"
			}
			d.pdf.SetFont(pdfFamily, style, st.size)
			d.pdf.Text(x, y, p.text)
			x += float64(p.width) * mm
			continue
		}
		if err := d.useScriptFont(p.face); err != nil {
			d.pdf.SetError(err)
			return
		}
		d.pdf.SetFont(p.face.family, p.face.style, st.size)
		d.pdf.RawWriteStr("/Span <</ActualText " + pdfTextString(p.actual) + ">> BDC")
		pen := x
		for _, g := range p.glyphs {
			if g.GlyphID > 0 {
				gx := pen + float64(g.XOffset)/64*mm
				gy := y - float64(g.YOffset)/64*mm
				d.pdf.Text(gx, gy, string(rune(pdfPUA+int(g.GlyphID))))
			}
			pen += float64(g.XAdvance) / 64 * mm
		}
		d.pdf.RawWriteStr("EMC")
		x += float64(p.width) * mm
	}
}

// useScriptFont registers a script font with fpdf on first use, so that
// documents without Arabic or Hebrew do not carry the fonts.
func (d *pdfDoc) useScriptFont(f *pdfScriptFace) error {
	key := f.family + f.style
	if d.registered[key] {
		return nil
	}
	pua, err := f.puaFont()
	if err != nil {
		return err
	}
	d.pdf.AddUTF8FontFromBytes(f.family, f.style, pua)
	if d.registered == nil {
		d.registered = map[string]bool{}
	}
	d.registered[key] = true
	return d.pdf.Error()
}

// pdfTextString writes s as a PDF text string: UTF-16BE with its byte
// order mark, in hexadecimal.
func pdfTextString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
