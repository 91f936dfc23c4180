package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"riskbook/i18n"
	"riskbook/risk"
)

// EntityAssessment is the change-log entity of a closed assessment; its
// key is the assessment's name.
const EntityAssessment = "assessment"

// A closed assessment (migration 009) keeps the records as riskbook dump
// writes them, without the change log and the document issues, which
// belong to the workspace's history rather than to its state: the same
// canonical JSON, so that its digest can be checked against a dump of the
// assessment, and so that a later Riskbook reads it as it reads an old
// dump. It is stored compressed.

// AssessmentDump is a closed assessment as the workspace JSON holds it:
// what was closed, when and by whom, and its records.
type AssessmentDump struct {
	risk.Assessment
	// Records are the records as closed, a dump without change log or
	// document issues.
	Records json.RawMessage `json:"records"`
}

// CloseAssessment closes an assessment called name: it copies the
// records, as they are now, into the workspace, frozen, with their digest
// and the name of who closed it, and records the closing in the change
// log. Progress, in risks copied, goes to the context's progress function.
func (db *DB) CloseAssessment(ctx context.Context, name string) (risk.Assessment, error) {
	var a risk.Assessment
	err := db.update(ctx, func(tx *Tx) error {
		closed, err := assessments(ctx, tx)
		if err != nil {
			return err
		}
		if a.Name, err = risk.CheckAssessmentName(name, closed); err != nil {
			return err
		}
		if a.By, err = tx.db.actor(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM changelog").Scan(&a.Through); err != nil {
			return fmt.Errorf("read change log: %w", err)
		}
		a.Closed = tx.now
		var packed bytes.Buffer
		zw, err := gzip.NewWriterLevel(&packed, gzip.BestSpeed)
		if err != nil {
			return err
		}
		sum := sha256.New()
		if err := writeRecords(ctx, tx, io.MultiWriter(sum, zw)); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		a.Digest = hex.EncodeToString(sum.Sum(nil))
		if err := tx.insertAssessment(ctx, a, packed.Bytes()); err != nil {
			return err
		}
		return tx.logChange(ctx, EntityAssessment, a.Name, ActionCreate, nil, a)
	})
	return a, err
}

// writeRecords writes the records of the workspace read through q as a
// dump without change log and document issues, the risks a batch at a time.
func writeRecords(ctx context.Context, q queryer, w io.Writer) error {
	d, err := readDumpParts(ctx, q)
	if err != nil {
		return err
	}
	report := risk.ProgressOf(ctx)
	progress := risk.Progress{Step: i18n.T("progress.copying")}
	if report != nil {
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM risks").Scan(&progress.Total); err != nil {
			return fmt.Errorf("read risks: %w", err)
		}
		report(progress)
	}
	var members []dumpMember
	for _, m := range dumpMembers(d) {
		if m.key != "documents" {
			members = append(members, m)
		}
	}
	members = append(members, dumpMember{"risks", func(e *dumpWriter) error {
		e.begin()
		err := eachRisk(ctx, q, func(r *risk.Risk) error {
			if report != nil {
				progress.Done++
				report(progress)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			return e.element(r)
		})
		if err != nil {
			return err
		}
		return e.end()
	}})
	return writeDump(w, members)
}

func (tx *Tx) insertAssessment(ctx context.Context, a risk.Assessment, packed []byte) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO assessments (name, closed, closed_by, through, digest, records) VALUES (?, ?, ?, ?, ?, ?)",
		a.Name, formatTime(a.Closed), a.By, a.Through, a.Digest, packed)
	if err != nil {
		return fmt.Errorf("record assessment %s: %w", a.Name, err)
	}
	return nil
}

// Assessments lists the closed assessments, in the order they were closed.
func (db *DB) Assessments(ctx context.Context) ([]risk.Assessment, error) {
	list, err := assessments(ctx, db.read)
	return list, db.readErr(err)
}

