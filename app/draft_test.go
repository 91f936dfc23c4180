package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"riskbook/risk"
)

// memo is a record small enough to test the editor machinery alone.
type memo struct {
	ID      int64
	Text    string
	Updated time.Time
}

// memoEditor edits a memo with the machinery every editor uses; its store
// refuses while refuse is set and counts what it stores.
type memoEditor struct {
	draftEditor[memo]
	text     *commitEntry
	refuse   error
	stored   []memo
	saved    []memo
	refreshs int
}

func newMemoEditor(t *testing.T) *memoEditor {
	t.Helper()
	test.NewTempApp(t)
	e := &memoEditor{}
	e.init(draftSpec[memo]{
		key:   func(m *memo) any { return m.ID },
		clone: func(m memo) memo { return m },
		title: func(m *memo) string { return "Memo — " + m.Text },
		check: func(m memo) []risk.Finding {
			if strings.TrimSpace(m.Text) == "" {
				return []risk.Finding{{Severity: risk.SeverityError, Field: "text", Blocking: true,
					Message: "the memo is empty; write something"}}
			}
			return nil
		},
		fill:    func() { e.text.setQuietly(e.draft.Text) },
		refresh: func() { e.refreshs++ },
		store: func(_ context.Context, m *memo) error {
			if e.refuse != nil {
				return e.refuse
			}
			m.Updated = time.Date(2030, 1, 2, 3, 4, 0, 0, time.UTC)
			e.stored = append(e.stored, *m)
			return nil
		},
		copyBack: func(d *memo, s memo) { d.Updated = s.Updated },
		stamp:    func(m *memo) *time.Time { return &m.Updated },
		onSaved:  func(m memo) { e.saved = append(e.saved, m) },
	}, "Text")
	e.text = e.entry(false, "", func(v string) { e.draft.Text = v })
	e.frame(container.NewVBox(e.messages.row("Text", e.text, "text").field), nil, nil)
	return e
}

func TestDraftEditorSavesEdits(t *testing.T) {
	e := newMemoEditor(t)
	e.load(memo{ID: 1, Text: "Call the NOC"})
	if e.dirty || e.heading.Text != "Memo — Call the NOC" || e.text.Text != "Call the NOC" {
		t.Fatalf("after load: dirty %v, heading %q, field %q", e.dirty, e.heading.Text, e.text.Text)
	}
	e.flush()
	if len(e.stored) != 0 {
		t.Fatalf("a clean draft was stored: %v", e.stored)
	}
	e.text.SetText("Call the NOC twice")
	if !e.dirty || e.heading.Text != "Memo — Call the NOC twice" {
		t.Fatalf("after typing: dirty %v, heading %q", e.dirty, e.heading.Text)
	}
	e.flush()
	if len(e.stored) != 1 || e.stored[0].Text != "Call the NOC twice" || e.dirty {
		t.Fatalf("stored %v, dirty %v; want one save of the edit", e.stored, e.dirty)
	}
	if len(e.saved) != 1 || e.draft.Updated.IsZero() {
		t.Errorf("screen told %d times, draft updated %v; want once, with the store's time", len(e.saved), e.draft.Updated)
	}
}

func TestDraftEditorKeepsRefusedEdit(t *testing.T) {
	e := newMemoEditor(t)
	e.load(memo{ID: 1, Text: "Call the NOC"})
	e.refuse = risk.Errorf(risk.ECONFLICT, "Another memo says the same.")
	e.text.SetText("Call the registrar")
	e.flush()
	if len(e.stored) != 0 || !e.dirty || !e.banner.Visible() || !strings.Contains(e.banner.Text, "Another memo says the same.") {
		t.Fatalf("stored %v, dirty %v, banner %q; want the refusal shown and the edit kept", e.stored, e.dirty, e.banner.Text)
	}
	e.load(memo{ID: 1, Text: "Call the NOC"}) // another screen's change reloads the record
	if e.text.Text != "Call the registrar" || e.refreshs != 1 {
		t.Fatalf("after a reload: field %q, %d refreshes; want the edit kept and the choices refreshed", e.text.Text, e.refreshs)
	}
	e.refuse = nil
	e.flush()
	if len(e.stored) != 1 || e.stored[0].Text != "Call the registrar" || e.banner.Visible() {
		t.Errorf("stored %v, banner visible %v; want the kept edit saved and the banner gone", e.stored, e.banner.Visible())
	}
}

