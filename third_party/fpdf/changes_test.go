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
