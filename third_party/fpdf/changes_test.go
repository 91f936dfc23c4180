package fpdf

import (
	"bytes"
	"compress/zlib"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// TestReusedZlibWriterWritesTheSameBytes: a pooled writer, reset, must write
// what a new writer at the same level writes, whatever it compressed before.
func TestReusedZlibWriterWritesTheSameBytes(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	words := strings.Fields("BT /F1 8.50 Tf 0.20 0.24 0.30 rg ET q Q re f 42.52 761.10 Td (Risk register) Tj")
	for i := range 60 {
		var b strings.Builder
		for range rng.Intn(40000) {
			b.WriteString(words[rng.Intn(len(words))])
			b.WriteByte(' ')
		}
		if i%7 == 0 {
			for range rng.Intn(5000) {
				b.WriteByte(byte(rng.Intn(256)))
			}
		}
		data := []byte(b.String())
		var want bytes.Buffer
		zw, err := zlib.NewWriterLevel(&want, zlib.BestSpeed)
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(data)
		zw.Close()
		mem := xmem.compress(data)
		if !bytes.Equal(mem.bytes(), want.Bytes()) {
			t.Fatalf("input %d (%d bytes): a reused writer wrote %d bytes, a new one %d", i, len(data), mem.buf.Len(), want.Len())
		}
		mem.release()
	}
}

var fixedTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func compressEarlyDoc(early bool, pages int) *Fpdf {
	pdf := New("P", "mm", "A4", "")
	pdf.SetCompressPagesAsTheyEnd(early)
	pdf.SetCreationDate(fixedTime)
	pdf.SetModificationDate(fixedTime)
	pdf.SetFont("Helvetica", "", 10)
	for p := range pages {
		pdf.AddPage()
		for l := range 60 {
			pdf.Text(20, float64(20+4*l), strings.Repeat("page and line ", p%5+l%3))
		}
	}
	return pdf
}

// TestPagesCompressedAsTheyEnd: the document is the same, byte for byte, and
// an ended page can no longer change.
func TestPagesCompressedAsTheyEnd(t *testing.T) {
	var want, got bytes.Buffer
	if err := compressEarlyDoc(false, 25).Output(&want); err != nil {
		t.Fatal(err)
	}
	early := compressEarlyDoc(true, 25)
	if early.pagesEnded != 24 {
		t.Errorf("before Output, %d pages compressed, want the 24 that ended", early.pagesEnded)
	}
	if err := early.Output(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want.Bytes(), got.Bytes()) {
		t.Fatalf("pages compressed as they end give %d bytes, at Output %d", got.Len(), want.Len())
	}

	back := compressEarlyDoc(true, 3)
	back.SetPage(1)
	if back.Err() == false || !strings.Contains(back.Error().Error(), "page 1") {
		t.Errorf("SetPage to an ended page: error %v", back.Error())
	}
	alias := compressEarlyDoc(true, 3)
	alias.AliasNbPages("")
	if err := alias.Output(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Errorf("aliases with pages compressed as they end: error %v", err)
	}
}

// TestLinesAsSprintfWroteThem: Text, SetFont, the colours and the numbers
// of Line and Rect write the lines that formatting them with sprintf
// wrote, for any coordinates, styles and colours (change 3).
func TestLinesAsSprintfWroteThem(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	coord := func() float64 {
		switch rng.Intn(6) {
		case 0:
			return 0
		case 1:
			return -rng.Float64() * 50 // below or left of the page
		case 2:
			return float64(rng.Intn(300)) + 0.005 // rounding halfway
		}
		return rng.Float64() * 300
	}
	pdf := New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetFont("Helvetica", "", 10)
	pdf.AddPage()
	k, h := pdf.k, pdf.h
	var want []string
	for range 2000 {
		x, y, x2, y2 := coord(), coord(), coord(), coord()
		switch rng.Intn(5) {
		case 0:
			style := []string{"", "B", "I", "BI", "U", "S", "BU"}[rng.Intn(7)]
			size := []float64{6, 7.5, 8.25, 10, 12.125}[rng.Intn(5)]
			pdf.SetFont("Helvetica", style, size)
			want = append(want, sprintf("BT /F%s %.2f Tf ET", pdf.currentFont.i, size))
		case 1:
			r, g, b := rng.Intn(300)-20, rng.Intn(256), rng.Intn(256)
			if rng.Intn(2) == 0 {
				g, b = r, r
			}
			pdf.SetDrawColor(r, g, b)
			want = append(want, colourLine(r, g, b, "G", "RG"))
			pdf.SetFillColor(g, b, r)
			want = append(want, colourLine(g, b, r, "g", "rg"))
			pdf.SetTextColor(b, r, g)
		case 2:
			txt := []string{"", "Risk (register)", `back\slash`, "line\rfeed", "Überprüfung"}[rng.Intn(5)]
			pdf.Text(x, y, txt)
			s := sprintf("BT %.2f %.2f Td (%s) Tj ET", x*k, (h-y)*k, pdf.escape(txt))
			if pdf.underline && txt != "" {
				s += " " + pdf.dounderline(x, y, txt)
			}
			if pdf.strikeout && txt != "" {
				s += " " + pdf.dostrikeout(x, y, txt)
			}
			if pdf.colorFlag {
				s = sprintf("q %s %s Q", pdf.color.text.str, s)
			}
			want = append(want, s)
		case 3:
			pdf.Line(x, y, x2, y2)
			want = append(want, sprintf("%.2f %.2f m %.2f %.2f l S", x*k, (h-y)*k, x2*k, (h-y2)*k))
		case 4:
			pdf.Rect(x, y, x2, y2, "F")
			want = append(want, sprintf("%.2f %.2f %.2f %.2f re f", x*k, (h-y)*k, x2*k, -y2*k))
		}
	}
	if pdf.Err() {
		t.Fatal(pdf.Error())
	}
	got := strings.Split(strings.TrimSuffix(pdf.pages[1].String(), "\n"), "\n")
	got = got[len(got)-len(want):]
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d: got %q, sprintf wrote %q", i, got[i], want[i])
		}
	}
}

// colourLine is a colour's line as sprintf wrote it.
func colourLine(r, g, b int, grayStr, fullStr string) string {
	c := func(v int) float64 { return float64(max(0, min(v, 255))) / 255 }
	if c(r) == c(g) && c(g) == c(b) {
		return sprintf("%.3f %s", c(r), grayStr)
	}
	return sprintf("%.3f %.3f %.3f %s", c(r), c(g), c(b), fullStr)
}