func TestDraftEditorBlockingRule(t *testing.T) {
	e := newMemoEditor(t)
	e.load(memo{ID: 1, Text: "Call the NOC"})
	e.text.SetText("")
	e.flush()
	msg := e.messages.label("text")
	if len(e.stored) != 0 || !msg.Visible() || !strings.Contains(msg.Text, "The memo is empty") {
		t.Fatalf("stored %v, message %q; want the rule next to the field and nothing stored", e.stored, msg.Text)
	}
	if !strings.HasPrefix(e.banner.Text, "Not saved yet: The memo is empty; write something.") {
		t.Errorf("banner %q", e.banner.Text)
	}
	e.load(memo{ID: 2, Text: "Renew the domain"}) // opening another record drops the broken edit
	if e.dirty || msg.Visible() || e.banner.Visible() || e.text.Text != "Renew the domain" {
		t.Errorf("after opening another memo: dirty %v, message shown %v, banner shown %v, field %q",
			e.dirty, msg.Visible(), e.banner.Visible(), e.text.Text)
	}
}

func TestDraftEditorTypingPauses(t *testing.T) {
	e := newMemoEditor(t)
	e.load(memo{ID: 1, Text: "Call the NOC"})
	e.text.SetText("Call the NOC at once")
	if e.timer == nil || len(e.stored) != 0 {
		t.Fatalf("typing: timer %v, stored %v; want a save scheduled, not made", e.timer, e.stored)
	}
	e.discard()
	if e.timer != nil || e.dirty {
		t.Errorf("discard left timer %v, dirty %v", e.timer, e.dirty)
	}
	e.unload()
	e.flush()
	if len(e.stored) != 0 {
		t.Errorf("an unloaded editor stored %v", e.stored)
	}
}

// TestDraftEditorStaleEdit: the store refuses an edit because someone
// else changed the memo since it was read. The editor keeps the edit,
// saves nothing and offers the choice with both versions; keeping mine
// saves it with their version's stamp, taking theirs shows theirs.
func TestDraftEditorStaleEdit(t *testing.T) {
	theirsAt := time.Date(2030, 1, 2, 3, 5, 0, 0, time.UTC)
	theirs := memo{ID: 1, Text: "Call the NOC at once", Updated: theirsAt}
	for _, choice := range []string{"Keep my version", "Take their version"} {
		t.Run(strings.Fields(choice)[0], func(t *testing.T) {
			e := newMemoEditor(t)
			e.load(memo{ID: 1, Text: "Call the NOC", Updated: time.Date(2030, 1, 2, 3, 4, 0, 0, time.UTC)})
			e.refuse = risk.StaleErr(&risk.Stale{Kind: "memo", Ref: "M-1", Theirs: theirs, By: "Ana Silva", At: theirsAt})
			e.text.SetText("Call the registrar")
			e.flush()
			if len(e.stored) != 0 || !e.dirty || !e.conflict.pending() || e.banner.Visible() {
				t.Fatalf("stored %v, dirty %v, choice shown %v, banner shown %v; want the choice and the edit kept", e.stored, e.dirty, e.conflict.pending(), e.banner.Visible())
			}
			shown := strings.Join(texts(e.conflict.box), " | ")
			for _, want := range []string{"M-1 was changed by Ana Silva after you opened it", "Text", "Call the registrar", "Call the NOC at once", "Their version (Ana Silva, "} {
				if !strings.Contains(shown, want) {
					t.Errorf("the choice says %q, want %q in it", shown, want)
				}
			}
			e.refuse = nil
			test.Tap(findButton(t, e.conflict.box, choice))
			if e.conflict.pending() {
				t.Error("the choice stays on screen after choosing")
			}
			if choice == "Keep my version" {
				if len(e.stored) != 1 || e.stored[0].Text != "Call the registrar" || e.dirty {
					t.Fatalf("stored %v, dirty %v; want my version saved", e.stored, e.dirty)
				}
				return
			}
			if len(e.stored) != 0 || e.dirty || e.text.Text != "Call the NOC at once" || !e.draft.Updated.Equal(theirsAt) {
				t.Fatalf("stored %v, dirty %v, field %q; want their version shown and nothing saved", e.stored, e.dirty, e.text.Text)
			}
			if len(e.saved) != 1 || e.saved[0].Text != theirs.Text {
				t.Errorf("the screen was told %v, want their version", e.saved)
			}
		})
	}
}