func assessments(ctx context.Context, q queryer) ([]risk.Assessment, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, closed, closed_by, through, digest FROM assessments ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("read assessments: %w", err)
	}
	defer rows.Close()
	var out []risk.Assessment
	for rows.Next() {
		var a risk.Assessment
		var at string
		if err := rows.Scan(&a.Name, &at, &a.By, &a.Through, &a.Digest); err != nil {
			return nil, fmt.Errorf("read assessments: %w", err)
		}
		if a.Closed, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("assessment %s: malformed time %q", a.Name, at)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssessmentRecords reads the records of the assessment called name (the
// case does not matter) as they were closed, checked against their digest.
func (db *DB) AssessmentRecords(ctx context.Context, name string) (risk.Assessment, *Dump, error) {
	a, raw, err := assessmentJSON(ctx, db.read, name)
	if err != nil {
		return a, nil, db.readErr(err)
	}
	d, err := readRecords(a, raw)
	return a, d, err
}

// readRecords parses an assessment's records.
func readRecords(a risk.Assessment, raw []byte) (*Dump, error) {
	d, err := ReadDump(bytes.NewReader(raw), "the records of assessment "+a.Name)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// assessmentJSON reads an assessment and its records' JSON, uncompressed
// and checked against the digest.
func assessmentJSON(ctx context.Context, q queryer, name string) (risk.Assessment, []byte, error) {
	var a risk.Assessment
	var at string
	var packed []byte
	err := q.QueryRowContext(ctx, "SELECT name, closed, closed_by, through, digest, records FROM assessments WHERE name = ?", name).
		Scan(&a.Name, &at, &a.By, &a.Through, &a.Digest, &packed)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil, risk.Err(risk.ENOTFOUND, risk.T("store.assessment.unknown", risk.Args{"Name": risk.Quote(name)}))
	}
	if err != nil {
		return a, nil, fmt.Errorf("read assessment %s: %w", name, err)
	}
	if a.Closed, err = parseTime(at); err != nil {
		return a, nil, fmt.Errorf("assessment %s: malformed time %q", a.Name, at)
	}
	raw, err := unpack(packed)
	if err != nil {
		return a, nil, fmt.Errorf("assessment %s: %w", a.Name, err)
	}
	if err := checkDigest(a, raw); err != nil {
		return a, nil, err
	}
	return a, raw, nil
}

// checkDigest refuses records whose SHA-256 is not the assessment's digest.
func checkDigest(a risk.Assessment, raw []byte) error {
	sum := sha256.Sum256(raw)
	if hex.EncodeToString(sum[:]) != a.Digest {
		return risk.Err(risk.EINVALID, risk.T("store.assessment.digest", risk.Args{"Name": risk.Quote(a.Name)}))
	}
	return nil
}

func unpack(packed []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, fmt.Errorf("uncompress records: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("uncompress records: %w", err)
	}
	return raw, zr.Close()
}

// eachAssessmentDump calls fn with every assessment as the workspace JSON
// holds it, one at a time, in the order they were closed.
func eachAssessmentDump(ctx context.Context, q queryer, fn func(*AssessmentDump) error) error {
	list, err := assessments(ctx, q)
	if err != nil {
		return err
	}
	for _, meta := range list {
		a, raw, err := assessmentJSON(ctx, q, meta.Name)
		if err != nil {
			return err
		}
		if err := fn(&AssessmentDump{Assessment: a, Records: raw}); err != nil {
			return err
		}
	}
	return nil
}

// appendAssessment appends an assessment as the dump holds it, two levels
// deep, its records laid out as the rest of the dump. The records are
// canonical already, laid out from depth 0 (their digest, checked when
// they are read, is that of those bytes), and canonical JSON laid out
// deeper differs only by the indent after each new line (a new line
// inside a string is written \n): so they are copied with each line
// indented three levels more, instead of being parsed and sorted again,
// which took half a second per assessment of 10,000 risks. The other
// members are made canonical as any value.
func appendAssessment(dst []byte, a *AssessmentDump) ([]byte, error) {
	const depth = 2
	head, err := marshal(&AssessmentDump{Assessment: a.Assessment, Records: json.RawMessage("null")}, "")
	if err != nil {
		return dst, err
	}
	start := len(dst)
	if dst, err = canonical(dst, head, dumpIndent, depth); err != nil {
		return dst, err
	}
	// The records' member, the only one laid out at depth+1 with that key:
	// a new line cannot occur inside a string.
	member := "\n" + strings.Repeat(dumpIndent, depth+1) + `"records": null`
	at := bytes.Index(dst[start:], []byte(member))
	if at < 0 {
		return dst, errors.New("dump an assessment: no records member")
	}
	at += start + len(member) - len("null")
	tail := append([]byte(nil), dst[at+len("null"):]...)
	dst = dst[:at]
	records := bytes.TrimSuffix(a.Records, []byte("\n"))
	if len(records) == 0 {
		records = []byte("null")
	}
	indent := strings.Repeat(dumpIndent, depth+1)
	for {
		i := bytes.IndexByte(records, '\n')
		if i < 0 {
			dst = append(dst, records...)
			break
		}
		dst = append(dst, records[:i+1]...)
		dst = append(dst, indent...)
		records = records[i+1:]
	}
	return append(dst, tail...), nil
}

// restoreAssessments writes a dump's closed assessments: each one's records
// must still match its digest, and be records Riskbook reads.
func (tx *Tx) restoreAssessments(ctx context.Context, d *Dump) error {
	var prior []risk.Assessment
	for _, a := range d.Assessments {
		if _, err := risk.CheckAssessmentName(a.Name, prior); err != nil {
			return risk.Err(risk.EINVALID, risk.T("store.assessment.in_dump", risk.Args{"Name": risk.Quote(a.Name), "Error": err}))
		}
		prior = append(prior, a.Assessment)
		raw, err := canonical(nil, a.Records, dumpIndent, 0)
		if err != nil {
			return risk.Err(risk.EINVALID, risk.T("store.assessment.dump_json", risk.Args{"Name": risk.Quote(a.Name)}))
		}
		raw = append(raw, '\n')
		if err := checkDigest(a.Assessment, raw); err != nil {
			return risk.Err(risk.EINVALID, risk.T("store.assessment.dump_digest", risk.Args{"Name": risk.Quote(a.Name)}))
		}
		if _, err := readRecords(a.Assessment, raw); err != nil {
			return err
		}
		var packed bytes.Buffer
		zw, err := gzip.NewWriterLevel(&packed, gzip.BestSpeed)
		if err != nil {
			return err
		}
		if _, err := zw.Write(raw); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if err := tx.insertAssessment(ctx, a.Assessment, packed.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
