package export

import (
	"strconv"
	"strings"

	"riskbook/i18n"
)

// cover draws the title page: who, what, which version, how classified.
func (d *pdfDoc) cover() {
	d.newPage(false)
	m := d.r.Meta
	f := d.fonts
	if d.marking != "" {
		st := pdfStyle{size: 13, bold: true, colour: pdfMarking}
		w := min(f.textWidth(d.marking, true, st.size)+18, d.width())
		d.frame((d.pw-w)/2, 16, w, 11, pdfMarking, 0.7)
		d.textCentre(d.pw/2, 16+(11-st.lineHeight())/2, d.fit(d.marking, st, w-6), st)
	}
	d.y = 60
	d.block(f.clean(m.Organisation), pdfStyle{size: 15, bold: true, colour: pdfAccent}, 1)
	d.block(f.clean(m.TLDs), pdfStyle{size: 11, colour: pdfMuted}, 0)
	d.fill(d.left(), d.y+6, 28, 1.4, pdfAccent)
	d.y += 16
	d.block(f.clean(m.Title), pdfStyle{size: 26, bold: true, colour: pdfInk}, 3)
	d.block(f.clean(m.Subject), pdfStyle{size: 13, colour: pdfMuted}, 0)
	d.y = max(d.y+14, 150)

	l := newDocLang(d.r.Printer)
	content := l.T("export.cover.full")
	switch m.Level {
	case Summary:
		content = l.T("export.cover.summary")
	case Pack:
		content = l.T("export.cover.pack")
	case Tabletop:
		content = l.T("export.cover.tabletop")
	case Incident:
		content = l.T("export.cover.incident")
	}
	var facts []Fact
	for _, fact := range []Fact{
		{l.T("export.cover.assessment"), m.Assessment},
		{l.T("export.col.version"), m.Version},
		{l.T("export.fact.date"), l.dayOf(m.Date)},
		{l.T("export.fact.classification"), m.Classification},
		{l.T("export.col.owner"), m.Owner},
		{l.T("export.cover.approver"), m.Approver},
		{l.T("export.cover.author"), m.Author},
		{l.T("export.fact.workspace"), m.Workspace},
		{l.T("export.cover.content"), content},
	} {
		if strings.TrimSpace(fact.Value) != "" {
			facts = append(facts, fact)
		}
	}
	d.facts(facts, 10)

	by := l.T("export.cover.generated", i18n.Args{"Creator": pdfOr(m.Creator, "Riskbook"), "Day": l.dayOf(m.Date)})
	st := pdfStyle{size: 8.5, colour: pdfMuted}
	d.text(d.left(), max(d.y+8, d.ph-34), f.clean(by), st)
}

// block draws wrapped text at the cursor and moves below it, plus after.
func (d *pdfDoc) block(s string, st pdfStyle, after float64) {
	if s == "" {
		return
	}
	lines := d.fonts.wrap(s, st.bold, st.size, d.width())
	d.lines(d.left(), d.y, d.width(), lines, st, 'L')
	d.y += float64(len(lines))*st.lineHeight() + after
}

// documentControl draws the revisions and the table of contents.
func (d *pdfDoc) documentControl() {
	d.newPage(false)
	p := d.r.printer()
	control := p.T("export.control.title")
	d.anchor(control, 0, false)
	d.sectionTitle(control)
	rev := d.r.RevisionTable()
	d.heading(p.T("export.control.revisions"), []Block{{Table: rev}})
	d.table(rev)
	contents := p.T("export.control.contents")
	d.heading(contents, []Block{{Paragraph: contents}}) // keep the heading with the first entries
	d.contents()
}

// fingerprintTitle heads the last block of every document.
func (r *Report) fingerprintTitle() string { return r.printer().T("export.fingerprint.title") }

// contents lists the sections with the page each starts on, taken from
// the first pass, each entry a link to its page.
func (d *pdfDoc) contents() {
	var titles []string
	for _, s := range d.r.Sections {
		if !s.SheetOnly {
			titles = append(titles, s.Title)
		}
	}
	titles = append(titles, d.r.fingerprintTitle())
	var starts []pdfAnchor
	if d.prev != nil {
		for _, a := range d.prev.anchors {
			if a.TOC {
				starts = append(starts, a)
			}
		}
	}
	st := pdfStyle{size: 10, colour: pdfInk}
	dots := pdfStyle{size: 10, colour: pdfRule}
	lh := st.lineHeight()
	const numW = 14.0
	d.gap(1)
	for i, t := range titles {
		lines := d.fonts.wrap(d.fonts.clean(t), false, st.size, d.width()-numW-8)
		h := float64(len(lines))*lh + 1.6
		d.ensure(h)
		top := d.y + 0.8
		d.lines(d.left(), top, d.width(), lines, st, 'L')
		if i < len(starts) && d.drawing() {
			a := starts[i]
			last := top + float64(len(lines)-1)*lh
			from := d.left() + d.fonts.textWidth(lines[len(lines)-1], false, st.size) + 2
			to := d.right() - numW + 3
			unit := d.fonts.textWidth(" .", false, dots.size)
			if n := int((to - from) / unit); n > 0 {
				d.textRight(to, last, strings.Repeat(" .", n), dots)
			}
			d.textRight(d.right(), last, strconv.Itoa(a.Page), st)
			link := d.pdf.AddLink()
			d.pdf.SetLink(link, a.Y, a.Page)
			d.pdf.Link(d.left(), d.y, d.width(), h, link)
		}
		d.y += h
	}
}

// fingerprint ends the document with the digest of the workspace data and
// how an auditor checks it.
func (d *pdfDoc) fingerprint() {
	f := d.fonts
	p := d.r.printer()
	digest := strings.TrimSpace(d.r.Digest)
	if digest == "" {
		digest = p.T("export.detail.not_recorded")
	}
	how := p.T("export.fingerprint.how")
	if ws := strings.TrimSpace(d.r.Meta.Workspace); ws != "" {
		how = p.T("export.fingerprint.how.workspace", i18n.Args{"Workspace": ws})
	}
	head := pdfHeadingStyle
	body := pdfParagraphStyle
	mono := pdfStyle{size: 10.5, bold: true, colour: pdfInk}
	intro := f.wrap(p.T("export.fingerprint.intro"), false, body.size, d.width())
	value := f.wrap(f.clean(digest), true, mono.size, d.width()-8)
	explain := f.wrap(f.clean(how), false, body.size, d.width())
	boxH := float64(len(value))*mono.lineHeight() + 4
	total := head.lineHeight() + 2 + float64(len(intro))*body.lineHeight() + 2 + boxH + 3 +
		float64(len(explain))*body.lineHeight()

	d.gap(10)
	if !d.fits(total) && !d.atTop() {
		d.newPage(d.landscape)
	}
	title := d.r.fingerprintTitle()
	d.anchor(title, 0, true)
	d.text(d.left(), d.y, title, head)
	d.y += head.lineHeight() + 2
	d.lines(d.left(), d.y, d.width(), intro, body, 'L')
	d.y += float64(len(intro))*body.lineHeight() + 2
	d.fill(d.left(), d.y, d.width(), boxH, pdfZebra)
	d.lines(d.left()+4, d.y+2, d.width()-8, value, mono, 'L')
	d.y += boxH + 3
	d.lines(d.left(), d.y, d.width(), explain, body, 'L')
	d.y += float64(len(explain)) * body.lineHeight()
}
